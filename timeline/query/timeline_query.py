"""Runs a resolved filter against the projected timeline: a page (keyset cursor, total) or a stream
of every matching entry in batches, each entry with all its sources and any contradictions."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from timeline.projections.incident_rules import EXCLUSIVE_KINDS, Facet, contradicts
from timeline.projections.incidents import incident_events
from timeline.query.entries import entry_json
from timeline.query.filters import ResolvedFilter
from timeline.query.span import longest_span_days
from timeline.query.sql import after_cursor, conditions, encode_cursor, entries, has_incidents, order_by

MAX_LIMIT = 500


def _sibling_rows(conn: Connection, rows: Sequence[Any], merged: bool | None = None) -> dict[str, list[Any]]:
    """event id -> rows of every event in its incident (its own first)."""
    ids = [r.event_id for r in rows]
    own = {r.event_id: r for r in rows}
    result: dict[str, list[Any]] = {i: [own[i]] for i in ids}
    if not ids or not (has_incidents(conn) if merged is None else merged):
        return result
    t = incident_events
    mine = dict(conn.execute(select(t.c.event_id, t.c.incident_id).where(t.c.event_id.in_(ids))).all())
    incident_ids = set(mine.values())
    if not incident_ids:
        return result
    members = conn.execute(
        select(t.c.event_id, t.c.incident_id).where(t.c.incident_id.in_(incident_ids))
    ).all()
    by_incident: dict[str, list[str]] = {}
    for event_id, incident_id in members:
        by_incident.setdefault(incident_id, []).append(event_id)
    others = {m for m, _ in members if m not in own}
    other_rows = {r.event_id: r for r in conn.execute(select(entries).where(entries.c.event_id.in_(others)))}
    known = {**own, **other_rows}
    for event_id, incident_id in mine.items():
        extra = [known[m] for m in sorted(by_incident[incident_id]) if m in known and m != event_id]
        result[event_id] = [own[event_id], *extra]
    return result


def _contradictions(conn: Connection, rows: Sequence[Any]) -> dict[str, list[dict[str, Any]]]:
    """event id -> entries (without their own contradictions) that say another party did it."""
    found: dict[str, list[dict[str, Any]]] = {}
    exclusive = [r for r in rows if r.kind in EXCLUSIVE_KINDS and r.gazetteer_id and r.date_start]
    if not exclusive:
        return found
    c = entries.c
    lo = min(r.date_start for r in exclusive)
    hi = max(r.date_end or r.date_start for r in exclusive)
    span = longest_span_days(conn) or 0  # bounds date_start from below, so the index range is short
    rivals = conn.execute(select(entries).where(
        c.kind.in_({r.kind for r in exclusive}), c.gazetteer_id.in_({r.gazetteer_id for r in exclusive}),
        c.date_start <= hi, c.date_start >= lo - timedelta(days=span),
        func.coalesce(c.date_end, c.date_start) >= lo,
    )).all()
    by_place: dict[tuple[str, str], list[tuple[Any, Facet]]] = {}
    for other in rivals:  # facets once per rival, compared only within the same kind and place
        by_place.setdefault((other.kind, other.gazetteer_id), []).append((other, Facet.of(other)))
    for row in exclusive:
        mine = Facet.of(row)
        against = [entry_json(o) for o, facet in by_place.get((row.kind, row.gazetteer_id), [])
                   if o.event_id != row.event_id and contradicts(mine, facet)]
        if against:
            found[row.event_id] = against
    return found


def serialise(conn: Connection, rows: Sequence[Any], merged: bool | None = None) -> list[dict[str, Any]]:
    """Entries for rows; `merged` says whether incident tables exist (looked up when None)."""
    siblings = _sibling_rows(conn, rows, merged)
    rivals = _contradictions(conn, rows)
    return [entry_json(r, siblings[r.event_id], rivals.get(r.event_id, [])) for r in rows]


def count(conn: Connection, r: ResolvedFilter) -> int:
    query = select(func.count()).select_from(entries).where(*conditions(r, conn))
    return int(conn.execute(query).scalar_one())


def page(conn: Connection, r: ResolvedFilter, cursor: str | None, limit: int) -> dict[str, Any]:
    """{"total", "next_cursor", "query", "items"} for one page in date order."""
    limit = max(1, min(limit, MAX_LIMIT))
    where = conditions(r, conn)
    if cursor:
        where.append(after_cursor(cursor))
    rows = conn.execute(select(entries).where(*where).order_by(*order_by()).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1].date_start, rows[-1].event_id) if more and rows else None
    return {"total": count(conn, r), "next_cursor": next_cursor, "query": r.query_json(),
            "items": serialise(conn, rows)}


def iter_entries(engine: Engine, r: ResolvedFilter, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every matching entry in date order, streamed: one query read through a server-side cursor
    (PostgreSQL) / incremental fetch (SQLite), `batch` rows in memory at a time."""
    with engine.connect() as conn:
        where = conditions(r, conn)
        query = select(entries).where(*where).order_by(*order_by())
        result = conn.execution_options(stream_results=True, yield_per=batch).execute(query)
        with engine.connect() as side:  # sources/contradiction look-ups beside the open cursor
            merged = has_incidents(side)
            for rows in result.partitions():
                yield from serialise(side, rows, merged)
