"""Incidents: events from different reports that are the same happening, merged greedily in log
order (complete linkage: a newcomer must be mergeable with every member), each merge recorded with
its rule; an `IncidentSplit` curation event takes an event out and keeps it out. Each batch works on
an in-memory copy of the incidents it touches (`incident_work`) and writes them once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, Column, Connection, Date, Index, Integer, String, Table, inspect, select
from sqlmodel import SQLModel

from timeline.domain.events import BY_TYPE_NAME, DomainEvent, IncidentSplit, ReportReceived
from timeline.projections.incident_rules import Facet, fold, merge_rule
from timeline.projections.incident_work import IncidentWork, chunks, span_class
from timeline.projections.live_events import LiveEventProjection
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
        self._pins: set[str] = set()
        self._outlets: dict[str, str | None] = {}  # report id -> outlet, for reports with a row
        self._looked_up: set[str] = set()
        self._new_outlets: list[dict[str, Any]] = []

    def reset(self, conn: Connection) -> None:
        columns = {c["name"] for c in inspect(conn).get_columns(incident_events.name)}
        if "span_class" not in columns:  # a table from before the column: recreate it on rebuild
            incident_events.drop(conn)
            incident_events.create(conn)
        super().reset(conn)

    def apply(self, conn: Connection, events: Sequence[StoredEvent]) -> None:
        self._work = IncidentWork(conn, incident_events, incidents)
        self._pins = set(conn.execute(select(incident_pins.c.event_id)).scalars())
        self._outlets, self._looked_up, self._new_outlets = {}, set(), []
        self._look_up(conn, {str(e.metadata.get("report_id") or e.data.get("report_id")) for e in events})
        try:
            super().apply(conn, events)  # prepare() first preloads the incidents the batch can join
            if self._new_outlets:
                conn.execute(incident_outlets.insert(), self._new_outlets)
            self._work.write()
        finally:
            self._work = None

    def prepare(self, conn: Connection, events: Sequence[tuple[StoredEvent, Any]]) -> None:
        self._working().preload(
            (e.kind, e.when.start, e.when.end or e.when.start)
            for _, e in events
            if isinstance(e, DomainEvent) and e.when.start is not None
        )

    def _look_up(self, conn: Connection, report_ids: Iterable[str]) -> None:
        wanted = sorted({r for r in report_ids if r} - self._looked_up)
        self._looked_up.update(wanted)
        for part in chunks(wanted):
            query = select(incident_outlets).where(incident_outlets.c.report_id.in_(part))
            self._outlets.update({r.report_id: r.outlet for r in conn.execute(query)})

    def _outlet(self, conn: Connection, report_id: str) -> str | None:
        self._look_up(conn, [report_id])
        return self._outlets.get(report_id)

    def on_report(self, conn: Connection, report: ReportReceived) -> None:
        self._look_up(conn, [report.report_id])
        if report.report_id not in self._outlets:
            self._outlets[report.report_id] = report.source
            self._new_outlets.append({"report_id": report.report_id, "outlet": report.source})

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
        if facet.date_start is None:
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
            "country": facet.country, "actor1": actor1, "outlet": self._outlet(conn, event.report_id),
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
