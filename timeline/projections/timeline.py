"""The `timeline` projection: one row per live domain event, with retractions, corrections and
re-extractions applied, its report's outlet and date denormalised, and (actor, event) pairs for filters."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from sqlalchemy import Connection, Table, select

from timeline.domain.events import (
    DomainEvent,
    EventCorrected,
    EventRetracted,
    ReportReceived,
    ReportReextracted,
)
from timeline.domain.serialization import from_stored
from timeline.projections.base import Projection
from timeline.projections.rows import change_columns, event_columns
from timeline.projections.tables import ReportRow, TimelineActorRow, TimelineRow
from timeline.store.base import StoredEvent

entries: Table = TimelineRow.__table__  # type: ignore[attr-defined]
actors: Table = TimelineActorRow.__table__  # type: ignore[attr-defined]
reports: Table = ReportRow.__table__  # type: ignore[attr-defined]
REPORT_FIELDS = ("source", "url", "title", "published")
_CHUNK = 500  # ids per IN (...) list; below SQLite's bound-parameter limit


def chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class _Batch:
    """The rows one batch touches, kept in memory and written once at the end (executemany)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.work: dict[str, dict[str, Any] | None] = {}  # event id -> row, or None when it left
        self.stale: set[str] = set()  # ids whose pre-batch row must be deleted before writing
        self.wiped: list[str] = []  # reports whose pre-batch rows all go (re-extraction)
        self.report_meta: dict[str, dict[str, Any]] = {}

    def meta(self, report_id: str) -> dict[str, Any]:
        if report_id not in self.report_meta:
            cols = [reports.c[f] for f in REPORT_FIELDS]
            row = self.conn.execute(select(*cols).where(reports.c.report_id == report_id)).first()
            self.report_meta[report_id] = dict(row._mapping) if row else dict.fromkeys(REPORT_FIELDS)
        return self.report_meta[report_id]

    def current(self, event_id: str) -> dict[str, Any] | None:
        """The live row of an event, from this batch or the table (None if retracted/superseded)."""
        if event_id in self.work:
            return self.work[event_id]
        row = self.conn.execute(select(entries).where(entries.c.event_id == event_id)).first()
        if row is None or row.report_id in self.wiped:
            return None
        self.stale.add(event_id)
        return dict(row._mapping)

    def wipe(self, report_id: str) -> None:
        self.wiped.append(report_id)
        for event_id, row in self.work.items():
            if row is not None and row["report_id"] == report_id:
                self.work[event_id] = None

    def write(self) -> None:
        conn = self.conn
        for report_id in self.wiped:
            ids = select(entries.c.event_id).where(entries.c.report_id == report_id)
            conn.execute(actors.delete().where(actors.c.event_id.in_(ids)))
            conn.execute(entries.delete().where(entries.c.report_id == report_id))
        for part in chunks(sorted(self.stale)):
            conn.execute(actors.delete().where(actors.c.event_id.in_(part)))
            conn.execute(entries.delete().where(entries.c.event_id.in_(part)))
        rows = [row for row in self.work.values() if row is not None]
        if rows:
            conn.execute(entries.insert(), rows)
            pairs = {(a, row["event_id"]) for row in rows for a in row["actors"]}
            if pairs:
                conn.execute(actors.insert(), [{"actor": a, "event_id": e} for a, e in sorted(pairs)])


class TimelineProjection(Projection):
    """Timeline rows; see module docstring. Needs the `reports` projection applied first (registry order)
    for events whose ReportReceived fell in an earlier batch."""

    name: ClassVar[str] = "timeline"
    tables: ClassVar[tuple[Table, ...]] = (entries, actors)

    def apply(self, conn: Connection, events: Sequence[StoredEvent]) -> None:
        batch = _Batch(conn)
        for stored in events:
            event = from_stored(stored)
            if isinstance(event, ReportReceived):
                batch.report_meta[event.report_id] = {f: getattr(event, f) for f in REPORT_FIELDS}
            elif isinstance(event, DomainEvent):
                row = event_columns(event)
                row.update(batch.meta(event.report_id), position=stored.position, corrected=False, extra={})
                batch.work[event.event_id] = row
            elif isinstance(event, EventRetracted):
                if batch.current(event.target_event_id) is not None:
                    batch.work[event.target_event_id] = None
            elif isinstance(event, EventCorrected):
                self._correct(batch, event, stored.position)
            elif isinstance(event, ReportReextracted):
                batch.wipe(event.report_id)
        batch.write()

    @staticmethod
    def _correct(batch: _Batch, event: EventCorrected, position: int) -> None:
        row = batch.current(event.target_event_id)
        if row is None:
            return  # correcting a retracted or superseded event changes nothing visible
        batch.work[event.target_event_id] = {
            **row,
            **change_columns(event.changes),
            "position": position,
            "corrected": True,
        }

