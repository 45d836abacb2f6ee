"""Incidents: events from different reports that are the same happening, merged greedily in log
order (complete linkage: a newcomer must be mergeable with every member), each merge recorded with
its rule; an `IncidentSplit` curation event takes an event out and keeps it out. Each batch works on
an in-memory copy of the incidents it touches (`incident_work`) and writes them once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, Column, Connection, Date, Index, Integer, String, Table, inspect, select
from sqlmodel import SQLModel

from timeline.domain.events import BY_TYPE_NAME, DomainEvent, IncidentSplit, ReportReceived
from timeline.projections.incident_rules import Facet, fold, merge_rule
from timeline.projections.incident_work import IncidentWork, span_class
from timeline.projections.live_events import LiveEventProjection, Outlets
from timeline.query.vocabulary import canonical_actor
from timeline.store.base import StoredEvent

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
    Column("span_class", Integer, nullable=False),  # interval length class, see incident_work
    Index("ix_incident_events_candidates", "kind", "span_class", "date_start", "date_end"),
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



class IncidentsProjection(LiveEventProjection):
    name: ClassVar[str] = "incidents"
    tables: ClassVar[tuple[Table, ...]] = (incident_outlets, incident_pins, incidents, incident_events)
    live_table: ClassVar[Table] = incident_events

    def __init__(self) -> None:
        self._work: IncidentWork | None = None
        self._outlets: Outlets | None = None
        self._pins: set[str] = set()

    def reset(self, conn: Connection) -> None:
        columns = {c["name"] for c in inspect(conn).get_columns(incident_events.name)}
        if "span_class" not in columns:  # a table from before the column: recreate it on rebuild
            incident_events.drop(conn)
            incident_events.create(conn)
        super().reset(conn)

    def apply(self, conn: Connection, events: Sequence[StoredEvent]) -> None:
        self._work = IncidentWork(conn, incident_events, incidents)
        self._outlets = Outlets(conn, incident_outlets)
        self._outlets.look_up(Outlets.report_ids(events))
        self._pins = set(conn.execute(select(incident_pins.c.event_id)).scalars())
        try:
            super().apply(conn, events)  # prepare() first preloads the incidents the batch can join
            self._outlets.write()
            self._work.write()
        finally:
            self._work = self._outlets = None

    def prepare(self, conn: Connection, events: Sequence[tuple[StoredEvent, Any]]) -> None:
        facets = (self._facet(e) for _, e in events if isinstance(e, DomainEvent))
        self._working().preload(f for f in facets if self._may_merge(f))

    @staticmethod
    def _facet(event: DomainEvent) -> Facet:
        place = event.place
        return Facet(event_id=event.event_id, kind=event.kind, date_start=event.when.start,
                     date_end=event.when.end or event.when.start,
                     gazetteer_id=place.gazetteer_id if place else None,
                     place_name=fold((place.resolved_name or place.name) if place else None),
                     place_precision=place.precision if place else None,
                     admin1=place.admin1 if place else None, country=place.country if place else None,
                     actor1=canonical_actor(event.actors[0]) if event.actors else None)  # fmt: skip

    @staticmethod
    def _may_merge(facet: Facet) -> bool:
        """Undated or unplaced events never merge (dates_overlap / place_relation say no)."""
        placed = facet.place_name is not None or facet.gazetteer_id is not None
        return facet.date_start is not None and placed

    def on_report(self, conn: Connection, report: ReportReceived) -> None:
        assert self._outlets is not None
        self._outlets.received(report)

    def on_other(self, conn: Connection, event: Any, position: int) -> None:
        if isinstance(event, IncidentSplit):
            work = self._working()
            current = self.live_event(conn, event.target_event_id)
            conn.execute(incident_pins.delete().where(incident_pins.c.event_id == event.target_event_id))
            conn.execute(incident_pins.insert().values(event_id=event.target_event_id, reason=event.reason))
            self._pins.add(event.target_event_id)
            if current is not None:
                work.incident_of(current.event_id)  # loads it
                row = work.members[current.event_id]
                assert row is not None
                self.remove(conn, current.event_id)
                self.add(conn, current, int(row["position"]))

    def _working(self) -> IncidentWork:
        if self._work is None:
            raise RuntimeError("the incidents projection changes rows only inside apply()")
        return self._work

    def live_event(self, conn: Connection, event_id: str) -> DomainEvent | None:
        work = self._working()
        if event_id in work.members:
            row = work.members[event_id]
            return self._typed(row["type_name"], work.data(row)) if row is not None else None
        return super().live_event(conn, event_id)

    def live_ids(self, conn: Connection, report_id: str) -> list[str]:
        return self._working().report_members(report_id)

    def _candidate(self, facet: Facet) -> str | None:
        """The incident this event joins (most members, then oldest id), or None."""
        if not self._may_merge(facet):
            return None
        work = self._working()
        best: tuple[int, str] | None = None
        for incident_id, member_ids in work.near(facet).items():
            if work.pinned.get(incident_id) is not False or not member_ids:
                continue
            if all(merge_rule(facet, work.facets[m]) for m in member_ids):
                key = (-len(member_ids), incident_id)
                best = key if best is None or key < best else best
        return best[1] if best else None

    def add(self, conn: Connection, event: DomainEvent, position: int) -> None:
        work = self._working()
        assert self._outlets is not None
        facet = self._facet(event)
        start, end, actor1 = facet.date_start, facet.date_end, facet.actor1
        pinned = event.event_id in self._pins
        incident_id = None if pinned else self._candidate(facet)
        rule, merged_with = "first", None
        if incident_id is not None:
            members = [work.members[m] or {} for m in work.groups[incident_id]]
            merged_with = min(members, key=lambda r: r["position"])["event_id"]
            rule = merge_rule(facet, work.facets[merged_with]) or "first"
        work.add({
            "event_id": event.event_id, "report_id": event.report_id,
            "incident_id": incident_id or event.event_id, "type_name": event.type_name, "kind": event.kind,
            "date_start": start, "date_end": end, "gazetteer_id": facet.gazetteer_id,
            "place_name": facet.place_name, "place_precision": facet.place_precision, "admin1": facet.admin1,
            "country": facet.country, "actor1": actor1, "outlet": self._outlets.outlet(event.report_id),
            "position": position, "rule": rule, "merged_with": merged_with,
            "data": event.model_dump(mode="json"), "span_class": span_class(start, end),
        }, pinned)

    def remove(self, conn: Connection, event_id: str) -> None:
        work = self._working()
        incident_id = work.incident_of(event_id)
        if incident_id is None:
            return
        # The rest of the incident is merged again from scratch, in log order: what the log alone
        # would have produced had the removed event never been there.
        rest = sorted((r for r in work.take_out(incident_id) if r["event_id"] != event_id),
                      key=lambda r: r["position"])
        for row in rest:
            self.add(conn, self._typed(row["type_name"], work.data(row)), row["position"])

    @staticmethod
    def _typed(type_name: str, data: dict[str, Any]) -> DomainEvent:
        return BY_TYPE_NAME[type_name].model_validate(data)  # type: ignore[return-value]
