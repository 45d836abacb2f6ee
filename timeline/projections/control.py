"""Territorial control: the captures and withdrawals of named places, kept from the log (honouring
retractions, corrections and re-extraction) so `timeline.query.control` can derive who held what when."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from sqlalchemy import JSON, Column, Connection, Date, Float, Index, Integer, String, Table
from sqlmodel import SQLModel

from timeline.domain.events import BY_TYPE_NAME, DomainEvent, ReportReceived
from timeline.projections.live_events import LiveEventProjection, Outlets
from timeline.query.vocabulary import canonical_actor
from timeline.store.base import StoredEvent

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
    Column("data", JSON, nullable=False),
    Index("ix_control_gazetteer_date", "gazetteer_id", "date_start"),
    Index("ix_control_admin1", "admin1", "country"),
    extend_existing=True,
)
control_outlets = Table(
    "control_outlets", _meta,
    Column("report_id", String, primary_key=True),
    Column("outlet", String),
    extend_existing=True,
)


class ControlProjection(LiveEventProjection):
    """Rows are collected per batch and written once at its end (deletes, then inserts)."""

    name: ClassVar[str] = "control"
    tables: ClassVar[tuple[Table, ...]] = (control_outlets, control_events)
    live_table: ClassVar[Table] = control_events

    def __init__(self) -> None:
        self._outlets: Outlets | None = None
        self._pending: dict[str, dict[str, Any]] = {}  # event id -> row to insert
        self._gone: set[str] = set()  # event ids whose stored row is deleted

    def wants(self, event: DomainEvent) -> bool:
        # Control is about a named place held by someone: a capture or withdrawal without a place
        # or without an actor says nothing about who held what.
        return event.control is not None and event.place is not None and bool(event.actors)

    def apply(self, conn: Connection, events: Sequence[StoredEvent]) -> None:
        self._outlets = Outlets(conn, control_outlets)
        self._outlets.look_up(Outlets.report_ids(events))
        self._pending, self._gone = {}, set()
        try:
            super().apply(conn, events)
            self._outlets.write()
            gone = sorted(self._gone)
            for i in range(0, len(gone), 500):  # below SQLite's bound-parameter limit
                conn.execute(control_events.delete().where(control_events.c.event_id.in_(gone[i : i + 500])))
            if self._pending:
                conn.execute(control_events.insert(), list(self._pending.values()))
        finally:
            self._outlets = None
            self._pending, self._gone = {}, set()

    def on_report(self, conn: Connection, report: ReportReceived) -> None:
        assert self._outlets is not None
        self._outlets.received(report)

    def live_event(self, conn: Connection, event_id: str) -> DomainEvent | None:
        if event_id in self._pending:
            row = self._pending[event_id]
            return BY_TYPE_NAME[row["type_name"]].model_validate(row["data"])  # type: ignore[return-value]
        return None if event_id in self._gone else super().live_event(conn, event_id)

    def live_ids(self, conn: Connection, report_id: str) -> list[str]:
        stored = [i for i in super().live_ids(conn, report_id) if i not in self._gone]
        return stored + [i for i, row in self._pending.items() if row["report_id"] == report_id]

    def add(self, conn: Connection, event: DomainEvent, position: int) -> None:
        if not self.wants(event):  # a correction can remove the place or actors
            return
        place = event.place
        assert place is not None and self._outlets is not None
        self._pending[event.event_id] = {
            "event_id": event.event_id, "report_id": event.report_id, "type_name": event.type_name,
            "kind": event.kind, "gazetteer_id": place.gazetteer_id,
            "place_name": place.resolved_name or place.name, "place_precision": place.precision,
            "admin1": place.admin1, "country": place.country, "lat": place.lat, "lon": place.lon,
            "date_start": event.when.start, "date_end": event.when.end or event.when.start,
            "actor": canonical_actor(event.actors[0]),
            "other_actor": canonical_actor(event.actors[1]) if len(event.actors) > 1 else None,
            "outlet": self._outlets.outlet(event.report_id), "position": position,
            "data": event.model_dump(mode="json"),
        }  # fmt: skip

    def remove(self, conn: Connection, event_id: str) -> None:
        self._pending.pop(event_id, None)
        self._gone.add(event_id)
