"""A ResolvedFilter -> SQLAlchemy Core conditions on `timeline_entries` (indexed columns only where
it matters), the same split by interval-length class (what pages, counts and exports read), plus the
keyset cursor for date order."""

from __future__ import annotations

import base64
import json
import weakref
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Engine,
    Select,
    Table,
    and_,
    false,
    func,
    inspect,
    or_,
    select,
    tuple_,
    union_all,
)

from timeline.projections.spans import SPAN_BOUNDS
from timeline.projections.tables import incident_events, incidents, timeline_actors, timeline_entries
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


_IN_CLASS = tuple(entries.c.span_class == cls for cls in range(len(SPAN_BOUNDS)))  # built once: they cost
_LAST_CLASS = len(SPAN_BOUNDS) - 1  # the only class holding rows with no start (timeline.projections.spans)


def by_span_class(r: ResolvedFilter, conn: Connection, *extra: ColumnElement[bool],
                  after: str | None = None) -> list[list[ColumnElement[bool]]]:
    """`conditions(r)` (and `extra`) once per interval-length class of the timeline's rows
    (timeline.projections.spans), each with the lowest start a row of that class can have and still
    overlap the window: one short index range per class (the timeline's indexes put the class right after
    the place), where one bound for all rows makes a year-long row's reach cost a year of day-long rows.
    `after`: only rows after that cursor, as a bound of the same range where the class's rows are dated."""
    base = [*conditions(r, conn, window=False), *extra]
    c = entries.c
    if r.end is not None:
        base.append(c.date_start <= r.end)
    ends = _ends_from(c, r.start) if r.start is not None else None
    after_dated, after_any = (_after_dated(after), after_cursor(after)) if after is not None else (None, None)
    parts = []
    for cls, bound in enumerate(SPAN_BOUNDS):
        part = [*base, _IN_CLASS[cls]]
        if r.start is not None and bound == 0:  # rows that end the day they start (When: end >= start)
            part.append(c.date_start >= r.start)
        elif ends is not None and r.start is not None:
            part.append(ends)
            # a window opening within `bound` days of date.min (from=0001) needs no bound, and would overflow
            if bound is not None and r.start > date.min + timedelta(days=bound):
                part.append(c.date_start >= r.start - timedelta(days=bound))
        if after_dated is not None and after_any is not None:
            part.append(after_any if cls == _LAST_CLASS else after_dated)
        parts.append(part)
    return parts


def matching(r: ResolvedFilter, conn: Connection, *columns: Any,
             extra: tuple[ColumnElement[bool], ...] = ()) -> CompoundSelect:
    """The timeline's `columns` of the rows matching `r`, one SELECT per interval-length class (see
    `by_span_class`) joined by UNION ALL. Ordered by `order_by(it)`, the classes' index ranges are merged in
    date order (SQLite merges them as they are read; PostgreSQL may sort them: see `first_matching`)."""
    return union_all(*(select(*columns).where(*part) for part in by_span_class(r, conn, *extra)))


def first_matching(r: ResolvedFilter, conn: Connection, limit: int, after: str | None = None) -> Select[Any]:
    """The first `limit` timeline rows matching `r` in date order (after the cursor `after`). Per
    interval-length class, at most `limit` keys (date_start, event_id) are read from its index range, in
    that order; the first `limit` of those are the page, whose rows are then fetched by id. The work does
    not grow with how many rows match, whatever plan the database picks for the UNION."""
    c = entries.c
    keys = []
    for cls, part in enumerate(by_span_class(r, conn, after=after)):
        # only the last class holds undated rows; the others' index holds their order as it is (SQLite
        # sorts for NULLS LAST even where no row is NULL)
        order = order_by() if cls == _LAST_CLASS else [c.date_start, c.event_id]
        keys.append(select(c.date_start, c.event_id).where(*part).order_by(*order).limit(limit).subquery())
    every = union_all(*(select(*k.c) for k in keys))
    first = every.order_by(*order_by(every)).limit(limit).subquery()
    return select(entries).join(first, c.event_id == first.c.event_id).order_by(*order_by())


def count_matching(r: ResolvedFilter, conn: Connection) -> int:
    """How many timeline rows match `r`: a count per interval-length class, each over its own index range."""
    per_class = matching(r, conn, func.count().label("n")).subquery()
    return int(conn.execute(select(func.coalesce(func.sum(per_class.c.n), 0))).scalar_one())


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


def _after_dated(cursor: str) -> ColumnElement[bool]:
    """`after_cursor` for rows that all have a start: one row-value comparison, a bound of an index range
    on (..., date_start, event_id); such rows all come before a cursor among undated rows."""
    day, event_id = decode_cursor(cursor)
    c = entries.c
    return false() if day is None else tuple_(c.date_start, c.event_id) > tuple_(day, event_id)


def after_cursor(cursor: str, table: Table = entries) -> ColumnElement[bool]:
    """Rows after the cursor in (date_start NULLS LAST, event_id) order."""
    day, event_id = decode_cursor(cursor)
    c = table.c
    if day is None:
        return and_(c.date_start.is_(None), c.event_id > event_id)
    return or_(c.date_start > day, and_(c.date_start == day, c.event_id > event_id), c.date_start.is_(None))
