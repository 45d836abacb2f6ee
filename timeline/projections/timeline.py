"""The `timeline` projection: one row per live domain event as curation left it, with its report's outlet
and dates denormalised, (actor, event) pairs for filters, and the rows per place and month
(timeline.projections.month_counts) for counts. It applies the live-events fold's changes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, ClassVar

from sqlalchemy import Connection, Table, select

from timeline.domain.live import Change, Remove, Upsert
from timeline.projections import month_counts
from timeline.projections.base import Projection, Tables
from timeline.projections.rows import event_columns, event_selects
from timeline.projections.spans import SPAN_BOUNDS
from timeline.projections.tables import timeline_actors, timeline_entries, timeline_month_counts
from timeline.store.bulk import PlainStreams
from timeline.store.dialect import chunks, insert_rows


def timeline_row(change: Upsert) -> dict[str, Any]:
    report = change.report
    return {
        **event_columns(change.live.cls, change.live.data),
        "source": report.source, "url": report.url, "title": report.title, "published": report.published,
        "position": change.live.position, "corrected": change.live.corrected,
    }  # fmt: skip


class TimelineProjection(Projection):
    """Timeline rows; see the module docstring. A batch's rows are written once at its end."""

    name: ClassVar[str] = "timeline"
    tables: ClassVar[tuple[Table, ...]] = (timeline_entries, timeline_actors, timeline_month_counts)
    apply_indexes: ClassVar[frozenset[str]] = frozenset({"ix_timeline_actors_event"})  # deletes by event
    bulk_capable: ClassVar[bool] = True

    def inputs(self) -> str:
        return f"spans:{SPAN_BOUNDS}"  # rows store their interval-length class

    def bulk(self, conn: Connection, streams: PlainStreams, tables: Tables) -> None:
        entries, actors = tables[timeline_entries].name, tables[timeline_actors].name
        columns = {**event_selects(streams, "e"), "source": "p.source", "url": "p.url", "title": "p.title",
                   "published": "p.published", "position": "e.position", "corrected": "FALSE"}  # fmt: skip
        streams.execute(f"INSERT INTO {entries} ({', '.join(columns)}) "
                        f"SELECT {', '.join(columns.values())} FROM {streams.later_events('e')}")  # fmt: skip
        # GROUP BY rather than DISTINCT: SQLite sorts the pairs, and the key is then written in order (its
        # DISTINCT dedups through a b-tree in random order, then writes at random: 35 s against 7 at 1M)
        streams.execute(f"INSERT INTO {actors} (actor, event_id) SELECT a.value, t.event_id "
                        f"FROM {entries} t, {streams.elements('t.actors', 'a')} "
                        f"GROUP BY a.value, t.event_id")  # fmt: skip
        month_counts.fill(conn, tables[timeline_entries], tables[timeline_month_counts])

    def apply(self, conn: Connection, changes: Sequence[Change], tables: Tables) -> None:
        entries, actors = tables[timeline_entries], tables[timeline_actors]
        work: dict[str, dict[str, Any] | None] = {}  # event id -> row, or None when it left
        stale: set[str] = set()  # ids whose stored row goes before the batch's rows are written
        for change in changes:
            if isinstance(change, Upsert):
                event_id = change.event_id
                if not change.first and event_id not in work:
                    stale.add(event_id)
                work[event_id] = timeline_row(change)
            elif isinstance(change, Remove):
                if change.event_id not in work:
                    stale.add(change.event_id)
                work[change.event_id] = None
        counted: Counter[month_counts.Key] = Counter()
        c = entries.c
        for part in chunks(sorted(stale)):
            gone = conn.execute(select(c.gazetteer_id, c.admin1, c.country, c.date_start)
                                .where(c.event_id.in_(part))).mappings()  # fmt: skip
            month_counts.tally(gone, -1, counted)
            conn.execute(actors.delete().where(actors.c.event_id.in_(part)))
            conn.execute(entries.delete().where(c.event_id.in_(part)))
        rows = [row for row in work.values() if row is not None]
        month_counts.tally(rows, 1, counted)
        month_counts.write(conn, tables[timeline_month_counts], counted)
        if rows:
            insert_rows(conn, entries, rows)
            pairs = sorted({(a, row["event_id"]) for row in rows for a in row["actors"]})
            insert_rows(conn, actors, [{"actor": a, "event_id": e} for a, e in pairs])
