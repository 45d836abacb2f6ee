"""The words the query layer understands: event types by kind, label or synonym (facts of each type's
class), and actors by canonical name or alias (the extraction's list and a data file beside this module)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from timeline.domain.actors import ActorVocabulary
from timeline.domain.events import BY_KIND, DOMAIN_EVENT_TYPES, DomainEvent
from timeline.extraction.actors import load_actors

_DATA = Path(__file__).parent / "data"


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


@cache
def type_synonyms() -> dict[str, str]:
    """Folded word or phrase -> kind: each type's kind, label and synonyms (facts of its class)."""
    words = ((word, cls.kind) for cls in DOMAIN_EVENT_TYPES for word in (cls.kind, cls.label, *cls.synonyms))
    return {_fold(word): kind for word, kind in words}


def resolve_type(word: str) -> str | None:
    return type_synonyms().get(_fold(word))


def event_class(kind: str) -> type[DomainEvent]:
    return BY_KIND[kind]


def load_actor_vocabulary(actors_file: Path | None = None) -> ActorVocabulary:
    """canonical -> aliases: the extraction's actor list with the user's actor file (`actors_file`,
    TIMELINE_ACTORS_FILE in Settings), so names match what events store; then this module's file of names
    people type in queries but the extraction does not look for in text ("coalition", "US")."""
    lexicon = load_actors(actors_file)
    table = {name: list(aliases) for name, aliases in lexicon.aliases_by_name.items()}
    own = json.loads((_DATA / "actor_aliases.json").read_text(encoding="utf-8"))
    known = {a.casefold() for name, aliases in table.items() for a in (name, *aliases)}
    for canonical, aliases in own.items():
        if canonical.startswith("_"):
            continue
        fresh = [a for a in (canonical, *aliases) if a.casefold() not in known]
        if canonical.casefold() in known:
            target = next((n for n, al in table.items()
                           if canonical.casefold() in {x.casefold() for x in (n, *al)}), canonical)
        else:
            target = canonical
        table.setdefault(target, []).extend(a for a in fresh if a != target)
        known.update(a.casefold() for a in fresh)
    return ActorVocabulary(table, lexicon.kind_of, lexicon.acled_inter)
