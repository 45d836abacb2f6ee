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
from timeline.store.dialect import chunks, insert_rows


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
        latest = {c.report.report_id: c for c in changes if isinstance(c, ReportChanged)}
        first = min((c.position for c in changes), default=0)
        # reports received before this batch have a row: it is replaced
        stored = {r for r, c in latest.items() if c.report.position < first}
        for part in chunks(sorted(stored)):
            conn.execute(table.delete().where(table.c.report_id.in_(part)))
        insert_rows(conn, table, [report_row(c) for c in latest.values()])
