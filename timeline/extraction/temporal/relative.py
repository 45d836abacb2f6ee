"""Rules for dates counted from publication: "yesterday", "overnight", "last week", "earlier this month",
"two weeks ago", "in the past few days", "for about six months", "for over a year now", "at the start of
the year"."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from re import Match

from timeline.extraction.temporal.absolute import YEAR_PARTS, year_window
from timeline.extraction.temporal.calendar import (
    add_months,
    clip_end,
    latest_weekday,
    month_end,
    week_start,
)
from timeline.extraction.temporal.lexicon import (
    NUMBER,
    RECENT_DAYS,
    UNIT_DAYS,
    VAGUE,
    VAGUE_WORD,
    number_value,
)
from timeline.extraction.temporal.model import UNKNOWN, Interval, Offset

Result = Interval | Offset | None
Rule = tuple[str, re.Pattern[str], Callable[[Match[str], date | None], object]]
DAY = timedelta(days=1)
_SENTENCE_START = re.compile(r"(?:^|[.!?\"“”:;(\n]\s*)$")


def shift(day: date, unit: str, amount: int) -> date:
    """`day` moved back by `amount` units (forward when negative); hours count as whole days."""
    if unit == "hour":
        return day - timedelta(days=-(-amount // 24))
    if unit in UNIT_DAYS:
        return day - timedelta(days=UNIT_DAYS[unit] * amount)
    months = amount * (12 if unit == "year" else 120 if unit == "decade" else 1)
    return add_months(day, -months)


def _amount(word: str | None) -> tuple[int, int]:
    key = " ".join((word or "a few").lower().split())
    return VAGUE[key] if key in VAGUE else (number_value(key), number_value(key))


def is_name_not_day(text: str, start: int) -> bool:
    """'Today' capitalised inside a sentence is a name ("Russia Today", "USA Today"), not a day."""
    return text.startswith("Today", start) and not _SENTENCE_START.search(text[max(0, start - 3):start])


def _day_word(m: Match[str], published: date | None) -> Result:
    word = " ".join(m[0].lower().split())
    if published is None:
        return UNKNOWN
    if word in ("overnight", "last night"):
        return Interval(published - DAY, published, "range")
    offset = {"yesterday": -1, "the day before yesterday": -2, "tomorrow": 1}.get(word, 0)
    return Interval(published + offset * DAY, published + offset * DAY, "day")


def _period(m: Match[str], published: date | None) -> Result:
    """this/last/next/the past week|weekend|month|year, with 'earlier'/'later'/'early'/'late'."""
    if published is None:
        return UNKNOWN
    rel = " ".join((m["rel"] or "this").lower().split())
    mod, unit = (m["mod"] or "").lower(), m["unit"].lower()
    step = {"last": -1, "previous": -1, "the previous": -1, "next": 1}.get(rel, 0)
    if rel in ("the past", "past", "this past", "the last"):
        back = {"week": 7, "weekend": 7, "month": 31, "year": 365}[unit]
        return Interval(published - back * DAY, published, "range")
    if unit == "weekend":
        saturday = latest_weekday(5, published) + 7 * step * DAY
        return Interval(saturday, saturday + DAY, "range")
    if unit == "week":
        start = week_start(published) + 7 * step * DAY
        interval = Interval(start, start + 6 * DAY, "week")
    elif unit == "month":
        start = add_months(published.replace(day=1), step)
        interval = Interval(start, month_end(start.year, start.month), "month")
        if mod in ("early", "late"):
            interval = Interval(start.replace(day=1 if mod == "early" else 21),
                                start.replace(day=10) if mod == "early" else interval.end, "range")
    else:
        year = published.year + step
        interval = year_window(year, mod if mod in YEAR_PARTS else None, None)
    if mod == "earlier" or (step == 0 and mod != "later"):
        if interval.start is None or interval.end is None:
            return interval
        return Interval(interval.start, clip_end(interval.end, published, interval.start), interval.precision)
    if mod == "later" and step == 0:
        return Interval(published, interval.end, "range")
    return interval


def _past_n(m: Match[str], published: date | None) -> Result:
    """'in the past few days' (7 days up to publication), 'over the past two weeks', 'in recent months'."""
    if published is None:
        return UNKNOWN
    unit = m["unit"].lower()
    if not m["n"] or m["n"].lower() in VAGUE:
        return Interval(published - RECENT_DAYS.get(unit, 1) * DAY, published, "range")
    return Interval(shift(published, unit, number_value(m["n"])), published, "range")


def _days_since(m: Match[str], published: date | None) -> Result:
    """'in the two days since X': X happened N units back (a day earlier if quoted from older copy)."""
    if published is None:
        return UNKNOWN
    amount, unit = number_value(m["n"]), m["unit"].lower()
    return Interval(shift(published, unit, amount + 1), shift(published, unit, amount), "range")


def _ago(m: Match[str], published: date | None) -> Result:
    if published is None:
        return UNKNOWN
    unit = m["unit"].lower()
    fewest, most = _amount(m["n"])
    if unit == "hour":
        return Interval(shift(published, unit, most), published, "range")
    if fewest != most or (m["q"] and unit == "day"):
        slack = 0 if fewest != most else 1
        return Interval(shift(published, unit, most + slack), shift(published, unit, max(fewest - slack, 0)),
                        "range")
    back = shift(published, unit, fewest)
    if unit == "week":
        return Interval(week_start(back), week_start(back) + 6 * DAY, "week")
    if unit == "month":
        return Interval(back.replace(day=1), month_end(back.year, back.month), "month")
    if unit == "year":
        return Interval(date(back.year, 1, 1), date(back.year, 12, 31), "year")
    if unit == "decade":  # "a decade ago": 8 to 12 years back
        return Interval(shift(published, "year", 10 * fewest + 2), shift(published, "year", 10 * fewest - 2),
                        "range")
    return Interval(back, back, "day")


def _duration(m: Match[str], published: date | None) -> Result:
    """'for about six months': it began 5-7 months back; 'for over a year now': from 1-2 years back on."""
    if published is None:
        return UNKNOWN
    unit, q = m["unit"].lower(), " ".join((m["q"] or "").lower().split())
    fewest, most = _amount(m["n"])
    if q in ("the past", "the last"):
        return Interval(shift(published, unit, most), published, "range")
    if q in ("over", "more than", "at least") or m["now"]:
        return Interval(shift(published, unit, 2 * most), published, "range")
    return Interval(shift(published, unit, most + 1), shift(published, unit, max(fewest - 1, 0)), "range")


def _start_of(m: Match[str], published: date | None) -> Result:
    """'at the start of the year' (January), 'the end of last month', 'earlier in the year'."""
    if published is None:
        return UNKNOWN
    edge, rel, unit = m["edge"].lower(), (m["rel"] or "the").lower(), m["unit"].lower()
    step = {"last": -1, "next": 1}.get(rel, 0)
    if unit == "year":
        window = year_window(published.year + step, {"beginning": "beginning", "start": "start",
                                                     "middle": "middle"}.get(edge, "end"), None)
        return Interval(window.start, window.end, "month" if edge in ("start", "end") else "season")
    start = add_months(published.replace(day=1), step)
    low, high = {"start": (1, 10), "beginning": (1, 10), "middle": (10, 20)}.get(edge, (21, 31))
    end = month_end(start.year, start.month)
    return Interval(start.replace(day=low), end.replace(day=min(high, end.day)), "range")


_UNITS = r"(?P<unit>hour|day|week|month|year|decade)s?"
RULES: list[Rule] = [
    ("day-word", re.compile(r"(?i:\b(?:the\s+day\s+before\s+yesterday|yesterday|tomorrow|overnight|"
                            r"last\s+night|(?:earlier\s+|later\s+)?today|tonight|this\s+(?:morning|afternoon|"
                            r"evening))\b)"), _day_word),
    ("period", re.compile(r"(?i:\b(?:(?:in|over|during)\s+)?(?:(?P<mod>earlier|later|early|late)\s+)?"
                          r"(?P<rel>this\s+past|the\s+past|the\s+last|the\s+previous|this|last|next|previous)\s+"
                          r"(?P<unit>weekend|week|month|year)\b(?!\s+of\b))"), _period),
    ("period", re.compile(r"(?i:\b(?P<mod>earlier|later)\s+in\s+(?:the\s+)?(?P<rel>)"
                          r"(?P<unit>week|month|year)\b)"),
     _period),
    ("past-n", re.compile(rf"(?i:\b(?:(?:in|over|during|within)\s+)?the\s+(?:past|last|previous)\s+"
                          rf"(?P<n>{NUMBER}|{VAGUE_WORD})\s+(?P<unit>hour|day|week|month|year)s\b)"),
     _past_n),
    ("past-n", re.compile(r"(?i:\b(?:in|over)\s+recent\s+(?P<n>)(?P<unit>day|week|month|year)s\b)"), _past_n),
    ("days-since", re.compile(rf"(?i:\bin\s+the\s+(?P<n>{NUMBER})\s+(?P<unit>day|week|month|year)s?"
                              r"\s+since\b)"),
     _days_since),
    ("ago", re.compile(rf"(?i:\b(?:(?P<q>about|around|nearly|almost|roughly|some|more\s+than|over|just)\s+)?"
                       rf"(?:(?P<n>{NUMBER}|{VAGUE_WORD})\s+)?{_UNITS}\s+ago\b)"), _ago),
    ("duration", re.compile(rf"(?i:\bfor\s+(?:(?P<q>about|around|approximately|nearly|almost|roughly|some|"
                            rf"over|more\s+than|at\s+least|the\s+past|the\s+last)\s+)?(?P<n>{NUMBER}|"
                            rf"{VAGUE_WORD})\s+{_UNITS}(?P<now>\s+now)?\b)"), _duration),
    ("start-of", re.compile(r"(?i:\b(?:(?:at|in|by|until|since|from|towards?)\s+)?the\s+"
                            r"(?P<edge>start|beginning|end|middle)\s+of\s+(?P<rel>the|this|last|next)\s+"
                            r"(?P<unit>year|month)\b)"), _start_of),
]
