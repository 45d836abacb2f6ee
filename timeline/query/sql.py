"""A ResolvedFilter -> SQLAlchemy Core conditions on `timeline_entries` (indexed columns only where
it matters), the same split by interval-length class (what pages, counts and exports read), plus the
keyset cursor for date order."""

from __future__ import annotations

import base64
import calendar
import json
import weakref
from dataclasses import replace
from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Engine,
    Select,
    Table,
    false,
    func,
    inspect,
    select,
    tuple_,
    union_all,
)

from timeline.projections.month_counts import scope_key
from timeline.projections.spans import SPAN_BOUNDS
from timeline.projections.tables import (
    incident_events,
    incidents,
    timeline_actors,
    timeline_entries,
    timeline_month_counts,
)
from timeline.query.filters import BadFilter, ResolvedFilter

entries: Table = timeline_entries
actor_pairs: Table = timeline_actors


_INCIDENT_TABLES: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def has_incidents(conn: Connection) -> bool:
    """Whether the database holds the incidents projection (asked of the catalogue once per engine: the
    service's databases always do, a bare timeline table in a test may not)."""
    known = _INCIDENT_TABLES.get(conn.engine)
    if known is None:
        inspector = inspect(conn)
        known = _INCIDENT_TABLES[conn.engine] = (
            inspector.has_table(incident_events.name) and inspector.has_table(incidents.name))
    return known


# built once: a SQLAlchemy expression takes tens of microseconds to make, and a page asks for these twice
_IN_CLASS = tuple(entries.c.span_class == cls for cls in range(len(SPAN_BOUNDS)))
_UNDATED = (entries.c.span_class == len(SPAN_BOUNDS) - 1, entries.c.date_start.is_(None))  # no start


class Range(NamedTuple):
    """The conditions of one index range of the timeline, and whether its rows have a start (else none
    has: the range of undated rows, in event_id order)."""

    where: list[ColumnElement[bool]]
    dated: bool


def index_ranges(r: ResolvedFilter, conn: Connection, after: str | None = None) -> list[Range]:
    """`conditions(r)` once per interval-length class of the timeline's rows
    (timeline.projections.spans), each with the lowest start a row of that class can have and still
    overlap the window: one short index range per class (the timeline's indexes put the class right after
    the place), where one bound for all rows makes a year-long row's reach cost a year of day-long rows.
    The undated rows (all in the last class) are a range of their own. `after`: only rows after that
    cursor, written as a bound of each range."""
    base = conditions(r, conn, window=False)
    c = entries.c
    if r.end is not None:
        base.append(c.date_start <= r.end)
    day, event_id = decode_cursor(after) if after is not None else (None, None)
    dated_after: list[ColumnElement[bool]] = []
    undated_after: list[ColumnElement[bool]] = []
    if event_id is not None and day is None:  # the cursor is among the undated rows, which come last
        dated_after, undated_after = [false()], [c.event_id > event_id]
    elif event_id is not None:
        dated_after = [tuple_(c.date_start, c.event_id) > tuple_(day, event_id)]
    ends = [_ends_from(c, r.start)] if r.start is not None else []
    ranges = []
    for cls, bound in enumerate(SPAN_BOUNDS):
        part = [*base, _IN_CLASS[cls], *dated_after]
        if r.start is not None and bound == 0:  # rows that end the day they start (When: end >= start)
            part.append(c.date_start >= r.start)
        else:
            part.extend(ends)
            # a window opening within `bound` days of date.min (from=0001) needs no bound, and would overflow
            if r.start is not None and bound is not None and r.start > date.min + timedelta(days=bound):
                part.append(c.date_start >= r.start - timedelta(days=bound))
        if bound is None:
            part.append(c.date_start.is_not(None))
        ranges.append(Range(part, True))
    if r.end is None:  # a window's end excludes every undated row
        ranges.append(Range([*base, *_UNDATED, *ends, *undated_after], False))
    return ranges


