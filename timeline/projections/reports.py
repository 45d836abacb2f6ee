"""The `reports` projection: the catalogue of received reports (outlet, title, dates, extractor version,
number of live events), from the live-events fold's `ReportChanged`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from typing import Any, ClassVar

from sqlalchemy import Connection, Table

from timeline.domain.live import Change, ReportChanged
from timeline.projections.base import Projection, Tables
from timeline.projections.tables import reports
from timeline.store.dialect import chunks


def report_row(change: ReportChanged) -> dict[str, Any]:
    r = change.report
    return {
        "report_id": r.report_id, "stream_id": r.stream_id, "source": r.source, "url": r.url,
        "title": r.title, "published": r.published, "published_rule": r.published_rule,
        "received_at": r.received_at.astimezone(UTC), "content_type": r.content_type,
        "text_length": r.text_length, "extractor_version": change.extractor_version,
        "event_count": change.live_count, "position": r.position,
    }  # fmt: skip


class ReportsProjection(Projection):
    """One row per report, rewritten when its stream changes."""

    name: ClassVar[str] = "reports"
    tables: ClassVar[tuple[Table, ...]] = (reports,)

    def apply(self, conn: Connection, changes: Sequence[Change], tables: Tables) -> None:
        table = tables[reports]
        latest: dict[str, ReportChanged] = {}
        stored: set[str] = set()  # reports received before this batch: their row is replaced
        for change in changes:
            if isinstance(change, ReportChanged):
                report_id = change.report.report_id
                if report_id not in latest and change.position != change.report.position:
                    stored.add(report_id)
                latest[report_id] = change
        for part in chunks(sorted(stored)):
            conn.execute(table.delete().where(table.c.report_id.in_(part)))
        if latest:
            conn.execute(table.insert(), [report_row(c) for c in latest.values()])
