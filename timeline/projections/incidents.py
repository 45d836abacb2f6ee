"""Incidents: events from different reports that are the same happening, merged greedily in log
order (complete linkage: a newcomer must be mergeable with every member), each merge recorded with
its rule; an event a curator split out (a pinned live event) stays alone. Each batch works on
an in-memory copy of the incidents it touches (`incident_work`) and writes them once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, Column, Connection, Date, Index, Integer, String, Table
from sqlmodel import SQLModel

from timeline.domain.actors import ActorVocabulary
from timeline.domain.events import BY_TYPE_NAME, DomainEvent
from timeline.domain.incident_rules import Facet, fold, merge_rule
from timeline.domain.live import Change, Remove, Upsert
from timeline.projections.base import Projection
from timeline.projections.incident_work import IncidentWork, span_class

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
    Column("pinned", Boolean, nullable=False),  # split out by a curator: alone, never merged
    Index("ix_incident_events_candidates", "kind", "span_class", "date_start", "date_end"),
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



class IncidentsProjection(Projection):
    name: ClassVar[str] = "incidents"
    tables: ClassVar[tuple[Table, ...]] = (incidents, incident_events)

    def __init__(self, actors: ActorVocabulary) -> None:
        self.actors = actors  # the merge rules compare first actors by canonical name
        self._work: IncidentWork | None = None

    def apply(self, conn: Connection, changes: Sequence[Change]) -> None:
        self._work = work = IncidentWork(conn, incident_events, incidents)
        try:
            facets = (self._facet(c.event) for c in changes if isinstance(c, Upsert))
            work.preload(f for f in facets if self._may_merge(f))  # what the batch's events can join
            for change in changes:
                if isinstance(change, Upsert):
                    if not change.first:  # corrected or split: merged again as it now is
                        self.remove(change.event.event_id)
                    self.add(change.event, change.report.source, change.live.position, change.live.pinned)
                elif isinstance(change, Remove):
                    self.remove(change.event_id)
            work.write()
        finally:
            self._work = None

    def _facet(self, event: DomainEvent) -> Facet:
        place = event.place
        return Facet(event_id=event.event_id, kind=event.kind, date_start=event.when.start,
                     date_end=event.when.end or event.when.start,
                     gazetteer_id=place.gazetteer_id if place else None,
                     place_name=fold((place.resolved_name or place.name) if place else None),
                     place_precision=place.precision if place else None,
                     admin1=place.admin1 if place else None, country=place.country if place else None,
                     actor1=self.actors.canonical(event.actors[0]) if event.actors else None)  # fmt: skip

    @staticmethod
    def _may_merge(facet: Facet) -> bool:
        """Undated or unplaced events never merge (dates_overlap / place_relation say no)."""
        placed = facet.place_name is not None or facet.gazetteer_id is not None
        return facet.date_start is not None and placed

    def _working(self) -> IncidentWork:
        if self._work is None:
            raise RuntimeError("the incidents projection changes rows only inside apply()")
        return self._work

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

    def add(self, event: DomainEvent, outlet: str | None, position: int, pinned: bool) -> None:
        work = self._working()
        facet = self._facet(event)
        start, end, actor1 = facet.date_start, facet.date_end, facet.actor1
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
            "country": facet.country, "actor1": actor1, "outlet": outlet,
            "position": position, "rule": rule, "merged_with": merged_with,
            "data": event.model_dump(mode="json"), "span_class": span_class(start, end), "pinned": pinned,
        }, pinned)

    def remove(self, event_id: str) -> None:
        work = self._working()
        incident_id = work.incident_of(event_id)
        if incident_id is None:
            return
        # The rest of the incident is merged again from scratch, in log order: what the log alone
        # would have produced had the removed event never been there.
        rest = sorted((r for r in work.take_out(incident_id) if r["event_id"] != event_id),
                      key=lambda r: r["position"])
        for row in rest:
            self.add(self._typed(row["type_name"], work.data(row)), row["outlet"], row["position"],
                     row["pinned"])

    @staticmethod
    def _typed(type_name: str, data: dict[str, Any]) -> DomainEvent:
        return BY_TYPE_NAME[type_name].model_validate(data)  # type: ignore[return-value]
