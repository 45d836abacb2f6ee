"""One batch's working copy of the incidents projection: the incidents the batch may touch, loaded whole
(without their JSON) before it starts, changed in memory and written once at the end. Candidates are found
by kind, interval-length class and start date, so a day-dated event looks at a few days of rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Table, select

from timeline.domain.incident_rules import Facet, merge_rule

SPAN_BOUNDS: tuple[int | None, ...] = (0, 7, 31, 100, 366, None)  # class i: date_end - date_start <= bound
_BUCKET_DAYS = 16
_CHUNK = 500  # ids per IN (...) list; below SQLite's bound-parameter limit
_WINDOWS_PER_QUERY = 500  # 10 parameters each (SQLite)
# Rows of the window's kind and length class, start in [lo, hi], end >= s, whose place may relate to the
# window's (place_relation's necessary condition; the rules decide exactly in Python).
# SQLite gets the windows as a VALUES list; PostgreSQL as ten arrays (psycopg parses a long query's
# placeholders in Python, uncached: a VALUES list of thousands cost more than the join itself).
_SQLITE_WINDOWS = "WITH w(kind, cls, lo, hi, s, gid, name, prec, adm1, cty) AS (VALUES {values}) "
_POSTGRES_WINDOWS = (
    "WITH w AS (SELECT * FROM unnest(%s::text[], %s::int[], %s::date[], %s::date[], %s::date[], "
    "%s::text[], %s::text[], %s::text[], %s::text[], %s::text[]) "
    "AS w(kind, cls, lo, hi, s, gid, name, prec, adm1, cty)) "
)
_JOIN = (
    "SELECT DISTINCT t.incident_id FROM w JOIN {table} t ON t.kind = w.kind AND t.span_class = w.cls "
    "AND t.date_start >= w.lo AND t.date_start <= w.hi AND t.date_end >= w.s "
    "AND (t.gazetteer_id = w.gid OR t.place_name = w.name "
    "OR (t.admin1 = w.adm1 AND (w.prec = 'admin1' OR t.place_precision = 'admin1')) "
    "OR (t.country = w.cty AND (w.prec = 'country' OR t.place_precision = 'country')))"
)


def span_class(start: date | None, end: date | None) -> int:
    if start is None or end is None:
        return len(SPAN_BOUNDS) - 1
    days = (end - start).days
    return next(i for i, bound in enumerate(SPAN_BOUNDS) if bound is None or days <= bound)


def windows(kind: str, start: date, end: date) -> list[tuple[str, int, date, date, date]]:
    """Index ranges holding every row of `kind` whose interval overlaps [start, end], one per class."""
    return [(kind, i, start - timedelta(days=b) if b is not None else date.min, end, start)
            for i, b in enumerate(SPAN_BOUNDS)]  # fmt: skip


def search_key(f: Facet) -> tuple[Any, ...]:
    """What a candidate search depends on (not the event id, not the actor)."""
    return (f.kind, f.date_start, f.date_end, f.gazetteer_id, f.place_name, f.place_precision, f.admin1,
            f.country)  # fmt: skip


def facet_of(row: dict[str, Any]) -> Facet:
    return Facet(event_id=row["event_id"], kind=row["kind"], date_start=row["date_start"],
                 date_end=row["date_end"], gazetteer_id=row["gazetteer_id"], place_name=row["place_name"],
                 place_precision=row["place_precision"], admin1=row["admin1"], country=row["country"],
                 actor1=row["actor1"])  # fmt: skip


def chunks(items: list[Any], size: int = _CHUNK) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class IncidentWork:
    """`members` knows every member of every loaded incident (None once it left); rows not loaded are as
    the tables hold them. An incident is loaded whole before it is searched or changed."""

    def __init__(self, conn: Connection, events: Table, incidents: Table) -> None:
        self.conn, self.events, self.incidents = conn, events, incidents
        self.members: dict[str, dict[str, Any] | None] = {}  # event id -> row (without "data" if stored)
        self.facets: dict[str, Facet] = {}
        self.groups: dict[str, list[str]] = {}  # loaded incident id -> member event ids
        self.pinned: dict[str, bool | None] = {}  # incident id -> pinned flag (None: no incidents row)
        self.stored: set[str] = set()  # event ids with a row in the table
        self.changed: set[str] = set()  # event ids whose row is rewritten (or deleted) at the end
        self.dirty: set[str] = set()  # incidents whose summary row is rewritten
        self.index: dict[tuple[str, int, int], set[str]] = {}  # (kind, class, start bucket) -> event ids
        self.searched: set[tuple[Any, ...]] = set()  # search keys already looked up in SQL
        self.light = [c for c in events.c if c.name != "data"]
        self.iso_dates = conn.dialect.name == "sqlite"  # SQLite (Date is ISO text there), else PostgreSQL
        self.ascii_lower = conn.dialect.name == "sqlite"  # SQLite's lower() folds ASCII letters only

    # -- reading ---------------------------------------------------------------------------------
    def preload(self, facets: Iterable[Facet]) -> None:
        """Load every incident with a member overlapping one of the facets' intervals, of its kind, whose
        place may relate to its place (dated, placed facets only: others never merge)."""
        todo = {search_key(f): f for f in facets} .keys() - self.searched
        self.searched.update(todo)
        ranges = sorted({(*w, *key[3:]) for key in todo for w in windows(key[0], key[1], key[2])})
        found: set[str] = set()
        join = _JOIN.format(table=self.events.name)
        for part in chunks(ranges, _WINDOWS_PER_QUERY):
            if self.iso_dates:  # SQLite
                values = ", ".join("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" for _ in part)
                params: tuple[Any, ...] = tuple(v.isoformat() if isinstance(v, date) else v
                                                for window in part for v in window)  # fmt: skip
                sql = _SQLITE_WINDOWS.format(values=values) + join
            else:
                params = tuple(list(column) for column in zip(*part, strict=True))
                sql = _POSTGRES_WINDOWS + join
            found.update(i for (i,) in self.conn.exec_driver_sql(sql, params))
        self.load(found)

    def load(self, incident_ids: Iterable[str]) -> None:
        """Bring whole incidents (members not already known here) into memory."""
        wanted = sorted({i for i in incident_ids if i not in self.groups})
        for part in chunks(wanted):
            for incident_id in part:
                self.groups[incident_id] = []
                self.pinned[incident_id] = None
            heads = select(self.incidents.c.incident_id, self.incidents.c.pinned)
            for incident_id, pinned in self.conn.execute(heads.where(self.incidents.c.incident_id.in_(part))):
                self.pinned[incident_id] = bool(pinned)
            rows = self.conn.execute(select(*self.light).where(self.events.c.incident_id.in_(part)))
            for row in rows:
                if row.event_id not in self.members:
                    self.stored.add(row.event_id)
                    self._put(dict(row._mapping))

    def data(self, row: dict[str, Any]) -> dict[str, Any]:
        """The stored event JSON of a member row (fetched on demand: only curation needs it)."""
        if "data" not in row:
            query = select(self.events.c.data).where(self.events.c.event_id == row["event_id"])
            row["data"] = self.conn.execute(query).scalar_one()
        return row["data"]  # type: ignore[no-any-return]

    def incident_of(self, event_id: str) -> str | None:
        if event_id not in self.members:
            query = select(self.events.c.incident_id).where(self.events.c.event_id == event_id)
            incident_id = self.conn.execute(query).scalar()
            if incident_id is None:
                return None
            self.load([incident_id])
        row = self.members.get(event_id)
        return row["incident_id"] if row else None

    def report_members(self, report_id: str) -> list[str]:
        """Live member ids of a report, in log order."""
        query = select(self.events.c.incident_id).where(self.events.c.report_id == report_id)
        self.load(self.conn.execute(query).scalars())
        rows = [r for r in self.members.values() if r is not None and r["report_id"] == report_id]
        return [r["event_id"] for r in sorted(rows, key=lambda r: (r["position"], r["event_id"]))]

    def near(self, facet: Facet) -> dict[str, list[str]]:
        """Incidents with a member of the facet's kind whose dates overlap it and which the rules would
        merge with it (a necessary condition for joining) -> their member ids."""
        assert facet.date_start is not None and facet.date_end is not None
        s, e = facet.date_start, facet.date_end
        if search_key(facet) not in self.searched:  # the batch's own events were searched in advance
            self.preload([facet])
        found: set[str] = set()
        for _, i, low, _, _ in windows(facet.kind, s, e):
            last = e.toordinal() // _BUCKET_DAYS
            buckets = range(low.toordinal() // _BUCKET_DAYS, last + 1) if SPAN_BOUNDS[i] is not None else (0,)
            for bucket in buckets:
                for event_id in self.index.get((facet.kind, i, bucket), ()):
                    row = self.members[event_id]
                    if row is None or row["incident_id"] in found:
                        continue
                    if merge_rule(facet, self.facets[event_id]):
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
        self.changed.add(row["event_id"])
        self.dirty.add(row["incident_id"])
        self.pinned[row["incident_id"]] = pinned

    def take_out(self, incident_id: str) -> list[dict[str, Any]]:
        """Empty a loaded incident; returns its former member rows."""
        rows = [r for r in (self.members[m] for m in self.groups.get(incident_id, [])) if r is not None]
        for row in rows:
            self.members[row["event_id"]] = None
            self.changed.add(row["event_id"])
        self.groups[incident_id] = []
        self.dirty.add(incident_id)
        return rows

    # -- writing ---------------------------------------------------------------------------------
    def write(self) -> None:
        for part in chunks(sorted(self.changed & self.stored)):
            self.conn.execute(self.events.delete().where(self.events.c.event_id.in_(part)))
        dirty = sorted(self.dirty)
        for part in chunks(dirty):
            self.conn.execute(self.incidents.delete().where(self.incidents.c.incident_id.in_(part)))
        rows = [r for r in (self.members[e] for e in sorted(self.changed)) if r is not None]
        if rows:
            self.conn.execute(self.events.insert(), rows)
        heads = []
        for incident_id in dirty:
            members = [r for r in (self.members[m] for m in self.groups[incident_id]) if r is not None]
            if members:
                heads.append(self._head(incident_id, members))
        if heads:
            self.conn.execute(self.incidents.insert(), heads)

    def _head(self, incident_id: str, members: list[dict[str, Any]]) -> dict[str, Any]:
        starts = [m["date_start"] for m in members if m["date_start"] is not None]
        ends = [m["date_end"] for m in members if m["date_end"] is not None]
        outlets = {self._lower(m["outlet"]) for m in members if m["outlet"] is not None}
        # A report without a named outlet still counts as one source of its own.
        unnamed = {m["report_id"] for m in members if m["outlet"] is None}
        return {
            "incident_id": incident_id,
            "kind": members[0]["kind"],
            "date_start": max(starts, default=None),
            "date_end": min(ends, default=None),
            "event_count": len(members),
            "report_count": len({m["report_id"] for m in members}),
            "outlet_count": len(outlets) + len(unnamed),
            "pinned": bool(self.pinned.get(incident_id)),
        }

    def _lower(self, outlet: str) -> str:
        if self.ascii_lower:
            return "".join(c.lower() if c.isascii() else c for c in outlet)
        return outlet.lower()
