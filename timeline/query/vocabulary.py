"""The words the query layer understands: event types by kind, label or synonym (facts of each type's
class), and actors by canonical name or alias (the extraction's list and a data file beside this module)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from timeline.domain.events import BY_KIND, DOMAIN_EVENT_TYPES, DomainEvent
from timeline.extraction.actors import default_actors

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


def _actor_table() -> dict[str, list[str]]:
    """canonical -> aliases: the extraction's actor list (with the user's TIMELINE_ACTORS_FILE, so names
    match what events store), then this module's file of names people type in queries but the extraction
    does not look for in text ("coalition", "US")."""
    table = {name: list(aliases) for name, aliases in default_actors().aliases_by_name.items()}
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
    return table


@cache
def actor_aliases() -> dict[str, str]:
    """Folded alias -> canonical name."""
    table: dict[str, str] = {}
    for canonical, aliases in _actor_table().items():
        for alias in (canonical, *aliases):
            table.setdefault(alias.casefold(), canonical)
    return table


def actor_names(name: str) -> list[str]:
    """Every spelling stored rows may carry for the actor `name` (canonical first), so a filter on any
    alias finds events stored under the canonical name or under the alias as written."""
    canonical = actor_aliases().get(name.casefold().strip())
    if canonical is None:
        return [name.strip()]
    spellings = [canonical] + [a for a, c in _aliases_by_canonical().items() if c == canonical]
    return list(dict.fromkeys(spellings))


@cache
def _aliases_by_canonical() -> dict[str, str]:
    return {alias: canonical for canonical, aliases in _actor_table().items() for alias in aliases
            if alias != canonical}


def canonical_actor(name: str) -> str:
    return actor_aliases().get(name.casefold().strip(), name.strip())
