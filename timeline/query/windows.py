"""Date windows a caller types ("2014", "2014-06", "June 2014", "13 June 2014", "2014-06-13") as
inclusive intervals, plus the precision ladder used to drop coarsely dated events."""

from __future__ import annotations

import calendar
import re
from datetime import date

MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    MONTHS[calendar.month_name[_number].lower()] = _number
    MONTHS[calendar.month_abbr[_number].lower()] = _number
MONTHS["sept"] = 9

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_MONTH_YEAR = re.compile(rf"^({_MONTH_RE})\.?,?\s+(\d{{4}})$", re.I)
_DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?,?\s+(\d{{4}})$", re.I)
_MONTH_DAY_YEAR = re.compile(rf"^({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$", re.I)

# Finest first; an event passes `precision=X` when its precision is at X or finer.
PRECISION_LADDER: tuple[str, ...] = (
    "day", "week", "month", "season", "year", "range", "before-publication", "unknown",
)


class BadWindow(ValueError):
    """A from/to value that is not a date, month or year."""


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise BadWindow(f"{text!r} is not a real date: {exc}") from None


def parse_window(text: str) -> tuple[date, date]:
    """The inclusive interval a date, month or year names."""
    value = " ".join(text.strip().split())
    if m := _ISO_DAY.match(value):
        day = _day(int(m[1]), int(m[2]), int(m[3]), value)
        return day, day
    if m := _ISO_MONTH.match(value):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise BadWindow(f"{value!r}: month must be 1-12")
        return date(year, month, 1), _month_end(year, month)
    if m := _YEAR.match(value):
        year = int(m[1])
        if year < 1:
            raise BadWindow(f"{value!r} is not a year")
        return date(year, 1, 1), date(year, 12, 31)
    if m := _MONTH_YEAR.match(value):
        year, month = int(m[2]), MONTHS[m[1].lower()]
        return date(year, month, 1), _month_end(year, month)
    if m := _DAY_MONTH_YEAR.match(value):
        day = _day(int(m[3]), MONTHS[m[2].lower()], int(m[1]), value)
        return day, day
    if m := _MONTH_DAY_YEAR.match(value):
        day = _day(int(m[3]), MONTHS[m[1].lower()], int(m[2]), value)
        return day, day
    raise BadWindow(
        f"cannot read {text!r} as a date: use 2014, 2014-06, June 2014, 13 June 2014 or 2014-06-13"
    )


def precisions_at_or_finer(precision: str) -> tuple[str, ...]:
    if precision not in PRECISION_LADDER:
        raise BadWindow(f"unknown precision {precision!r}; one of: {', '.join(PRECISION_LADDER)}")
    return PRECISION_LADDER[: PRECISION_LADDER.index(precision) + 1]
