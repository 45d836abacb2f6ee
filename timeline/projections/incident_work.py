"""One batch's working copy of the incidents projection: members of the incidents the batch touches,
kept in memory and written once at the end, and the candidate search (indexed by kind, interval-length
class and start date, so a day-dated event looks at a few days of rows, not every earlier one)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Date, Table, bindparam, select, text

from timeline.projections.incident_rules import Facet

SPAN_BOUNDS: tuple[int | None, ...] = (0, 7, 31, 100, 366, None)  # class i: date_end - date_start <= bound
_BUCKET_DAYS = 16
_CHUNK = 500  # ids per IN (...) list; below SQLite's bound-parameter limit


def span_class(start: date | None, end: date | None) -> int:
    if start is None or end is None:
        return len(SPAN_BOUNDS) - 1
    days = (end - start).days
    return next(i for i, bound in enumerate(SPAN_BOUNDS) if bound is None or days <= bound)


def _candidate_query(table: str) -> Any:
    """Ids of rows of a kind whose interval overlaps [:s, :e], one index range per length class."""
    parts = []
    for i, bound in enumerate(SPAN_BOUNDS):
        low = f" AND date_start >= :lo{i}" if bound is not None else ""
        parts.append(f"SELECT event_id, incident_id FROM {table} WHERE kind = :kind AND span_class = {i}"
                     f" AND date_start <= :e{low} AND date_end >= :s")  # fmt: skip
    dates = [bindparam("s", type_=Date), bindparam("e", type_=Date)]
    dates += [bindparam(f"lo{i}", type_=Date) for i, b in enumerate(SPAN_BOUNDS) if b is not None]
    return text(" UNION ALL ".join(parts)).bindparams(*dates)


def facet_of(row: dict[str, Any]) -> Facet:
    return Facet(event_id=row["event_id"], kind=row["kind"], date_start=row["date_start"],
                 date_end=row["date_end"], gazetteer_id=row["gazetteer_id"], place_name=row["place_name"],
                 place_precision=row["place_precision"], admin1=row["admin1"], country=row["country"],
                 actor1=row["actor1"])  # fmt: skip


def chunks(items: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


class IncidentWork:
    """Every member of a touched incident is known here (`members`, None once it left); the tables are
    as they were before the batch until `write()`. An incident is loaded whole before it is touched."""

    def __init__(self, conn: Connection, events: Table, incidents: Table) -> None:
        self.conn, self.events, self.incidents = conn, events, incidents
        self.members: dict[str, dict[str, Any] | None] = {}  # event id -> row as it will be written
        self.facets: dict[str, Facet] = {}
        self.groups: dict[str, list[str]] = {}  # loaded incident id -> member event ids
        self.pinned: dict[str, bool | None] = {}  # incident id -> pinned flag (None: no incidents row)
        self.dirty: set[str] = set()
        self.index: dict[tuple[str, int, int], set[str]] = {}  # (kind, class, start bucket) -> event ids
        self.query = _candidate_query(events.name)
        self.ascii_lower = conn.dialect.name == "sqlite"  # SQLite's lower() folds ASCII letters only

    # -- reading ---------------------------------------------------------------------------------
    def load(self, incident_ids: Iterable[str]) -> None:
        """Bring whole incidents (members not already known here) into memory."""
        wanted = sorted(set(incident_ids) - self.groups.keys())
        for part in chunks(wanted):
            for incident_id in part:
                self.groups[incident_id] = []
                self.pinned[incident_id] = None
            heads = select(self.incidents.c.incident_id, self.incidents.c.pinned)
            for incident_id, pinned in self.conn.execute(heads.where(self.incidents.c.incident_id.in_(part))):
                self.pinned[incident_id] = bool(pinned)
            rows = self.conn.execute(select(self.events).where(self.events.c.incident_id.in_(part)))
            for row in rows:
                if row.event_id not in self.members:
                    self._put(dict(row._mapping))

    def incident_of(self, event_id: str) -> str | None:
        if event_id not in self.members:
            incident_id = self.conn.execute(select(self.events.c.incident_id)
                                            .where(self.events.c.event_id == event_id)).scalar()  # fmt: skip
            if incident_id is None:
                return None
            self.load([incident_id])
        row = self.members.get(event_id)
        return row["incident_id"] if row else None

    def report_members(self, report_id: str) -> list[str]:
        """Live member ids of a report, in log order."""
        stored = self.conn.execute(select(self.events.c.incident_id)
                                   .where(self.events.c.report_id == report_id)).scalars()  # fmt: skip
        self.load(stored)
        rows = [r for r in self.members.values() if r is not None and r["report_id"] == report_id]
        return [r["event_id"] for r in sorted(rows, key=lambda r: (r["position"], r["event_id"]))]

    def near(self, facet: Facet) -> dict[str, list[str]]:
        """Loaded incidents with a member of the facet's kind whose dates overlap it -> member ids."""
        assert facet.date_start is not None and facet.date_end is not None
        s, e = facet.date_start, facet.date_end
        params: dict[str, Any] = {"kind": facet.kind, "s": s, "e": e}
        params.update({f"lo{i}": s - timedelta(days=b) for i, b in enumerate(SPAN_BOUNDS) if b is not None})
        found = {inc for ev, inc in self.conn.execute(self.query, params) if ev not in self.members}
        self.load(found)
        for i, bound in enumerate(SPAN_BOUNDS):
            if bound is None:
                buckets: Iterable[int] = (0,)
            else:
                buckets = range((s - timedelta(days=bound)).toordinal() // _BUCKET_DAYS,
                                e.toordinal() // _BUCKET_DAYS + 1)
            for bucket in buckets:
                for event_id in self.index.get((facet.kind, i, bucket), ()):
                    row = self.members[event_id]
                    if row is not None and row["kind"] == facet.kind and row["date_start"] is not None \
                            and row["date_start"] <= e and row["date_end"] >= s:
                        found.add(row["incident_id"])
        return {i: self.groups[i] for i in found}

    # -- changing --------------------------------------------------------------------------------
    def _put(self, row: dict[str, Any]) -> None:
        event_id, incident_id = row["event_id"], row["incident_id"]
        self.members[event_id] = row
        self.facets[event_id] = facet_of(row)
        self.groups.setdefault(incident_id, []).append(event_id)
        if row["date_start"] is not None:  # the unbounded class is one bucket: it is rare
            cls = row["span_class"]
            bucket = row["date_start"].toordinal() // _BUCKET_DAYS if SPAN_BOUNDS[cls] is not None else 0
            self.index.setdefault((row["kind"], cls, bucket), set()).add(event_id)

    def add(self, row: dict[str, Any], pinned: bool) -> None:
        self._put(row)
        self.dirty.add(row["incident_id"])
        self.pinned[row["incident_id"]] = pinned

    def take_out(self, incident_id: str) -> list[dict[str, Any]]:
        """Empty a loaded incident; returns its former member rows."""
        rows = [r for r in (self.members[m] for m in self.groups.get(incident_id, [])) if r is not None]
        for row in rows:
            self.members[row["event_id"]] = None
        self.groups[incident_id] = []
        self.dirty.add(incident_id)
        return rows

    # -- writing ---------------------------------------------------------------------------------
    def write(self) -> None:
        dirty = sorted(self.dirty)
        for part in chunks(dirty):
            self.conn.execute(self.events.delete().where(self.events.c.incident_id.in_(part)))
            self.conn.execute(self.incidents.delete().where(self.incidents.c.incident_id.in_(part)))
        rows, heads = [], []
        for incident_id in dirty:
            members = [r for r in (self.members[m] for m in self.groups[incident_id]) if r is not None]
            if members:
                rows.extend(members)
                heads.append(self._head(incident_id, members))
        if rows:
            self.conn.execute(self.events.insert(), rows)
            self.conn.execute(self.incidents.insert(), heads)

    def _head(self, incident_id: str, members: list[dict[str, Any]]) -> dict[str, Any]:
        starts = [m["date_start"] for m in members if m["date_start"] is not None]
        ends = [m["date_end"] for m in members if m["date_end"] is not None]
        outlets = {self._lower(m["outlet"]) for m in members if m["outlet"] is not None}
        # A report without a named outlet still counts as one source of its own.
        unnamed = {m["report_id"] for m in members if m["outlet"] is None}
        return {"incident_id": incident_id, "kind": members[0]["kind"], "date_start": max(starts, default=None),
                "date_end": min(ends, default=None), "event_count": len(members),
                "report_count": len({m["report_id"] for m in members}),
                "outlet_count": len(outlets) + len(unnamed), "pinned": bool(self.pinned.get(incident_id))}

    def _lower(self, outlet: str) -> str:
        if self.ascii_lower:
            return "".join(c.lower() if c.isascii() else c for c in outlet)
        return outlet.lower()
