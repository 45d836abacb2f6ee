"""Calendar arithmetic for date intervals: month shifts, week starts, latest month/day on or before a date."""

from __future__ import annotations

import calendar as _calendar
from datetime import date, timedelta


def month_end(year: int, month: int) -> date:
    return date(year, month, _calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """The same day `months` later (negative: earlier), clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, _calendar.monthrange(year, month + 1)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def week_start(day: date) -> date:
    """Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


def valid_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def latest_month_day(month: int, day: int, on_or_before: date) -> date | None:
    """The latest `month`/`day` on or before a date (a day after it rolls back a year; Feb 29 looks
    back up to eight years for a leap year)."""
    for year in range(on_or_before.year, on_or_before.year - 9, -1):
        candidate = valid_day(year, month, day)
        if candidate is not None and candidate <= on_or_before:
            return candidate
    return None


def latest_month(month: int, on_or_before: date, strictly_before: bool = False) -> int:
    """Year of the latest `month` that has begun by `on_or_before` (or ended before its month)."""
    if month < on_or_before.month or (month == on_or_before.month and not strictly_before):
        return on_or_before.year
    return on_or_before.year - 1


def latest_weekday(weekday: int, on_or_before: date, strictly_before: bool = False) -> date:
    back = (on_or_before.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return on_or_before - timedelta(days=back)


def clip_end(end: date, published: date | None, start: date | None = None) -> date:
    """A calendar period that holds the publication date is cut at it (past events cannot be later);
    a period wholly after publication is left alone."""
    if published is None or (start is not None and start > published):
        return end
    return max(min(end, published), start) if start is not None else min(end, published)
