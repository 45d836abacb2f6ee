"""Territorial control: the live gains and losses of named places (types whose `control` fact says so),
kept from the live-events fold's changes so `timeline.query.control` can derive who held what when."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from sqlalchemy import Column, Connection, Date, Float, Index, Integer, String, Table
from sqlmodel import SQLModel

from timeline.domain.actors import ActorVocabulary
from timeline.domain.events import DomainEvent
from timeline.domain.live import Change, Remove, Upsert
from timeline.projections.base import Projection
from timeline.projections.timeline import chunks

_meta = SQLModel.metadata

control_events = Table(
    "control_events", _meta,
    Column("event_id", String, primary_key=True),
    Column("report_id", String, nullable=False, index=True),
    Column("type_name", String, nullable=False),
    Column("kind", String, nullable=False),
    Column("gazetteer_id", String), Column("place_name", String), Column("place_precision", String),
    Column("admin1", String), Column("country", String), Column("lat", Float), Column("lon", Float),
    Column("date_start", Date), Column("date_end", Date),
    Column("actor", String),  # who took the place, or who left it
    Column("other_actor", String),  # for a capture, the party said to have lost it
    Column("outlet", String),
    Column("position", Integer, nullable=False),
    Index("ix_control_gazetteer_date", "gazetteer_id", "date_start"),
    Index("ix_control_admin1", "admin1", "country"),
    extend_existing=True,
)


def says_who_holds(event: DomainEvent) -> bool:
    """A gain or loss of a named place by a named party (without either, it says nothing of control)."""
    return event.control is not None and event.place is not None and bool(event.actors)


class ControlProjection(Projection):
    """Rows are collected per batch and written once at its end (deletes, then inserts)."""

    name: ClassVar[str] = "control"
    tables: ClassVar[tuple[Table, ...]] = (control_events,)

    def __init__(self, actors: ActorVocabulary) -> None:
        self.actors = actors  # actors are kept by canonical name: periods group by controller

    def apply(self, conn: Connection, changes: Sequence[Change]) -> None:
        pending: dict[str, dict[str, Any]] = {}  # event id -> row to insert
        gone: set[str] = set()  # event ids whose stored row (if any) is deleted
        for change in changes:
            if isinstance(change, Upsert):
                event_id = change.event.event_id
                if not change.first:
                    gone.add(event_id)  # a correction may also take it out of control (place, kind)
                pending.pop(event_id, None)
                if says_who_holds(change.event):
                    pending[event_id] = self._row(change)
            elif isinstance(change, Remove):
                pending.pop(change.event_id, None)
                gone.add(change.event_id)
        for part in chunks(sorted(gone)):
            conn.execute(control_events.delete().where(control_events.c.event_id.in_(part)))
        if pending:
            conn.execute(control_events.insert(), list(pending.values()))

    def _row(self, change: Upsert) -> dict[str, Any]:
        event = change.event
        place = event.place
        assert place is not None
        return {
            "event_id": event.event_id, "report_id": event.report_id, "type_name": event.type_name,
            "kind": event.kind, "gazetteer_id": place.gazetteer_id,
            "place_name": place.resolved_name or place.name, "place_precision": place.precision,
            "admin1": place.admin1, "country": place.country, "lat": place.lat, "lon": place.lon,
            "date_start": event.when.start, "date_end": event.when.end or event.when.start,
            "actor": self.actors.canonical(event.actors[0]),
            "other_actor": self.actors.canonical(event.actors[1]) if len(event.actors) > 1 else None,
            "outlet": change.report.source, "position": change.live.position,
        }  # fmt: skip
