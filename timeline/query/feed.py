"""The live feed behind `GET /stream`: what changed in the timeline after a store position, as
(position, {"op": "upsert"|"delete", "entry": ...}) pairs, read from the log and the projected rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from timeline.domain.events import DomainEvent, EventCorrected, EventRetracted, ReportReextracted
from timeline.domain.serialization import from_stored
from timeline.projections.tables import ProjectionCheckpoint
from timeline.query.sql import entries
from timeline.query.timeline_query import serialise
from timeline.store.base import EventStore

_checkpoints = ProjectionCheckpoint.__table__  # type: ignore[attr-defined]


def projected_position(engine: Engine, name: str = "timeline") -> int:
    with engine.connect() as conn:
        value = conn.execute(select(_checkpoints.c.position).where(_checkpoints.c.name == name)).scalar()
    return int(value or 0)


def changes_after(store: EventStore, engine: Engine, after: int, limit: int = 200
                  ) -> tuple[list[tuple[int, dict[str, Any]]], int]:
    """Changes in (after, min(timeline checkpoint, after+limit)]; returns them and the new position.
    Only positions the timeline projection has applied are read, so an upsert's row exists."""
    ready = projected_position(engine)
    if ready <= after:
        return [], after
    stored = [e for e in store.read_all(after, limit) if e.position <= ready]
    if not stored:
        return [], after
    out: list[tuple[int, dict[str, Any]]] = []
    with engine.connect() as conn:
        for item in stored:
            event = from_stored(item)
            if isinstance(event, DomainEvent | EventCorrected):
                target = event.event_id if isinstance(event, DomainEvent) else event.target_event_id
                row = conn.execute(select(entries).where(entries.c.event_id == target)).first()
                if row is not None:
                    out.append((item.position, {"op": "upsert", "entry": serialise(conn, [row])[0]}))
            elif isinstance(event, EventRetracted):
                out.append((item.position, {"op": "delete", "entry": {"id": event.target_event_id}}))
            elif isinstance(event, ReportReextracted):
                before = [e for e in store.read_stream(item.stream_id) if e.position < item.position]
                live = set(conn.execute(select(entries.c.event_id)
                                        .where(entries.c.report_id == event.report_id)).scalars())
                for old in before:
                    if old.type not in ("ReportReceived",) and old.event_id not in live:
                        out.append((item.position, {"op": "delete", "entry": {"id": old.event_id}}))
    return out, stored[-1].position
