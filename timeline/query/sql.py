"""A ResolvedFilter -> SQLAlchemy Core conditions on `timeline_entries` (indexed columns only where
it matters), plus the keyset cursor for date order."""

from __future__ import annotations

import base64
import json
import weakref
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Table, and_, false, func, inspect, or_, select

from timeline.projections.tables import incident_events, incidents, timeline_actors, timeline_entries
from timeline.query.filters import BadFilter, ResolvedFilter
from timeline.query.span import longest_span_days

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


def conditions(r: ResolvedFilter, conn: Connection, table: Table = entries) -> list[ColumnElement[bool]]:
    c = table.c
    where: list[ColumnElement[bool]] = []
    if r.place is not None:
        scope = r.place
        if scope.level == "country":
            where.append(c.country == scope.country)
        elif scope.level == "admin1":
            # admin1 alone picks the (admin1, date_start) index; the country check is written so the
            # planner cannot prefer the far less selective country index.
            where.append(c.admin1 == scope.admin1)
            if scope.country:
                where.append(func.coalesce(c.country, "") == scope.country)
        else:
            where.append(c.gazetteer_id == scope.id)
    if r.end is not None:
        where.append(c.date_start <= r.end)
    if r.start is not None:
        where.append(func.coalesce(c.date_end, c.date_start) >= r.start)
        if table is entries:
            span = longest_span_days(conn)
            # no interval is longer, so none starting earlier can overlap; a window that opens within
            # `span` days of date.min (from=0001) needs no such bound, and subtracting would overflow
            if span is not None and r.start > date.min + timedelta(days=span):
                where.append(c.date_start >= r.start - timedelta(days=span))
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


def order_by(table: Table = entries) -> list[Any]:
    return [table.c.date_start.asc().nulls_last(), table.c.event_id.asc()]


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


def after_cursor(cursor: str, table: Table = entries) -> ColumnElement[bool]:
    """Rows after the cursor in (date_start NULLS LAST, event_id) order."""
    day, event_id = decode_cursor(cursor)
    c = table.c
    if day is None:
        return and_(c.date_start.is_(None), c.event_id > event_id)
    return or_(c.date_start > day, and_(c.date_start == day, c.event_id > event_id), c.date_start.is_(None))
