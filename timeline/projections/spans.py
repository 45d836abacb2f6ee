"""Interval-length classes: a row stores the class of its date interval's length, so a search for rows
overlapping a window reads, per class, only the index range that can hold them (a day-long row starting a
year before the window cannot overlap it; a year-long one can)."""

from __future__ import annotations

from datetime import date, timedelta

# class i: date_end - date_start <= bound. The last class (longer than ten years, or undated) has no bound, so
# a window search reads all of it: it is kept to rows that are rare.
SPAN_BOUNDS: tuple[int | None, ...] = (0, 7, 31, 100, 366, 3653, None)


def span_class(start: date | None, end: date | None) -> int:
    if start is None or end is None:
        return len(SPAN_BOUNDS) - 1
    days = (end - start).days
    return next(i for i, bound in enumerate(SPAN_BOUNDS) if bound is None or days <= bound)


def class_windows(start: date, end: date) -> list[tuple[int, date, date]]:
    """(class, lowest start, highest start) ranges holding every row whose interval overlaps [start, end]."""
    return [(i, start - timedelta(days=b) if b is not None else date.min, end)
            for i, b in enumerate(SPAN_BOUNDS)]  # fmt: skip
