"""Load the trigger rules and word lists kept as data in `rules/*.json` and compile them once."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from timeline.domain.events import BY_KIND

RULES_DIR = Path(__file__).resolve().parent / "rules"


class RuleError(ValueError):
    """A rules file is malformed (bad regex, unknown event type, missing field)."""


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    pattern: re.Pattern[str]
    place: tuple[str, ...]
    doer: str
    verb: bool
    noun: bool
    needs: re.Pattern[str] | None
    needs_scope: str
    confidence: float
    keywords: frozenset[str]
    exclude: re.Pattern[str] | None  # a trigger matching this is not this event ("recruitment campaign")
    keep_trigger: bool = False  # with no place found, its words still state nothing else ("backed by jets")


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    lexicon: dict[str, Any]
    factuality: dict[str, re.Pattern[str]]


def _compile(source: str, flags: int, where: str) -> re.Pattern[str]:
    try:
        return re.compile(source, flags)
    except re.error as exc:
        raise RuleError(f"{where}: bad regex: {exc}") from exc


def _rule(raw: dict[str, Any]) -> Rule:
    rid = raw.get("id") or "?"
    if raw.get("type") not in BY_KIND:
        raise RuleError(f"rule {rid}: unknown event type {raw.get('type')!r}")
    flags = 0 if raw.get("case_sensitive") else re.IGNORECASE
    return Rule(
        id=rid,
        kind=raw["type"],
        pattern=_compile(raw["pattern"], flags, f"rule {rid}"),
        place=tuple(raw.get("place", [])),
        doer=raw.get("doer", "before"),
        verb=bool(raw.get("verb")),
        noun=bool(raw.get("noun")),
        needs=_compile(raw["needs"], 0, f"rule {rid} needs") if raw.get("needs") else None,
        needs_scope=raw.get("needs_scope", "clause"),
        confidence=float(raw.get("confidence", 0.6)),
        keywords=frozenset(w.lower() for w in raw.get("keywords", [])),
        exclude=(_compile(raw["exclude"], re.IGNORECASE, f"rule {rid} exclude") if raw.get("exclude")
                 else None),
        keep_trigger=bool(raw.get("keep_trigger")),
    )


def load_rules(events_path: Path | None = None, lexicon_path: Path | None = None) -> RuleSet:
    events = json.loads((events_path or RULES_DIR / "events.json").read_text(encoding="utf-8"))
    lexicon = json.loads((lexicon_path or RULES_DIR / "lexicon.json").read_text(encoding="utf-8"))
    rules = tuple(_rule(r) for r in events["rules"])
    if missing := [r.id for r in rules if not r.keywords]:
        raise RuleError(f"rules without keywords: {', '.join(missing)}")
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise RuleError("rule ids must be unique")
    factuality = {
        k: _compile(v, re.IGNORECASE if k not in ("modal_before", "gerund_subject") else 0, f"factuality {k}")
        for k, v in lexicon["factuality"].items()
        if not k.startswith("_")
    }
    return RuleSet(rules=rules, lexicon=lexicon, factuality=factuality)


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    return load_rules()
