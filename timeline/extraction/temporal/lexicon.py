"""Word lists for temporal expressions (months, weekdays, number words, vague quantities) and the
regex fragments built from them."""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
FULL_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18,
    "twenty": 20, "thirty": 30, "a couple of": 2, "couple of": 2,
}
# Vague quantities as (fewest, most) of a unit: "several months ago" is 2 to 12 months back.
VAGUE: dict[str, tuple[int, int]] = {
    "a few": (2, 7), "few": (2, 7), "several": (2, 12), "some": (2, 12), "many": (2, 24),
}
# How far back "the past few X" / "recent X" reaches, in days (the past few days: 7 days up to publication).
RECENT_DAYS: dict[str, int] = {"day": 7, "week": 42, "month": 183, "year": 5 * 365}
UNIT_DAYS: dict[str, int] = {"day": 1, "week": 7}


def trie_pattern(words: list[str]) -> str:
    """A regex alternation of `words` shaped as a trie, so `re` rejects a position at its first letter."""
    branches: dict[str, list[str]] = {}
    complete = False
    for word in sorted(set(words)):
        if word:
            branches.setdefault(word[0], []).append(word[1:])
        else:
            complete = True
    if not branches:
        return ""
    parts = [re.escape(first) + trie_pattern(rest) for first, rest in branches.items()]
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if complete else body


def _title_or_upper(words: list[str]) -> str:
    return trie_pattern([v for w in words for v in (w, w.upper())])


_ABBREVIATED = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"]
# A month in a date: full name, or abbreviation with optional period ("Sept. 19", "Jun 10").
MONTH_IN_DATE = (rf"(?:{_title_or_upper(list(FULL_MONTHS) + _ABBREVIATED)})"
                 r"(?:(?<=[A-Z][a-z]{2})\.|(?<=Sept)\.)?(?![a-z])")
# A month standing alone needs its full name ("in April", not "in Apr").
MONTH_ALONE = rf"(?:{_title_or_upper(list(FULL_MONTHS))})\b"
WEEKDAY = rf"(?:{_title_or_upper([w.title() for w in WEEKDAYS])})\b"
NUMBER = r"(?:\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
VAGUE_WORD = "(?:" + "|".join(sorted(VAGUE, key=len, reverse=True)) + ")"
YEAR = r"(?:1[89]\d\d|20\d\d)"


def month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def number_value(word: str) -> int:
    word = " ".join(word.lower().split())
    return int(word) if word.isdecimal() else NUMBER_WORDS[word]
