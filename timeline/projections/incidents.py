"""Incidents: events from different reports that are the same happening, merged greedily in log order
(complete linkage: a newcomer must be mergeable with every member, checked against the incident's summary),
each merge recorded with its rule. An event a curator split out (a pinned live event) stays alone; when a
member is corrected, split or withdrawn, the rest of its incident is merged again from scratch, in log
order: what the log alone would have produced had the change always been there."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from sqlalchemy import Connection, Table, case, distinct, func, select

from timeline.domain.actors import ActorVocabulary
from timeline.domain.incident_rules import Facet, fold
from timeline.domain.live import Change, LiveEvent, Remove, Upsert
from timeline.projections.base import Projection, Tables
from timeline.projections.incident_index import (
    IncidentIndex,
    Summary,
    may_merge,
    place_of,
    probe_rows,
)
from timeline.projections.rows import day
from timeline.projections.spans import SPAN_BOUNDS, span_class
from timeline.projections.tables import incident_events, incidents
from timeline.store.dialect import chunks, insert_rows, select_with_rows

_PROBES = {  # index -> (w columns, condition on member t): see incident_index.probe_rows
    "name": ([("kind", "text"), ("key", "text")], "t.place_name = w.key"),
    "name_without_id": ([("kind", "text"), ("key", "text")],
                        "t.place_name = w.key AND t.gazetteer_id IS NULL"),
    "gazetteer": ([("kind", "text"), ("key", "text")], "t.gazetteer_id = w.key"),
    "admin1": ([("kind", "text"), ("key", "text"), ("prec", "text")],
               "t.admin1 = w.key AND t.place_precision = w.prec"),
    "country": ([("kind", "text"), ("key", "text"), ("prec", "text")],
                "t.country = w.key AND t.place_precision = w.prec"),
    "country_inner": ([("kind", "text"), ("key", "text")],
                      "t.country = w.key AND t.place_precision <> 'country'"),
}  # fmt: skip
_WINDOW = [("cls", "int"), ("lo", "date"), ("hi", "date"), ("s", "date")]


class IncidentsProjection(Projection):
    name: ClassVar[str] = "incidents"
    schema_version: ClassVar[int] = 2
    tables: ClassVar[tuple[Table, ...]] = (incidents, incident_events)
    apply_indexes: ClassVar[frozenset[str]] = frozenset({"ix_incident_events_incident"})  # members of one

    def __init__(self, actors: ActorVocabulary) -> None:
        self.actors = actors  # the merge rules compare first actors by canonical name

    def inputs(self) -> str:
        return f"actors:{self.actors.fingerprint}|spans:{SPAN_BOUNDS}"  # members store their length class

    def facet(self, live: LiveEvent) -> Facet:
        data = live.data
        place, when, actors = data.get("place"), data.get("when") or {}, data.get("actors")
        start = day(when.get("start"))
        if not place:
            return Facet(live.event_id, live.cls.kind, start, day(when.get("end")) or start, None, None, None,
                         None, None, self.actors.canonical(actors[0]) if actors else None)  # fmt: skip
        return Facet(event_id=live.event_id, kind=live.cls.kind, date_start=start,
                     date_end=day(when.get("end")) or start, gazetteer_id=place.get("gazetteer_id"),
                     place_name=fold(place.get("resolved_name") or place.get("name")),
                     place_precision=place.get("precision", "locality"), admin1=place.get("admin1"),
                     country=place.get("country"),
                     actor1=self.actors.canonical(actors[0]) if actors else None)  # fmt: skip

    def apply(self, conn: Connection, changes: Sequence[Change], tables: Tables) -> None:
        # a rebuild is the only writer of its tables: every incident stays in memory between batches
        index = tables.state.setdefault(self.name, IncidentIndex()) if tables.exclusive else IncidentIndex()
        work = _Work(conn, tables, index)
        facets = {id(c): self.facet(c.live) for c in changes if isinstance(c, Upsert)}
        work.load_candidates(facets.values())
        for change in changes:
            if isinstance(change, Upsert):
                if not change.first:  # corrected or split: merged again as it now is
                    work.remove(change.event_id)
                work.add(facets[id(change)], change.report.report_id, change.report.source,
                         change.live.position, change.live.pinned)  # fmt: skip
            elif isinstance(change, Remove):
                work.remove(change.event_id)
        work.write()


class _Work:
    """One batch: member rows and incident summaries changed in memory, written once at the end."""

    def __init__(self, conn: Connection, tables: Tables, index: IncidentIndex) -> None:
        self.conn, self.index = conn, index
        self.members, self.heads = tables[incident_events], tables[incidents]
        self.exclusive = tables.exclusive
        self.pending: dict[str, dict[str, Any] | None] = {}  # event id -> row to write, None: gone
        self.pending_in: dict[str, set[str]] = {}  # incident id -> event ids of its pending rows
        self.stored_changed: set[str] = set()  # event ids whose stored row is deleted
        self.dirty: set[str] = set()  # incidents whose summary row is rewritten
        self.dissolved: set[str] = set()  # incidents taken apart: their stored summary row goes
        self.probed: set[str] = set()  # facets (event ids) whose candidates are loaded

    # -- candidates ---------------------------------------------------------------------------------
    def load_candidates(self, facets: Iterable[Facet]) -> None:
        """Bring into memory the stored incidents the facets could join (not needed in a rebuild: every
        incident is in memory already)."""
        todo = [f for f in facets if may_merge(f) and f.event_id not in self.probed]
        self.probed.update(f.event_id for f in todo)
        if self.exclusive or not todo:
            return
        found: set[str] = set()
        table = self.members.name
        for index, rows in probe_rows(todo).items():
            columns, condition = _PROBES[index]
            body = (f"SELECT DISTINCT t.incident_id FROM w JOIN {table} t ON t.kind = w.kind AND {condition} "
                    "AND t.span_class = w.cls AND t.date_start >= w.lo AND t.date_start <= w.hi "
                    "AND t.date_end >= w.s")  # fmt: skip
            found.update(i for (i,) in select_with_rows(self.conn, columns + _WINDOW, sorted(rows), body))
        wanted = sorted(found - self.index.summaries.keys() - self.dissolved)
        for part in chunks(wanted):
            for row in self.conn.execute(select(self.heads).where(self.heads.c.incident_id.in_(part))):
                self.index.put(Summary.from_row(row))

    # -- changing -----------------------------------------------------------------------------------
    def add(self, f: Facet, report_id: str, outlet: str | None, position: int, pinned: bool) -> None:
        self.load_candidates([f])
        report_id = sys.intern(report_id)  # a few thousand reports, referenced by every incident
        best = None if pinned else self.index.best(f)
        rule, merged_with = "first", None
        if best is None:
            summary = Summary(f.event_id, f.kind, None, None, pinned, f, position)
            summary.add(f, position, report_id, outlet)
            self.index.put(summary)
        else:
            rule, merged_with = best.rule_for(f), best.first.event_id
            new_place = None if place_of(f) in best.places else place_of(f)
            best.add(f, position, report_id, outlet)
            self.index.grew(best, new_place)
            summary = best
        self.dirty.add(summary.incident_id)
        self.pending_in.setdefault(summary.incident_id, set()).add(f.event_id)
        self.pending[f.event_id] = {
            "event_id": f.event_id, "incident_id": summary.incident_id, "report_id": report_id,
            "kind": f.kind,
            "date_start": f.date_start, "date_end": f.date_end, "gazetteer_id": f.gazetteer_id,
            "place_name": f.place_name, "place_precision": f.place_precision, "admin1": f.admin1,
            "country": f.country, "actor1": f.actor1, "outlet": outlet,
            "outlet_key": outlet.lower() if outlet is not None else None, "position": position, "rule": rule,
            "merged_with": merged_with, "pinned": pinned, "span_class": span_class(f.date_start, f.date_end),
        }  # fmt: skip

    def remove(self, event_id: str) -> None:
        """Take the event's incident apart and merge the rest again, in log order."""
        incident_id = self._incident_of(event_id)
        if incident_id is None:
            return
        rows = self._rows_of(incident_id)
        self.index.drop(incident_id)
        self.dissolved.add(incident_id)
        self.dirty.discard(incident_id)
        for row in rows:
            self._forget(row["event_id"])
        for row in sorted((r for r in rows if r["event_id"] != event_id), key=lambda r: r["position"]):
            facet = Facet(row["event_id"], row["kind"], row["date_start"], row["date_end"],
                          row["gazetteer_id"], row["place_name"], row["place_precision"], row["admin1"],
                          row["country"], row["actor1"])  # fmt: skip
            self.add(facet, row["report_id"], row["outlet"], row["position"], row["pinned"])

    def _forget(self, event_id: str) -> None:
        if event_id not in self.pending:
            self.stored_changed.add(event_id)
        self.pending[event_id] = None

    def _incident_of(self, event_id: str) -> str | None:
        if event_id in self.pending:
            row = self.pending[event_id]
            return row["incident_id"] if row else None
        query = select(self.members.c.incident_id).where(self.members.c.event_id == event_id)
        return self.conn.execute(query).scalar()

    def _rows_of(self, incident_id: str) -> list[dict[str, Any]]:
        stored = self.conn.execute(select(self.members).where(self.members.c.incident_id == incident_id))
        rows = [dict(r._mapping) for r in stored if r.event_id not in self.pending]
        for event_id in self.pending_in.pop(incident_id, ()):
            row = self.pending[event_id]
            if row is not None and row["incident_id"] == incident_id:
                rows.append(row)
        return rows

    # -- writing ------------------------------------------------------------------------------------
    def write(self) -> None:
        conn, members, heads = self.conn, self.members, self.heads
        for part in chunks(sorted(self.stored_changed)):
            conn.execute(members.delete().where(members.c.event_id.in_(part)))
        insert_rows(conn, members, [row for row in self.pending.values() if row is not None])
        summaries = [self.index.summaries[i] for i in sorted(self.dirty) if i in self.index.summaries]
        self._recount([s for s in summaries if s.counts is not None])
        gone = self.dissolved | {s.incident_id for s in summaries if s.stored}
        for part in chunks(sorted(gone)):
            conn.execute(heads.delete().where(heads.c.incident_id.in_(part)))
        insert_rows(conn, heads, [s.row() for s in summaries])
        for s in summaries:
            s.stored = True

    def _recount(self, summaries: list[Summary]) -> None:
        """Corroboration of incidents loaded from the table that gained members: counted from the members
        (their sources are not kept in memory), as `Summary.source` counts them."""
        m = self.members.c
        by_id = {s.incident_id: s for s in summaries}
        for part in chunks(sorted(by_id)):
            reports, outlets = func.count(distinct(m.report_id)), func.count(distinct(m.outlet_key))
            unnamed = func.count(distinct(case((m.outlet_key.is_(None), m.report_id))))
            query = select(m.incident_id, reports, outlets, unnamed).where(m.incident_id.in_(part))
            query = query.group_by(m.incident_id)
            for incident_id, n_reports, n_outlets, without in self.conn.execute(query):
                by_id[incident_id].counts = (int(n_reports), int(n_outlets) + int(without))
