"""Territorial control: the captures and withdrawals of named places, kept from the log (honouring
retractions, corrections and re-extraction) so `timeline.query.control` can derive who held what when."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import JSON, Column, Connection, Date, Float, Index, Integer, String, Table, select
from sqlmodel import SQLModel

from timeline.domain.events import DomainEvent, ReportReceived
from timeline.projections.live_events import LiveEventProjection
from timeline.query.vocabulary import canonical_actor

CONTROL_KINDS = frozenset({"town_captured", "withdrawal"})
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
    name: ClassVar[str] = "control"
    tables: ClassVar[tuple[Table, ...]] = (control_outlets, control_events)
    live_table: ClassVar[Table] = control_events

    def wants(self, event: DomainEvent) -> bool:
        # Control is about a named place held by someone: a capture or withdrawal without a place
        # or without an actor says nothing about who held what.
        return event.kind in CONTROL_KINDS and event.place is not None and bool(event.actors)

    def on_report(self, conn: Connection, report: ReportReceived) -> None:
        known = select(control_outlets.c.report_id).where(control_outlets.c.report_id == report.report_id)
        if conn.execute(known).first() is None:
            conn.execute(control_outlets.insert().values(report_id=report.report_id, outlet=report.source))

    def add(self, conn: Connection, event: DomainEvent, position: int) -> None:
        if not self.wants(event):  # a correction can remove the place or actors
            return
        place = event.place
        assert place is not None
        outlet = conn.execute(select(control_outlets.c.outlet)
                              .where(control_outlets.c.report_id == event.report_id)).scalar()
        conn.execute(control_events.insert().values(
            event_id=event.event_id, report_id=event.report_id, type_name=event.type_name, kind=event.kind,
            gazetteer_id=place.gazetteer_id, place_name=place.resolved_name or place.name,
            place_precision=place.precision, admin1=place.admin1, country=place.country, lat=place.lat,
            lon=place.lon, date_start=event.when.start, date_end=event.when.end or event.when.start,
            actor=canonical_actor(event.actors[0]),
            other_actor=canonical_actor(event.actors[1]) if len(event.actors) > 1 else None,
            outlet=outlet, position=position, data=event.model_dump(mode="json"),
        ))

    def remove(self, conn: Connection, event_id: str) -> None:
        conn.execute(control_events.delete().where(control_events.c.event_id == event_id))
