"""Incidents: events from different reports that are the same happening, merged greedily in log
order (complete linkage: a newcomer must be mergeable with every member), each merge recorded with
its rule; an `IncidentSplit` curation event takes an event out and keeps it out."""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, Column, Connection, Date, Index, Integer, String, Table, func, select
from sqlmodel import SQLModel

from timeline.domain.events import DomainEvent, IncidentSplit, ReportReceived
from timeline.projections.incident_rules import Facet, fold, merge_rule
from timeline.projections.live_events import LiveEventProjection
from timeline.query.vocabulary import canonical_actor

_meta = SQLModel.metadata

incident_events = Table(
    "incident_events", _meta,
    Column("event_id", String, primary_key=True),
    Column("report_id", String, nullable=False, index=True),
    Column("incident_id", String, nullable=False, index=True),
    Column("type_name", String, nullable=False),
    Column("kind", String, nullable=False),
    Column("date_start", Date), Column("date_end", Date),
    Column("gazetteer_id", String), Column("place_name", String), Column("place_precision", String),
    Column("admin1", String), Column("country", String), Column("actor1", String),
    Column("outlet", String),
    Column("position", Integer, nullable=False),
    Column("rule", String, nullable=False),  # "first" or the merge rule that admitted it
    Column("merged_with", String),  # the member it was compared with first
    Column("data", JSON, nullable=False),
    Index("ix_incident_events_kind_date", "kind", "date_start"),
    extend_existing=True,
)
incident_pins = Table(  # events a curator split out: never merged automatically
    "incident_pins", _meta,
    Column("event_id", String, primary_key=True),
    Column("reason", String, nullable=False),
    extend_existing=True,
)
incident_outlets = Table(
    "incident_outlets", _meta,
    Column("report_id", String, primary_key=True),
    Column("outlet", String),
    extend_existing=True,
)
incidents = Table(
    "incidents", _meta,
    Column("incident_id", String, primary_key=True),
    Column("kind", String, nullable=False),
    Column("date_start", Date), Column("date_end", Date),
    Column("event_count", Integer, nullable=False),
    Column("report_count", Integer, nullable=False),
    Column("outlet_count", Integer, nullable=False),  # corroboration: independent outlets
    Column("pinned", Boolean, nullable=False, default=False),
    Index("ix_incidents_kind_date", "kind", "date_start"),
    extend_existing=True,
)


def _facet(row: Any) -> Facet:
    return Facet(event_id=row.event_id, kind=row.kind, date_start=row.date_start,
                 date_end=row.date_end, gazetteer_id=row.gazetteer_id, place_name=row.place_name,
                 place_precision=row.place_precision, admin1=row.admin1, country=row.country,
                 actor1=row.actor1)


