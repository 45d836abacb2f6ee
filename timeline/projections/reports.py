"""The `reports` projection: the catalogue of received reports (outlet, title, dates, extractor version,
number of live events), from the live-events fold's `ReportChanged`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import Connection, Table

from timeline.domain.live import Change, ReportChanged, ReportInfo
from timeline.projections.base import Projection, Tables
from timeline.projections.rows import FROM_DATA, REPORT_FIELDS
from timeline.projections.tables import reports
from timeline.store.bulk import PLAIN, PlainStreams
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

    bulk_capable: ClassVar[bool] = True

    def bulk(self, conn: Connection, streams: PlainStreams, tables: Tables) -> None:
        """Each plain stream's catalogue entry: its live events are all its events after the first, and
        its extractor version the last one's (or what its ReportReceived was recorded with)."""
        later = ("FROM events e WHERE e.stream_id = p.stream_id AND e.stream_version > 1 "
                 f"AND e.position <= {streams.upto}")  # fmt: skip
        last = streams.value("e", FROM_DATA["extractor_version"])
        fields = list(REPORT_FIELDS)
        rows = streams.execute(
            f"SELECT p.stream_id, p.position, {', '.join(f'p.{f}' for f in fields)}, "
            f"(SELECT count(*) {later}), (SELECT {last} {later} ORDER BY e.stream_version DESC LIMIT 1) "
            f"FROM {PLAIN} p ORDER BY p.position").all()
        table = tables[reports]
        batch: list[dict[str, Any]] = []
        for stream_id, position, *values, live, last_version in rows:
            kept = dict(zip(fields, values, strict=True))
            info = ReportInfo(
                kept["report_id"], stream_id, kept["source"], kept["url"], kept["title"],
                _date(kept["published"]), kept["published_rule"], datetime.fromisoformat(kept["received_at"]),
                kept["content_type"], kept["text_length"] or 0, position)  # fmt: skip
            extractor = last_version if live else kept["received_extractor_version"]
            batch.append(report_row(ReportChanged(info, extractor, live, position)))
            if len(batch) == 5000:
                insert_rows(conn, table, batch)
                batch.clear()
        insert_rows(conn, table, batch)


def _date(value: date | str | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value
