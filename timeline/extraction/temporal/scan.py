"""Finding temporal expressions fast: one scan of the lower-cased text for trigger words, then each rule's
regex only in small windows around its triggers; overlaps go to the longest match."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from timeline.extraction.temporal import absolute, named, relative
from timeline.extraction.temporal.lexicon import MONTHS, WEEKDAYS, trie_pattern
from timeline.extraction.temporal.model import UNKNOWN, Interval
from timeline.extraction.temporal.relative import is_name_not_day

_HORIZONTAL_SPACE = r"[^\S\n]"  # an expression never runs across a line break


Resolver = Callable[[re.Match[str], date | None], object]


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    on_lowered: bool  # a case-insensitive rule runs on the lower-cased text: `re.I` is several times slower


def _rule(name: str, pattern: re.Pattern[str], resolve: Resolver) -> _Rule:
    source = pattern.pattern.replace(r"\s", _HORIZONTAL_SPACE)
    lowered = source.startswith("(?i:") and source.endswith(")")
    return _Rule(name, re.compile(source[4:-1] if lowered else source), resolve, lowered)


RULES = [_rule(*rule) for rule in absolute.RULES + relative.RULES + named.RULES]
# One fast scan finds trigger words; each rule then runs only in a small window around its triggers.
# Matched on the lower-cased text (case-insensitive matching is several times slower in `re`).
_TRIGGER_WORDS = {
    **{word: "month" for word in MONTHS}, **{word: "weekday" for word in WEEKDAYS},
    **dict.fromkeys(("hour", "hours", "day", "days", "week", "weeks", "weekend", "weekends", "month",
                     "months", "year", "years", "decade", "decades"), "unit"),
    **dict.fromkeys(("today", "yesterday", "tomorrow", "tonight", "overnight", "night", "morning",
                     "afternoon", "evening"), "dayword"),
    **{word: "season" for word in ("summer", "winter", "spring", "autumn", "fall")},
}
_TRIGGER = re.compile(rf"\b{trie_pattern(list(_TRIGGER_WORDS))}\b|(?P<year>\b(?:1[89]|20)\d\d)(?!\d)|"
                      r"(?P<slash>\b\d{1,2}/\d)")
_RULES_BY_TRIGGER = {
    "month": {"day-month", "month-day", "month-year", "month", "month-rel-year", "week-of-month"},
    "weekday": {"weekday"},
    "year": {"iso-date", "year", "year-range", "decade", "numeric-date"},
    "slash": {"numeric-date"},
    "unit": {"period", "past-n", "days-since", "ago", "duration", "start-of", "offset", "weekend"},
    "dayword": {"day-word", "offset"},
    "season": {"season", "offset"},
}
_RULE_INDEXES = {group: [i for i, rule in enumerate(RULES) if rule.name in names]
                 for group, names in _RULES_BY_TRIGGER.items()}
# Window around a trigger, per trigger kind: characters before it and after it (longest prefix, e.g.
# "for approximately eighteen", and longest tail, e.g. ", 2014" plus the margin below).
_REACH = {"month": (34, 30), "weekday": (14, 30), "year": (40, 22), "slash": (8, 22), "unit": (40, 22),
          "dayword": (30, 18), "season": (20, 24)}
_MARGIN = 12
@dataclass
class Found:
    start: int
    end: int
    rule: str
    value: object  # Interval | NeedsYear | Offset
    interval: Interval = UNKNOWN


def _lowered(text: str) -> str:
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two; offsets must hold
        lowered = "".join(ch.lower()[0] for ch in text)
    return lowered


def _windows(lowered: str) -> dict[int, list[tuple[int, int]]]:
    """Per rule index, the merged text windows around its trigger words."""
    size = len(lowered)
    windows: dict[int, list[tuple[int, int]]] = {}
    for trigger in _TRIGGER.finditer(lowered):
        kind = trigger.lastgroup or _TRIGGER_WORDS[trigger[0]]
        back, ahead = _REACH[kind]
        low, high = max(0, trigger.start() - back), min(size, trigger.end() + ahead)
        for index in _RULE_INDEXES[kind]:
            spans = windows.setdefault(index, [])
            if spans and low <= spans[-1][1]:
                spans[-1] = (spans[-1][0], high)
            else:
                spans.append((low, high))
    return windows


def _matches(text: str) -> dict[tuple[int, int, int], re.Match[str]]:
    """Every rule match near a trigger word, keyed by (start, end, rule index)."""
    matches: dict[tuple[int, int, int], re.Match[str]] = {}
    size = len(text)
    lowered = _lowered(text)
    for index, spans in _windows(lowered).items():
        rule = RULES[index]
        subject = lowered if rule.on_lowered else text
        for low, high in spans:
            for match in rule.pattern.finditer(subject, low, high):
                # A match touching the window's end may be cut short; a wider window finds it whole.
                if match.end() > match.start() and (high == size or match.end() < high - _MARGIN):
                    matches[(match.start(), match.end(), index)] = match
    return matches


def candidates(text: str, published: date | None) -> list[Found]:
    found = []
    for (start, end, index), match in _matches(text).items():
        rule = RULES[index]
        if rule.name == "day-word" and is_name_not_day(text, start):
            continue
        value = rule.resolve(match, published)
        if value is not None:
            found.append(Found(start, end, rule.name, value))
    # The longest expression wins an overlap ("Saturday, August 16, 2014" over "Saturday").
    found.sort(key=lambda f: (f.start - f.end, f.start))
    taken: list[Found] = []
    # One byte per character, 1 where an expression already taken is written: an overlap test costs the
    # length of the expression (a few dozen characters), not the number taken so far, so a long report
    # stays linear.
    occupied = bytearray(len(text) + 1)
    for item in found:
        if occupied.find(1, item.start, item.end) < 0:
            taken.append(item)
            occupied[item.start:item.end] = b"\x01" * (item.end - item.start)
    taken.sort(key=lambda f: f.start)
    return taken
