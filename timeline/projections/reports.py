"""The `reports` projection: the catalogue of received reports (outlet, title, dates, extractor version,
number of events of the current extraction)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from typing import Any, ClassVar

from sqlalchemy import Connection, Table, bindparam, select

from timeline.domain.events import DomainEvent, ReportReceived, ReportReextracted
from timeline.domain.serialization import from_stored
from timeline.projections.base import Projection
from timeline.projections.tables import ReportRow
from timeline.projections.timeline import chunks
from timeline.store.base import StoredEvent

reports: Table = ReportRow.__table__  # type: ignore[attr-defined]


class ReportsProjection(Projection):
    """One row per ReportReceived; domain events count towards their report's current extraction and a
    ReportReextracted starts the count again under the new extractor version."""

    name: ClassVar[str] = "reports"
    tables: ClassVar[tuple[Table, ...]] = (reports,)

    def apply(self, conn: Connection, events: Sequence[StoredEvent]) -> None:
        new: dict[str, dict[str, Any]] = {}
        known = self._load(conn, events)
        for stored in events:
            event = from_stored(stored)
            if isinstance(event, ReportReceived):
                new[event.report_id] = {
                    "report_id": event.report_id,
                    "stream_id": stored.stream_id,
                    "source": event.source,
                    "url": event.url,
                    "title": event.title,
                    "published": event.published,
                    "published_rule": event.published_rule,
                    "received_at": event.received_at.astimezone(UTC),
                    "content_type": event.content_type,
                    "text_length": len(event.text),
                    "extractor_version": stored.metadata.get("extractor_version"),
                    "event_count": 0,
                    "position": stored.position,
                }
                continue
            report_id = getattr(event, "report_id", None)
            row = (new.get(report_id) or known.get(report_id)) if report_id else None
            if row is None:
                continue
            if isinstance(event, DomainEvent):
                row["event_count"] += 1
                row["extractor_version"] = event.extractor.version
            elif isinstance(event, ReportReextracted):
                row["event_count"] = 0
                row["extractor_version"] = event.extractor_version
        if new:
            conn.execute(reports.insert(), list(new.values()))
        if known:
            conn.execute(
                reports.update()
                .where(reports.c.report_id == bindparam("key"))
                .values(event_count=bindparam("count"), extractor_version=bindparam("version")),
                [
                    {"key": k, "count": r["event_count"], "version": r["extractor_version"]}
                    for k, r in known.items()
                ],
            )

    @staticmethod
    def _load(conn: Connection, events: Sequence[StoredEvent]) -> dict[str, dict[str, Any]]:
        """Rows of reports that this batch changes but did not create."""
        created = {e.data.get("report_id") for e in events if e.type == "ReportReceived"}
        wanted = sorted(
            {str(e.metadata["report_id"]) for e in events if e.metadata.get("report_id")} - created
        )
        cols = (reports.c.report_id, reports.c.event_count, reports.c.extractor_version)
        rows: dict[str, dict[str, Any]] = {}
        for part in chunks(wanted):
            for r in conn.execute(select(*cols).where(reports.c.report_id.in_(part))):
                rows[r.report_id] = {"event_count": r.event_count, "extractor_version": r.extractor_version}
        return rows
