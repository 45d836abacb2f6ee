"""Rules for dates written out: ISO and numeric dates, day-month(-year), month-year, a month or season
with a cue ("last June", "mid-July"), years with a cue ("in 2018", "late 2013") and decades."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from re import Match

from timeline.extraction.temporal.calendar import clip_end, month_end, valid_day
from timeline.extraction.temporal.lexicon import MONTH_ALONE, MONTH_IN_DATE, WEEKDAY, YEAR, month_number
from timeline.extraction.temporal.model import UNKNOWN, Interval, NeedsYear

Result = Interval | NeedsYear | None
Rule = tuple[str, re.Pattern[str], Callable[[Match[str], date | None], object]]

_PREP = r"(?:(?P<prep>[Oo]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Ii]n)\s+)?"
_WD = rf"(?:{WEEKDAY},?\s+)?"
_PART = r"(?P<part>[Ee]arly|[Mm]id|[Ll]ate|(?:[Tt]he\s+)?(?:end|beginning|start|middle)\s+of)"
_UNIT_AFTER = r"(?!\s*(?:km|kilomet|miles|metres|meters|%|per\s?cent|people|troops|fighters|members|men\b))"
# Parts of a month as day ranges; parts of a year (and seasons) as month ranges.
MONTH_PARTS = {"early": (1, 10), "beginning": (1, 10), "start": (1, 10), "mid": (10, 20), "middle": (10, 20),
               "late": (21, 31), "end": (21, 31), "first week": (1, 7), "second week": (8, 14),
               "third week": (15, 21), "fourth week": (22, 28), "last week": (24, 31), "final week": (24, 31)}
YEAR_PARTS = {"early": (1, 4), "beginning": (1, 3), "start": (1, 1), "mid": (5, 8), "middle": (5, 8),
              "late": (9, 12), "end": (12, 12), "first half": (1, 6), "second half": (7, 12),
              "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 14)}


def part_key(raw: str | None) -> str | None:
    if not raw:
        return None
    words = raw.lower().replace("the ", "").replace(" of", "").split()
    return " ".join(words)


def since(interval: Interval, prep: str | None, published: date | None) -> Interval:
    """'since <date>' runs from the date to publication (unknown end without one)."""
    if prep and prep.lower() == "since" and interval.start is not None:
        return up_to_publication(interval, published)
    return interval


def up_to_publication(interval: Interval, published: date | None) -> Interval:
    """From the interval's start to publication; unknown without a publication date. A start after
    publication (a wrong publication date, or a text that looks ahead) keeps the interval as stated: a
    range ending before it begins is no date at all."""
    if published is None or interval.start is None:
        return UNKNOWN
    if published < interval.start:
        return interval
    return Interval(interval.start, published, "range")


def month_window(year: int, month: int, part: str | None, published: date | None) -> Interval:
    if part in MONTH_PARTS:
        low, high = MONTH_PARTS[part]
        end = month_end(year, month)
        start = date(year, month, low)
        return Interval(start, clip_end(end.replace(day=min(high, end.day)), published, start), "range")
    start = date(year, month, 1)
    return Interval(start, clip_end(month_end(year, month), published, start), "month")


def year_window(year: int, part: str | None, published: date | None) -> Interval:
    if part in YEAR_PARTS:
        low, high = YEAR_PARTS[part]
        if part == "winter":  # winter of a year: December of it to February of the next
            start, end = date(year, 12, 1), month_end(year + 1, 2)
        else:
            start, end = date(year, low, 1), month_end(year, high)
        return Interval(start, clip_end(end, published, start), "season")
    return Interval(date(year, 1, 1), clip_end(date(year, 12, 31), published, date(year, 1, 1)), "year")


def _iso(m: Match[str], published: date | None) -> Result:
    day = valid_day(int(m["y"]), int(m["m"]), int(m["d"]))
    return Interval(day, day, "day") if day else None


def _numeric(m: Match[str], published: date | None) -> Result:
    """a/b/yyyy: one reading when only one is a valid date, else the span of both readings."""
    year = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
    readings = sorted({d for d in (valid_day(year, int(m["a"]), int(m["b"])),
                                   valid_day(year, int(m["b"]), int(m["a"]))) if d})
    if not readings:
        return None
    return Interval(readings[0], readings[-1], "day" if len(readings) == 1 else "range")


def _dotted(m: Match[str], published: date | None) -> Result:
    """d.m.yyyy: written with dots, day-month-year is the only order in use."""
    day = valid_day(int(m["y"]), int(m["b"]), int(m["a"]))
    return Interval(day, day, "day") if day else None


def _day(m: Match[str], published: date | None) -> Result:
    month, day = month_number(m["month"]), int(m["day"])
    if not 1 <= day <= 31:
        return None
    if m["year"]:
        found = valid_day(int(m["year"]), month, day)
        return since(Interval(found, found, "day"), m["prep"], published) if found else None
    cue = m["prep"].lower() if m["prep"] else None
    return NeedsYear(month=month, day=day, cue=cue)


def _month_year(m: Match[str], published: date | None) -> Result:
    window = month_window(int(m["year"]), month_number(m["month"]), part_key(m["part"]), None)
    return since(window, m["prep"], published)


def _month_alone(m: Match[str], published: date | None) -> Result:
    cue = m["cue"].lower()
    part = part_key(cue)
    return NeedsYear(month=month_number(m["month"]), part=part if part in MONTH_PARTS else None,
                     cue=cue if part not in MONTH_PARTS else None)


def _month_relative_year(m: Match[str], published: date | None) -> Result:
    """'in October last year', 'in March this year': the month of the year counted from publication."""
    if published is None:
        return UNKNOWN
    step = {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    return month_window(published.year + step, month_number(m["month"]), part_key(m["part"]), published)


def _week_of_month(m: Match[str], published: date | None) -> Result:
    """'in the first week of March (2016)': days 1-7 of the month; the year as for a bare month."""
    part = f"{m['ord'].lower()} week"
    if m["year"]:
        return month_window(int(m["year"]), month_number(m["month"]), part, published)
    return NeedsYear(month=month_number(m["month"]), part=part)


def _year(m: Match[str], published: date | None) -> Result:
    cue = part_key(m["cue"])
    window = year_window(int(m["year"]), cue if cue in YEAR_PARTS else None, None)
    return since(window, cue, published)


def _year_range(m: Match[str], published: date | None) -> Result:
    first, second = int(m["y1"]), m["y2"]
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    return Interval(date(first, 1, 1), date(last, 12, 31), "range") if last > first else None


def _decade(m: Match[str], published: date | None) -> Result:
    decade = int(m["decade"])
    low, high = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}.get((m["part"] or "").lower(), (0, 9))
    return Interval(date(decade + low, 1, 1), date(decade + high, 12, 31), "range")


RULES: list[Rule] = [
    ("iso-date", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"), _iso),
    ("numeric-date", re.compile(r"(?<![\d/.:])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])"),
     _numeric),
    ("numeric-date", re.compile(
        r"(?<![\d/.:])(?P<a>\d{1,2})\.(?P<b>\d{1,2})\.(?P<y>(?:19|20)\d\d)(?![\d.]\d)"), _dotted),
    ("day-month", re.compile(
        rf"{_PREP}{_WD}(?:the\s+)?(?<![\d,.:/])(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+"
        rf"(?P<month>{MONTH_IN_DATE})(?:,?\s+(?P<year>{YEAR})\b)?"), _day),
    ("month-day", re.compile(
        rf"{_PREP}{_WD}(?P<month>{MONTH_IN_DATE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?![:.,]?\d)"
        rf"{_UNIT_AFTER}(?:,?\s+(?P<year>{YEAR})\b)?"), _day),
    ("month-year", re.compile(
        rf"{_PREP}(?:{_PART}[- \t\u00a0]+)?(?P<month>{MONTH_IN_DATE}),?\s+(?P<year>{YEAR})\b"), _month_year),
    ("month", re.compile(
        rf"\b(?P<cue>[Ii]n|[Ll]ast|[Ss]ince|[Bb]y|[Uu]ntil|[Dd]uring|[Tt]his|[Nn]ext|[Ee]arly|[Mm]id|[Ll]ate|"
        rf"(?:[Tt]he\s+)?(?:end|beginning|start|middle)\s+of)[- \t\u00a0]+(?P<month>{MONTH_ALONE})"
        r"(?![- \t\u00a0,]*\d)"),
     _month_alone),
    ("month-rel-year", re.compile(
        rf"\b(?:(?:[Ii]n|[Dd]uring|[Ss]ince|[Bb]y)\s+)?(?:{_PART}[- \t\u00a0]+)?(?P<month>{MONTH_ALONE}),?\s+"
        r"(?:of\s+)?(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)\s+year\b"), _month_relative_year),
    ("week-of-month", re.compile(
        rf"\b(?:(?:[Ii]n|[Dd]uring|[Bb]y|[Uu]ntil|[Oo]ver)\s+)?the\s+(?P<ord>first|second|third|fourth|last|final)\s+"
        rf"week\s+of\s+(?P<month>{MONTH_ALONE})(?:,?\s+(?P<year>{YEAR})\b)?"), _week_of_month),
    ("year", re.compile(
        rf"\b(?P<cue>[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Dd]uring|[Tt]hrough|[Ee]arly|[Mm]id|[Ll]ate|"
        rf"(?:[Tt]he\s+)?(?:end|beginning|start|middle|first\s+half|second\s+half|summer|winter|spring|autumn|"
        rf"fall)\s+of|[Ss]ummer|[Ww]inter|[Ss]pring|[Aa]utumn)[- \t\u00a0]+(?P<year>{YEAR})\b(?!-\d)"
        rf"{_UNIT_AFTER}"),
     _year),
    ("year-range", re.compile(
        rf"\b(?:[Bb]etween|[Ff]rom)\s+(?P<y1>{YEAR})\s*(?:-|–|to|and|until)\s*(?P<y2>{YEAR}|\d\d)\b"),
     _year_range),
    ("year-range", re.compile(rf"(?<![\d-])(?P<y1>{YEAR})\s*[-–]\s*(?P<y2>{YEAR})\b(?!-)"), _year_range),
    ("decade", re.compile(r"\b(?:the\s+)?(?:(?P<part>[Ee]arly|[Mm]id|[Ll]ate)[- \t\u00a0]+)?"
                          r"(?P<decade>1[89]\d0|20\d0)s\b"),
     _decade),
]
