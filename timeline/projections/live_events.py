"""Shared base for read models that follow the live state of domain events from the log (added,
retracted, corrected, superseded by re-extraction), each keeping its own copy in its own table."""

from __future__ import annotations

import abc
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from sqlalchemy import Connection, Table, select

from timeline.domain.events import (
    BY_TYPE_NAME,
    DomainEvent,
    EventCorrected,
    EventRetracted,
    ReportReceived,
    ReportReextracted,
)
from timeline.domain.serialization import from_stored
from timeline.projections.base import Projection
from timeline.projections.rows import corrected_event
from timeline.store.base import StoredEvent


class Outlets:
    """One batch's view of a projection's (report_id, outlet) table: looked up in bulk, new rows
    inserted once at the end (`write`)."""

    def __init__(self, conn: Connection, table: Table) -> None:
        self.conn, self.table = conn, table
        self.known: dict[str, str | None] = {}  # report id -> outlet, for reports with a row
        self.looked_up: set[str] = set()
        self.new: list[dict[str, Any]] = []

    def look_up(self, report_ids: Iterable[str | None]) -> None:
        wanted = sorted({r for r in report_ids if r} - self.looked_up)
        self.looked_up.update(wanted)
        for i in range(0, len(wanted), 500):  # below SQLite's bound-parameter limit
            query = select(self.table).where(self.table.c.report_id.in_(wanted[i : i + 500]))
            self.known.update({r.report_id: r.outlet for r in self.conn.execute(query)})

    def outlet(self, report_id: str) -> str | None:
        self.look_up([report_id])
        return self.known.get(report_id)

    def received(self, report: ReportReceived) -> None:
        """A report's outlet, unless the table already has a row for it."""
        self.look_up([report.report_id])
        if report.report_id not in self.known:
            self.known[report.report_id] = report.source
            self.new.append({"report_id": report.report_id, "outlet": report.source})

    def write(self) -> None:
        if self.new:
            self.conn.execute(self.table.insert(), self.new)

    @staticmethod
    def report_ids(events: Sequence[StoredEvent]) -> set[str | None]:
        return {e.metadata.get("report_id") or e.data.get("report_id") for e in events}


class LiveEventProjection(Projection):
    """Subclasses keep `live_table` (columns event_id, report_id, type_name, data at least) and say
    what to do when an event becomes live (`add`) or stops being live (`remove`). Only events a
    subclass `wants` are kept, so a correction that turns an unwanted event into a wanted kind is
    not seen (the control projection's known gap)."""

    live_table: ClassVar[Table]

    def wants(self, event: DomainEvent) -> bool:
        return True

    @abc.abstractmethod
    def add(self, conn: Connection, event: DomainEvent, position: int) -> None: ...

    @abc.abstractmethod
    def remove(self, conn: Connection, event_id: str) -> None: ...

    def on_report(self, conn: Connection, report: ReportReceived) -> None:  # noqa: B027 - optional hook
        pass

    def on_other(self, conn: Connection, event: Any, position: int) -> None:  # noqa: B027 - optional hook
        pass

    def live_event(self, conn: Connection, event_id: str) -> DomainEvent | None:
        t = self.live_table
        row = conn.execute(select(t.c.type_name, t.c.data).where(t.c.event_id == event_id)).first()
        if row is None:
            return None
        cls = BY_TYPE_NAME[row.type_name]
        return cls.model_validate(row.data)  # type: ignore[return-value]

    def live_ids(self, conn: Connection, report_id: str) -> list[str]:
        """Ids of a report's live events (in log order)."""
        t = self.live_table
        query = select(t.c.event_id).where(t.c.report_id == report_id).order_by(t.c.position, t.c.event_id)
        return list(conn.execute(query).scalars())

    def prepare(self, conn: Connection, events: Sequence[tuple[StoredEvent, Any]]) -> None:  # noqa: B027
        """Optional hook: see a batch's decoded events before they are applied."""

    def apply(self, conn: Connection, events: Sequence[StoredEvent]) -> None:
        decoded = [(stored, from_stored(stored)) for stored in events]
        self.prepare(conn, decoded)
        for stored, event in decoded:
            if isinstance(event, ReportReceived):
                self.on_report(conn, event)
            elif isinstance(event, DomainEvent):
                if self.wants(event):
                    self.add(conn, event, stored.position)
            elif isinstance(event, EventRetracted):
                self.remove(conn, event.target_event_id)
            elif isinstance(event, EventCorrected):
                current = self.live_event(conn, event.target_event_id)
                if current is not None:
                    self.remove(conn, current.event_id)
                    self.add(conn, corrected_event(current, event.changes), stored.position)
            elif isinstance(event, ReportReextracted):
                for event_id in self.live_ids(conn, event.report_id):
                    self.remove(conn, event_id)
            else:
                self.on_other(conn, event, stored.position)