def matching(r: ResolvedFilter, conn: Connection, *columns: Any) -> CompoundSelect:
    """The timeline's `columns` of the rows matching `r`, one SELECT per index range (see `index_ranges`)
    joined by UNION ALL. Ordered by `order_by(it)`, SQLite merges the ranges as it reads them; PostgreSQL
    may sort them all first: a page reads through `first_matching`."""
    return union_all(*(select(*columns).where(*part.where) for part in index_ranges(r, conn)))


def first_matching(r: ResolvedFilter, conn: Connection, limit: int, after: str | None = None) -> Select[Any]:
    """The first `limit` timeline rows matching `r` in date order (after the cursor `after`). From each
    index range (see `index_ranges`), at most `limit` keys (date_start, event_id) are read, in the order
    its index holds; the first `limit` of those are the page, whose rows are then fetched by id. The work
    grows with `limit`, not with how many rows match, whatever plan the database picks."""
    c = entries.c
    keys = []
    for part in index_ranges(r, conn, after=after):
        order = [c.date_start, c.event_id] if part.dated else [c.event_id]
        keys.append(select(c.date_start, c.event_id).where(*part.where).order_by(*order).limit(limit)
                    .subquery())  # fmt: skip
    every = union_all(*(select(*k.c) for k in keys))
    first = every.order_by(*order_by(every)).limit(limit).subquery()
    return select(entries).join(first, c.event_id == first.c.event_id).order_by(*order_by())


def count_matching(r: ResolvedFilter, conn: Connection) -> int:
    """How many timeline rows match `r`: a count per interval-length class, each over its own index range.
    A filter of place and window alone adds up the whole months of its window from the month counts
    (timeline.projections.month_counts) and counts only the rows starting outside them from the index."""
    # only a place and a window: what `conditions` asks of a row besides them is nothing
    others = conditions(replace(r, place=None, start=None, end=None), conn)
    whole = _whole_months(r) if not others else None
    bucket = scope_key(*_scope_of(r)) if whole is not None else None
    if whole is None or bucket is None:
        per_class = matching(r, conn, func.count().label("n")).subquery()
        return int(conn.execute(select(func.coalesce(func.sum(per_class.c.n), 0))).scalar_one())
    first, last = whole  # whole months: the first day of the first, the last day of the last (None: open)
    m = timeline_month_counts.c
    scope, place, country = bucket
    in_months = [m.scope == scope, m.place == place]
    if country is not None:
        in_months.append(m.country == country)
    if first is not None:
        in_months.append(m.month >= first)
    if last is not None:
        in_months.append(m.month <= last.replace(day=1))
    counts: list[Any] = [select(func.coalesce(func.sum(m.n), 0)).where(*in_months).scalar_subquery()]
    # Each edge is its own index ranges with their own bounds (an extra bound beside the window's would
    # leave the database free to range over the whole window and filter).
    if first is not None and first > date.min:  # the rows starting before the first whole month
        before = matching(replace(r, end=first - timedelta(days=1)), conn, func.count().label("n")).subquery()
        counts.append(select(func.coalesce(func.sum(before.c.n), 0)).scalar_subquery())
    c = entries.c
    if last is not None and r.end is not None and last < r.end:  # starting after the last whole month
        place_only = conditions(replace(r, start=None, end=None), conn)
        counts.extend(select(func.count()).where(*place_only, in_class, c.date_start > last,
                                                 c.date_start <= r.end).scalar_subquery()
                      for in_class in _IN_CLASS)  # fmt: skip
    if r.end is None:  # the undated rows
        counts.extend(select(func.count()).where(*part.where).scalar_subquery()
                      for part in index_ranges(r, conn) if not part.dated)  # fmt: skip
    return int(conn.execute(select(sum(counts[1:], counts[0]))).scalar_one())


def _scope_of(r: ResolvedFilter) -> tuple[str | None, str | None, str | None, str | None]:
    place = r.place
    return (None, None, None, None) if place is None else (place.level, place.id, place.admin1, place.country)


