"""Installations named by a place plus a generic word ("al-Asad airbase", "Asad Air Base", "the Tabqa dam",
"Rabia border crossing"): the word classes, the core key an installation is filed under, and reading the
generic words that follow a name in text."""

from __future__ import annotations

from timeline.gazetteer.folding import ARTICLES, drop_articles, fold
from timeline.gazetteer.tokens import Token, next_token

# Facility class -> the entry kinds it may denote.
KINDS = {"base": frozenset({"base", "airport"}), "dam": frozenset({"dam"}),
         "crossing": frozenset({"crossing"})}
# One-word heads after a name, by class; "air" and "military" and "border" only lead into a head.
_HEADS = {"airbase": "base", "base": "base", "airfield": "base", "airport": "base", "airstrip": "base",
          "garrison": "base", "dam": "dam", "crossing": "crossing"}
_LEADS = {"air": {"base", "field", "strip"}, "military": {"base", "airport", "airbase", "airfield"},
          "international": {"airport"}, "border": {"crossing", "gate"}}
_LEAD_CLASS = {"field": "base", "strip": "base", "gate": "crossing"}
MAX_FACILITY_WORDS = 3
# Words dropped from an installation's own names to get its core ("Al-Asad Airbase" -> "asad").
GENERIC_WORDS = frozenset({"airbase", "air", "base", "airfield", "field", "airport", "airstrip", "garrison",
                           "military", "international", "dam", "crossing", "border", "gate", "camp"})


def core_keys(name: str, kind: str) -> list[str]:
    """The keys "<core> <class>" under which an installation's name is filed."""
    words = [w for w in fold(name).split() if w not in GENERIC_WORDS]
    if not words:
        return []
    core = " ".join(words)
    return [f"{core} {cls}" for cls, kinds in KINDS.items() if kind in kinds]


def suffix_class(words: list[str]) -> tuple[str, int] | None:
    """(class, number of words) when the lower-cased words start with a facility word ("air base ...")."""
    if not words:
        return None
    first = words[0]
    if first in _LEADS and len(words) > 1 and words[1] in _LEADS[first]:
        second = words[1]
        return _LEAD_CLASS.get(second) or _HEADS.get(second, "base"), 2
    cls = _HEADS.get(first)
    return (cls, 1) if cls else None


Rids = tuple[int, ...]


def find_facility(text: str, tok: Token, facilities: dict[str, Rids]) -> tuple[int, Rids] | None:
    """(end, rids) of the longest "<name> <facility word>" from `tok` that names a known installation:
    "Asad air base", "the Tabqa dam", "Rabia border crossing" (any capitalisation of the generic words)."""
    found = None
    run: list[Token] = []
    tj: Token | None = tok
    while tj is not None and len(run) < MAX_FACILITY_WORDS and (tj.cap or tj.words[0] in ARTICLES):
        run.append(tj)
        tail: list[Token] = []
        tk = next_token(text, tj)
        while tk is not None and len(tail) < 2:
            tail.append(tk)
            tk = next_token(text, tk)
        suffix = suffix_class([t.text.lower() for t in tail])
        if suffix is not None:
            core = " ".join(drop_articles([w for t in run for w in t.words]))
            rids = facilities.get(f"{core} {suffix[0]}")
            if rids:
                found = (tail[suffix[1] - 1].end, rids)
        tj = tail[0] if tail else None
        if suffix is not None:
            break
    return found