class IncidentsProjection(LiveEventProjection):
    name: ClassVar[str] = "incidents"
    tables: ClassVar[tuple[Table, ...]] = (incident_outlets, incident_pins, incidents, incident_events)
    live_table: ClassVar[Table] = incident_events

    def on_report(self, conn: Connection, report: ReportReceived) -> None:
        if conn.execute(select(incident_outlets.c.report_id)
                        .where(incident_outlets.c.report_id == report.report_id)).first() is None:
            conn.execute(incident_outlets.insert().values(report_id=report.report_id, outlet=report.source))

    def on_other(self, conn: Connection, event: Any, position: int) -> None:
        if isinstance(event, IncidentSplit):
            current = self.live_event(conn, event.target_event_id)
            conn.execute(incident_pins.delete().where(incident_pins.c.event_id == event.target_event_id))
            conn.execute(incident_pins.insert().values(event_id=event.target_event_id, reason=event.reason))
            if current is not None:
                row = conn.execute(select(incident_events.c.position)
                                   .where(incident_events.c.event_id == current.event_id)).scalar_one()
                self.remove(conn, current.event_id)
                self.add(conn, current, int(row))

    def _pinned(self, conn: Connection, event_id: str) -> bool:
        query = select(incident_pins.c.event_id).where(incident_pins.c.event_id == event_id)
        return conn.execute(query).first() is not None

    def _candidates(self, conn: Connection, facet: Facet) -> str | None:
        """The incident this event joins (most members, then oldest id), or None."""
        if facet.date_start is None:
            return None
        t = incident_events
        near = (
            select(t.c.incident_id).join(incidents, incidents.c.incident_id == t.c.incident_id).where(
                t.c.kind == facet.kind, t.c.date_start <= facet.date_end, t.c.date_end >= facet.date_start,
                incidents.c.pinned.is_(False),
            )
        )
        rows = conn.execute(select(t).where(t.c.incident_id.in_(near.distinct()))).all()
        members: dict[str, list[Any]] = {}
        for row in rows:
            members.setdefault(row.incident_id, []).append(row)
        best: tuple[int, str] | None = None
        for incident_id, rows_in in members.items():
            if all(merge_rule(facet, _facet(r)) for r in rows_in):
                key = (-len(rows_in), incident_id)
                best = key if best is None or key < best else best
        return best[1] if best else None

    def add(self, conn: Connection, event: DomainEvent, position: int) -> None:
        place = event.place
        actor1 = canonical_actor(event.actors[0]) if event.actors else None
        start = event.when.start
        end = event.when.end or start
        facet = Facet(event_id=event.event_id, kind=event.kind, date_start=start, date_end=end,
                      gazetteer_id=place.gazetteer_id if place else None,
                      place_name=fold((place.resolved_name or place.name) if place else None),
                      place_precision=place.precision if place else None,
                      admin1=place.admin1 if place else None, country=place.country if place else None,
                      actor1=actor1)
        pinned = self._pinned(conn, event.event_id)
        incident_id = None if pinned else self._candidates(conn, facet)
        rule, merged_with = "first", None
        if incident_id is not None:
            first = conn.execute(select(incident_events).where(incident_events.c.incident_id == incident_id)
                                 .order_by(incident_events.c.position).limit(1)).one()
            rule, merged_with = merge_rule(facet, _facet(first)) or "first", first.event_id
        outlet = conn.execute(select(incident_outlets.c.outlet)
                              .where(incident_outlets.c.report_id == event.report_id)).scalar()
        conn.execute(incident_events.insert().values(
            event_id=event.event_id, report_id=event.report_id, incident_id=incident_id or event.event_id,
            type_name=event.type_name, kind=event.kind, date_start=start, date_end=end,
            gazetteer_id=facet.gazetteer_id, place_name=facet.place_name,
            place_precision=facet.place_precision,
            admin1=facet.admin1, country=facet.country, actor1=actor1, outlet=outlet, position=position,
            rule=rule, merged_with=merged_with, data=event.model_dump(mode="json"),
        ))
        self._refresh(conn, incident_id or event.event_id, pinned=pinned)

    def remove(self, conn: Connection, event_id: str) -> None:
        incident_id = conn.execute(select(incident_events.c.incident_id)
                                   .where(incident_events.c.event_id == event_id)).scalar()
        if incident_id is None:
            return
        conn.execute(incident_events.delete().where(incident_events.c.event_id == event_id))
        # The rest of the incident is merged again from scratch, in log order: what the log alone
        # would have produced had the removed event never been there.
        rest = conn.execute(select(incident_events).where(incident_events.c.incident_id == incident_id)
                            .order_by(incident_events.c.position)).all()
        conn.execute(incident_events.delete().where(incident_events.c.incident_id == incident_id))
        conn.execute(incidents.delete().where(incidents.c.incident_id == incident_id))
        for row in rest:
            event = self._typed(row)
            self.add(conn, event, row.position)

    def _typed(self, row: Any) -> DomainEvent:
        from timeline.domain.events import BY_TYPE_NAME

        return BY_TYPE_NAME[row.type_name].model_validate(row.data)  # type: ignore[return-value]

    def _refresh(self, conn: Connection, incident_id: str, pinned: bool) -> None:
        t = incident_events
        stats = conn.execute(
            select(t.c.kind, func.max(t.c.date_start), func.min(t.c.date_end), func.count(),
                   func.count(t.c.report_id.distinct()), func.count(func.lower(t.c.outlet).distinct()))
            .where(t.c.incident_id == incident_id).group_by(t.c.kind)
        ).first()
        conn.execute(incidents.delete().where(incidents.c.incident_id == incident_id))
        if stats is None:
            return
        kind, start, end, events, reports, outlets = stats
        # A report without a named outlet still counts as one source of its own.
        unnamed = conn.execute(select(func.count(t.c.report_id.distinct()))
                               .where(t.c.incident_id == incident_id, t.c.outlet.is_(None))).scalar() or 0
        conn.execute(incidents.insert().values(
            incident_id=incident_id, kind=kind, date_start=start, date_end=end, event_count=events,
            report_count=reports, outlet_count=int(outlets) + int(unnamed), pinned=pinned,
        ))
