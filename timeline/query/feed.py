"""The live feed behind `GET /stream`: what changed in the timeline after a store position, as
(position, {"op": "upsert"|"delete", "entry": ...}) pairs: the log's events folded by the domain's
live-events rule, upserted entries read from the projected rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from timeline.domain.actors import ActorVocabulary
from timeline.domain.live import LiveFold, Remove, Upsert
from timeline.domain.serialization import decode
from timeline.projections.tables import checkpoints as _checkpoints
from timeline.query.sql import entries
from timeline.query.timeline_query import serialise
from timeline.store.base import EventStore


def projected_position(engine: Engine, name: str = "timeline") -> int:
    with engine.connect() as conn:
        value = conn.execute(select(_checkpoints.c.position).where(_checkpoints.c.name == name)).scalar()
    return int(value or 0)


def changes_after(store: EventStore, engine: Engine, actors: ActorVocabulary, after: int, limit: int = 200
                  ) -> tuple[list[tuple[int, dict[str, Any]]], int]:
    """Changes in (after, min(timeline checkpoint, after+limit)]; returns them and the new position.
    Only positions the timeline projection has applied are read, so an upsert's row exists."""
    ready = projected_position(engine)
    if ready <= after:
        return [], after
    stored = [e for e in store.read_all(after, limit) if e.position <= ready]
    if not stored:
        return [], after

    def history(stream_id: str, before: int) -> list[Any]:
        return [decode(e) for e in store.read_stream(stream_id) if e.position < before]

    out: list[tuple[int, dict[str, Any]]] = []
    with engine.connect() as conn:
        for change in LiveFold(history).changes([decode(e) for e in stored]):
            if isinstance(change, Upsert):
                query = select(entries).where(entries.c.event_id == change.event_id)
                row = conn.execute(query).first()
                if row is not None:  # a later change in the projected rows may have removed it
                    entry = serialise(conn, [row], actors)[0]
                    out.append((change.position, {"op": "upsert", "entry": entry}))
            elif isinstance(change, Remove):
                out.append((change.position, {"op": "delete", "entry": {"id": change.event_id}}))
    return out, stored[-1].position
