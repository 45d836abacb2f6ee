"""Incidents matching a filter: an incident matches when any of its events does; each comes with its
best-dated entry (carrying every source), the recorded merges, and whether it is contradicted."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, func, or_, select

from timeline.domain.actors import ActorVocabulary
from timeline.domain.events import BY_KIND
from timeline.projections.tables import incident_events, incidents
from timeline.query.filters import ResolvedFilter
from timeline.query.sql import decode_cursor, encode_cursor, entries, has_incidents, matching
from timeline.query.timeline_query import MAX_LIMIT, serialise
from timeline.query.windows import PRECISION_LADDER


def _matching_ids(conn: Connection, r: ResolvedFilter) -> Any:
    events = matching(r, conn, entries.c.event_id)
    return select(incident_events.c.incident_id).where(incident_events.c.event_id.in_(events)).distinct()


def page(conn: Connection, r: ResolvedFilter, cursor: str | None, limit: int,
         actors: ActorVocabulary) -> dict[str, Any]:
    limit = max(1, min(limit, MAX_LIMIT))
    if not has_incidents(conn):
        return {"total": 0, "next_cursor": None, "query": r.query_json(), "items": []}
    i = incidents.c
    where: list[ColumnElement[bool]] = [i.incident_id.in_(_matching_ids(conn, r))]
    total = int(conn.execute(select(func.count()).select_from(incidents).where(*where)).scalar_one())
    if cursor:
        day, last = decode_cursor(cursor)
        where.append(
            and_(i.date_start.is_(None), i.incident_id > last) if day is None else
            or_(i.date_start > day, and_(i.date_start == day, i.incident_id > last), i.date_start.is_(None))
        )
    rows = conn.execute(select(incidents).where(*where)
                        .order_by(i.date_start.asc().nulls_last(), i.incident_id).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    items = [_incident(conn, row, actors) for row in rows]
    next_cursor = encode_cursor(rows[-1].date_start, rows[-1].incident_id) if more and rows else None
    return {"total": total, "next_cursor": next_cursor, "query": r.query_json(), "items": items}


def _incident(conn: Connection, row: Any, actors: ActorVocabulary) -> dict[str, Any]:
    members = conn.execute(select(incident_events).where(incident_events.c.incident_id == row.incident_id)
                           .order_by(incident_events.c.position)).all()
    member_rows = conn.execute(select(entries).where(entries.c.event_id.in_([m.event_id for m in members])))
    by_id = {e.event_id: e for e in member_rows}
    ranked = sorted(by_id.values(), key=lambda e: (
        PRECISION_LADDER.index(e.date_precision) if e.date_precision in PRECISION_LADDER else 99,
        0 if e.place_precision == "locality" else 1, e.position))
    entry = serialise(conn, ranked[:1], actors)[0] if ranked else None
    return {
        "id": row.incident_id, "type": row.kind, "label": BY_KIND[row.kind].label,
        "date": {"start": row.date_start.isoformat() if row.date_start else None,
                 "end": row.date_end.isoformat() if row.date_end else None,
                 "precision": entry["date"]["precision"] if entry else "unknown",
                 "phrase": entry["date"]["phrase"] if entry else None},
        "corroboration": row.outlet_count, "report_count": row.report_count, "event_count": row.event_count,
        "entry": entry,
        "merges": [{"event_id": m.event_id, "rule": m.rule, "merged_with": m.merged_with} for m in members],
        "contradicted": bool(entry and entry.get("contradictions")),
    }
