"""Territorial control: the live gains and losses of named places (types whose `control` fact says so),
kept from the live-events fold's changes so `timeline.query.control` can derive who held what when."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from sqlalchemy import Connection, Table

from timeline.domain.actors import ActorVocabulary
from timeline.domain.events import DomainEvent
from timeline.domain.live import Change, Remove, Upsert
from timeline.projections.base import Projection, Tables
from timeline.projections.tables import control_events
from timeline.store.dialect import chunks


def says_who_holds(event: DomainEvent) -> bool:
    """A gain or loss of a named place by a named party (without either, it says nothing of control)."""
    return event.control is not None and event.place is not None and bool(event.actors)


class ControlProjection(Projection):
    """Rows are collected per batch and written once at its end (deletes, then inserts)."""

    name: ClassVar[str] = "control"
    tables: ClassVar[tuple[Table, ...]] = (control_events,)

    def __init__(self, actors: ActorVocabulary) -> None:
        self.actors = actors  # actors are kept by canonical name: periods group by controller

    def inputs(self) -> str:
        return f"actors:{self.actors.fingerprint}"

    def apply(self, conn: Connection, changes: Sequence[Change], tables: Tables) -> None:
        table = tables[control_events]
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
            conn.execute(table.delete().where(table.c.event_id.in_(part)))
        if pending:
            conn.execute(table.insert(), list(pending.values()))

    def _row(self, change: Upsert) -> dict[str, Any]:
        event = change.event
        place = event.place
        assert place is not None
        return {
            "event_id": event.event_id, "report_id": event.report_id, "kind": event.kind,
            "gazetteer_id": place.gazetteer_id,
            "place_name": place.resolved_name or place.name, "place_precision": place.precision,
            "admin1": place.admin1, "country": place.country, "lat": place.lat, "lon": place.lon,
            "date_start": event.when.start, "date_end": event.when.end or event.when.start,
            "actor": self.actors.canonical(event.actors[0]),
            "other_actor": self.actors.canonical(event.actors[1]) if len(event.actors) > 1 else None,
            "outlet": change.report.source, "position": change.live.position,
        }  # fmt: skip