def _whole_months(r: ResolvedFilter) -> tuple[date | None, date | None] | None:
    """(first day of the window's first whole month, last day of its last), each None when the window is
    open on that side; None when it covers no whole month."""
    first = last = None
    if r.start is not None:
        first = r.start if r.start.day == 1 else _next_month(r.start)
    if r.end is not None:
        if r.end == _month_end(r.end):
            last = r.end
        elif r.end.replace(day=1) > date.min:
            last = r.end.replace(day=1) - timedelta(days=1)
    if (r.start is not None and first is None) or (r.end is not None and last is None):
        return None
    if first is not None and last is not None and first > last:
        return None
    return first, last


def _next_month(day: date) -> date | None:
    """The first day of the month after `day`'s (None after the last month a date can hold)."""
    if day.month == 12:
        return date(day.year + 1, 1, 1) if day.year < date.max.year else None
    return date(day.year, day.month + 1, 1)


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _ends_from(c: Any, start: date) -> ColumnElement[bool]:
    """The row's interval does not end before `start` (a row with no end lasts its first day)."""
    return func.coalesce(c.date_end, c.date_start) >= start


def conditions(r: ResolvedFilter, conn: Connection, table: Table = entries,
               window: bool = True) -> list[ColumnElement[bool]]:
    """What a row of the timeline (or of a table with the same place and date columns) must satisfy to
    match `r` (without its date window when `window` is false). Reading the timeline, go through
    `matching`, which adds the bounds its indexes need."""
    c = table.c
    where: list[ColumnElement[bool]] = []
    if r.place is not None:
        scope = r.place
        if scope.level == "country":
            where.append(c.country == scope.country)
        elif scope.level == "admin1":
            # (admin1, country) lead the timeline's admin1 index (two names may be shared across borders)
            where.append(c.admin1 == scope.admin1)
            if scope.country:
                where.append(c.country == scope.country)
        else:
            where.append(c.gazetteer_id == scope.id)
    if window and r.end is not None:
        where.append(c.date_start <= r.end)
    if window and r.start is not None:
        where.append(_ends_from(c, r.start))
    if r.precisions is not None:
        where.append(c.date_precision.in_(r.precisions))
    if r.kinds:
        where.append(c.kind.in_(r.kinds))
    if r.actors:
        where.append(c.event_id.in_(select(actor_pairs.c.event_id).where(actor_pairs.c.actor.in_(r.actors))))
    if r.source:
        where.append(func.lower(c.source).contains(r.source.lower(), autoescape=True))
    if r.report_id is not None:
        where.append(c.report_id == r.report_id)
    if r.reported_by is not None:
        where.append(c.published <= r.reported_by)
    if r.min_sources is not None and r.min_sources > 1:
        if not has_incidents(conn):
            where.append(false())
        else:
            corroborated = (
                select(incident_events.c.event_id)
                .join(incidents, incidents.c.incident_id == incident_events.c.incident_id)
                .where(incidents.c.outlet_count >= r.min_sources)
            )
            where.append(c.event_id.in_(corroborated))
    return where


def order_by(rows: Table | CompoundSelect = entries) -> list[Any]:
    """Date order (undated last, then by id) of a table's rows or of a UNION's (`matching`)."""
    c = rows.selected_columns if isinstance(rows, CompoundSelect) else rows.c
    return [c.date_start.asc().nulls_last(), c.event_id.asc()]


def encode_cursor(date_start: date | None, event_id: str) -> str:
    raw = json.dumps([date_start.isoformat() if date_start else None, event_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[date | None, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        day, event_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(event_id, str):
            raise ValueError("event id")
        return (date.fromisoformat(day) if day is not None else None), event_id
    except (ValueError, TypeError, json.JSONDecodeError, UnicodeDecodeError):
        raise BadFilter(f"cursor {cursor[:40]!r} is not one this service gave out") from None
