"""Rules for weekdays ("on Thursday": the latest Thursday on or before publication), seasons ("last
summer") and shifts of another expression ("two days later", "the next day", "one day after X")."""

from __future__ import annotations

import re
from datetime import date

from timeline.extraction.temporal.absolute import YEAR_PARTS, year_window
from timeline.extraction.temporal.calendar import latest_weekday, week_start
from timeline.extraction.temporal.lexicon import NUMBER, UNIT_DAYS, WEEKDAY, WEEKDAYS, number_value
from timeline.extraction.temporal.model import UNKNOWN, Interval, Offset
from timeline.extraction.temporal.relative import DAY, Result, Rule


def _season(m: re.Match[str], published: date | None) -> Result:
    """'last summer', 'this spring', 'in the winter': the latest such season begun by publication."""
    if published is None:
        return UNKNOWN
    season, cue = m["season"].lower(), m["cue"].lower().split()[-1]
    year = published.year if published.month >= YEAR_PARTS[season][0] else published.year - 1
    window = year_window(year, season, None)
    if cue == "last" and window.end and window.end >= published:
        window = year_window(year - 1, season, None)
    elif cue == "next":
        window = year_window(year + 1, season, None)
    return window


# "said Tuesday" is a date; "Friday prayers", "Bloody Sunday", "every Friday", "the Sunday Times" are not.
_NOT_DATE_AFTER = re.compile(r"\s+(?:prayers?|sermons?|services?|market|mosque|edition|papers?|Times|"
                             r"Telegraph|Mail|Express|Post|Herald|Mirror)\b")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|every|each)\s+$", re.IGNORECASE)
_NAME_BEFORE = re.compile(r"\b[A-Z][\w'’-]*\s+$")
_SENTENCE_START_BEFORE = re.compile(r"(?:^|[.!?\"“:\n]\s*)$")


def _bare_weekday_is_date(m: re.Match[str]) -> bool:
    text, start, end = m.string, m.start("wd"), m.end("wd")
    before = text[max(0, start - 30):start]
    if _NOT_DATE_AFTER.match(text, end) or _DETERMINER_BEFORE.search(before):
        return False
    name = _NAME_BEFORE.search(before)  # "Good Friday", "Bloody Sunday" inside a sentence
    return name is None or bool(_SENTENCE_START_BEFORE.search(before[:name.start()]))


def _weekday(m: re.Match[str], published: date | None) -> Result:
    """'on Thursday': the latest Thursday on or before publication (the day itself counts)."""
    cue = (m["cue"] or "").lower()
    if not cue and not m["tod"] and not m["poss"] and not _bare_weekday_is_date(m):
        return None
    if published is None:
        return UNKNOWN
    weekday = WEEKDAYS[m["wd"].lower()]
    if cue == "next":
        day = latest_weekday(weekday, published + 7 * DAY, strictly_before=True)
    elif cue == "this":
        day = week_start(published) + weekday * DAY
    else:
        day = latest_weekday(weekday, published, strictly_before=cue == "last")
    return Interval(day, day, "day")


def _offset(m: re.Match[str], published: date | None) -> Result:
    unit = m["unit"].lower()
    amount = number_value(m["n"]) if m["n"] else 1
    sign = -1 if (m["dir"] or "").lower().split()[0] in ("before", "earlier", "prior", "previous",
                                                          "preceding") else 1
    if unit in ("morning", "evening", "night"):
        unit = "day"
    if unit == "hour":
        unit, amount = "day", amount // 24
    if unit in UNIT_DAYS:
        return Offset(days=sign * amount * UNIT_DAYS[unit], forward_anchor=(m["dir"] or "").lower() in (
            "after", "before", "prior to"))
    return Offset(months=sign * amount * (12 if unit == "year" else 1),
                  forward_anchor=(m["dir"] or "").lower() in ("after", "before", "prior to"))


def _same_day(m: re.Match[str], published: date | None) -> Result:
    """'later that day', 'the same day': the day of the expression before it."""
    return Offset()


def _same_period(m: re.Match[str], published: date | None) -> Result:
    """'that month', 'later that year', 'that summer': the month, year or season of the expression
    before it."""
    return Offset(span=m["unit"].lower())


def _weekend(m: re.Match[str], published: date | None) -> Result:
    """'over the weekend': the latest Saturday-Sunday begun by publication."""
    if published is None:
        return UNKNOWN
    saturday = latest_weekday(5, published)
    return Interval(saturday, min(saturday + DAY, published), "range")


RULES: list[Rule] = [
    ("season", re.compile(r"\b(?P<cue>[Ll]ast|[Tt]his|[Nn]ext|[Ii]n\s+the|[Dd]uring\s+the|[Oo]ver\s+the)\s+"
                          r"(?P<season>summer|winter|spring|autumn|fall)\b(?!\s+(?:of\s+)?\d|\s+of\s+[A-Z])"),
     _season),
    ("weekday", re.compile(rf"(?:\b(?P<cue>[Oo]n|[Ll]ast|[Tt]his|[Nn]ext|[Ll]ate|[Ee]arly|[Ss]ince|[Uu]ntil|"
                           rf"[Bb]y|of|over|through)\s+)?(?P<wd>{WEEKDAY})(?P<poss>['’]s)?"
                           r"(?:\s+(?P<tod>morning|afternoon|evening|night))?"), _weekday),
    ("offset", re.compile(rf"(?i:\b(?P<n>{NUMBER})\s+(?P<unit>hour|day|week|month|year)s?\s+"
                          rf"(?P<dir>after|later|before|earlier|prior\s+to)\b)"), _offset),
    ("offset", re.compile(r"(?i:\bthe\s+(?P<n>)(?P<dir>next|following|previous|preceding)\s+"
                          r"(?P<unit>day|week|month|year|morning|evening|night)\b)"), _offset),
    ("offset", re.compile(r"(?i:\bthe\s+(?P<n>)(?P<unit>day)\s+(?P<dir>after|before)\b(?!\s+yesterday))"),
     _offset),
    ("offset", re.compile(r"(?i:\b(?:(?:later|earlier)\s+)?(?:that|the\s+same)\s+"
                          r"(?:day|morning|evening|night)\b)"),
     _same_day),
    ("offset", re.compile(r"(?i:\b(?:within\s+(?:a\s+few\s+|several\s+)?hours|(?:a\s+few\s+|several\s+)?hours"
                          r"\s+later)\b)"),
     _same_day),
    ("offset", re.compile(r"(?i:\b(?:(?:later|earlier)\s+)?(?:in\s+|during\s+)?(?:that|the\s+same)\s+"
                          r"(?P<unit>month|year|summer|winter|spring|autumn|fall)\b)"),
     _same_period),
    ("weekend", re.compile(r"(?i:\b(?:over|at|during|on)\s+the\s+weekend\b)"), _weekend),
]
