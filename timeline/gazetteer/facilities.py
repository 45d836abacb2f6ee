"""Installations named by a place plus a generic word ("al-Asad airbase", "Asad Air Base", "the Tabqa dam",
"Rabia border crossing"): the word classes, the core key an installation is filed under, and reading the
generic words that follow a name in text."""

from __future__ import annotations

from timeline.gazetteer.folding import fold

# Facility class -> the entry kinds it may denote.
KINDS = {"base": frozenset({"base", "airport"}), "dam": frozenset({"dam"}),
         "crossing": frozenset({"crossing"})}
# One-word heads after a name, by class; "air" and "military" and "border" only lead into a head.
_HEADS = {"airbase": "base", "base": "base", "airfield": "base", "airport": "base", "airstrip": "base",
          "garrison": "base", "dam": "dam", "crossing": "crossing"}
_LEADS = {"air": {"base", "field", "strip"}, "military": {"base", "airport", "airbase", "airfield"},
          "international": {"airport"}, "border": {"crossing", "gate"}}
_LEAD_CLASS = {"field": "base", "strip": "base", "gate": "crossing"}
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
