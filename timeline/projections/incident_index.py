"""The incidents projection's working memory: each incident as a summary complete linkage can be checked
against without reading its members (the days all members share, their actors, their distinct places, the
first member), and an index of incidents by kind, place key and month, so a newcomer looks only at
incidents at a place it can relate to, in the months it covers: never a scan.

An incremental batch first loads, from the members' indexes, the incidents its events could join
(`probe_rows`); a rebuild into shadow tables keeps every incident in memory across batches instead."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from timeline.domain.incident_rules import Facet, merge_rule, place_relation
from timeline.projections.spans import class_windows

PlaceFacet = tuple[str | None, str | None, str | None, str | None, str | None]  # gid, name, prec, adm1, cc


def place_of(f: Facet) -> PlaceFacet:
    return (f.gazetteer_id, f.place_name, f.place_precision, f.admin1, f.country)


def may_merge(f: Facet) -> bool:
    """Undated or unplaced events never merge (dates_overlap / place_relation say no)."""
    return f.date_start is not None and (f.place_name is not None or f.gazetteer_id is not None)


def member_keys(p: PlaceFacet) -> Iterator[tuple[str, str]]:
    """The keys a member is found under by the events its place can relate to (see `probe_keys`)."""
    gid, name, prec, admin1, country = p
    if gid:
        yield ("g", gid)
    if name:
        yield ("n", name)
    if admin1 and prec == "admin1":
        yield ("A", admin1)  # an area holding localities
    if admin1 and prec == "locality":
        yield ("L", admin1)  # a locality inside an area
    if country and prec == "country":
        yield ("C", country)
    if country and prec != "country":
        yield ("c", country)


def probe_keys(f: Facet) -> Iterator[tuple[str, str]]:
    """Every key under which a member whose place relates to `f`'s (incident_rules.place_relation) is."""
    if f.gazetteer_id:
        yield ("g", f.gazetteer_id)
    if f.place_name:
        yield ("n", f.place_name)
    if f.admin1 and f.place_precision == "locality":
        yield ("A", f.admin1)
    if f.admin1 and f.place_precision == "admin1":
        yield ("L", f.admin1)
    if f.country and f.place_precision != "country":
        yield ("C", f.country)
    if f.country and f.place_precision == "country":
        yield ("c", f.country)


def months(start: date, end: date) -> range:
    return range(start.year * 12 + start.month, end.year * 12 + end.month + 1)


@dataclass(slots=True)
class Summary:
    """An incident as complete linkage sees it. `start`/`end`: the days every member's interval covers."""

    incident_id: str
    kind: str
    start: date | None
    end: date | None
    pinned: bool
    first: Facet  # the member with the lowest position: merges record their rule against it
    first_position: int
    count: int = 0
    actors: set[str] = field(default_factory=set)  # distinct canonical first actors
    places: list[PlaceFacet] = field(default_factory=list)
    # Ordered sets (dicts), so rows are written the same whichever way an incident was put together.
    reports: dict[str, None] = field(default_factory=dict)
    outlets: dict[str, None] = field(default_factory=dict)  # lower-cased
    unnamed: dict[str, None] = field(default_factory=dict)  # reports with no named outlet: a source each
    stored: bool = False  # has a row in the incidents table
    # Loaded from the table (an incremental batch): its sources are not in memory; `counts` are the stored
    # (report, outlet) counts until the batch's writer recounts them from the members.
    counts: tuple[int, int] | None = None

    def admits(self, f: Facet) -> bool:
        """Whether `f` may join: mergeable with every member (same kind, overlapping every member's days,
        a compatible actor, a related place)."""
        if self.pinned or f.kind != self.kind or self.start is None or self.end is None:
            return False
        if f.date_start is None or f.date_start > self.end or self.start > (f.date_end or f.date_start):
            return False
        if f.actor1 is not None and not self.actors <= {f.actor1}:
            return False
        return all(place_relation(f, _at(p)) for p in self.places)

    def add(self, f: Facet, position: int, report_id: str, outlet: str | None) -> None:
        if self.count == 0 or position < self.first_position:
            self.first, self.first_position = f, position
        self.count += 1
        if f.date_start is not None:
            end = f.date_end or f.date_start
            self.start = f.date_start if self.start is None else max(self.start, f.date_start)
            self.end = end if self.end is None else min(self.end, end)
        if f.actor1 is not None:
            self.actors.add(f.actor1)
        place = place_of(f)
        if place not in self.places:
            self.places.append(place)
        self.source(report_id, outlet)

    def source(self, report_id: str, outlet: str | None) -> None:
        self.reports[report_id] = None
        if outlet is None:
            self.unnamed[report_id] = None
        else:
            self.outlets[outlet.lower()] = None

    def row(self) -> dict[str, Any]:
        f = self.first
        return {
            "incident_id": self.incident_id, "kind": self.kind,
            "date_start": self.start, "date_end": self.end,
            "event_count": self.count, "report_count": self.counts[0] if self.counts else len(self.reports),
            "outlet_count": self.counts[1] if self.counts else len(self.outlets) + len(self.unnamed),
            "pinned": self.pinned,
            "actors": sorted(self.actors), "places": [list(p) for p in self.places],
            "first": {"event_id": f.event_id, "position": self.first_position,
                      "start": _day(f.date_start), "end": _day(f.date_end), "place": list(place_of(f)),
                      "actor1": f.actor1},
        }  # fmt: skip

    @classmethod
    def from_row(cls, row: Any) -> Summary:
        first = row.first
        gid, name, prec, admin1, country = first["place"]
        facet = Facet(first["event_id"], row.kind, _date(first["start"]), _date(first["end"]), gid, name,
                      prec, admin1, country, first["actor1"])  # fmt: skip
        return cls(row.incident_id, row.kind, row.date_start, row.date_end, bool(row.pinned), facet,
                   first["position"], row.event_count, set(row.actors),
                   [tuple(p) for p in row.places], stored=True,  # type: ignore[misc]
                   counts=(row.report_count, row.outlet_count))

    def rule_for(self, f: Facet) -> str:
        return merge_rule(f, self.first) or "first"


def _at(p: PlaceFacet) -> Facet:
    gid, name, prec, admin1, country = p
    return Facet("", "", None, None, gid, name, prec, admin1, country, None)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class IncidentIndex:
    """Incident summaries in memory, found by (kind, place key, month)."""

    def __init__(self) -> None:
        self.summaries: dict[str, Summary] = {}
        self.by_key: dict[tuple[str, str, str, int], set[str]] = {}

    def put(self, summary: Summary) -> None:
        self.summaries[summary.incident_id] = summary
        self._index(summary, summary.places)

    def _index(self, summary: Summary, places: Iterable[PlaceFacet]) -> None:
        if summary.start is None or summary.end is None or summary.pinned:
            return  # undated and pinned incidents are never joined
        span = months(summary.start, summary.end)
        for place in places:
            for key, value in member_keys(place):
                for month in span:
                    self.by_key.setdefault((summary.kind, key, value, month), set()).add(summary.incident_id)

    def grew(self, summary: Summary, new_place: PlaceFacet | None) -> None:
        """Index a summary after a member joined: its days can only have narrowed (old month entries stay,
        a harmless superset), a new place adds keys."""
        if new_place is not None:
            self._index(summary, [new_place])

    def drop(self, incident_id: str) -> Summary | None:
        return self.summaries.pop(incident_id, None)  # index entries left behind are skipped

    def candidates(self, f: Facet) -> Iterator[Summary]:
        """Incidents `f` may join (each once), to be checked with `Summary.admits`."""
        if f.date_start is None:
            return
        seen: set[str] = set()
        for key, value in probe_keys(f):
            for month in months(f.date_start, f.date_end or f.date_start):
                for incident_id in self.by_key.get((f.kind, key, value, month), ()):
                    if incident_id not in seen:
                        seen.add(incident_id)
                        summary = self.summaries.get(incident_id)
                        if summary is not None:
                            yield summary

    def best(self, f: Facet) -> Summary | None:
        """The incident `f` joins: most members, then lowest id; None to start its own."""
        if not may_merge(f):
            return None
        best: Summary | None = None
        for s in self.candidates(f):
            if s.admits(f) and (best is None or (-s.count, s.incident_id) < (-best.count, best.incident_id)):
                best = s
        return best


def probe_rows(facets: Iterable[Facet]) -> dict[str, set[tuple[Any, ...]]]:
    """What an incremental batch asks the members' indexes for, per index: (kind, key..., span class,
    lowest start, highest start, lowest end) windows covering every member whose place relates to a facet
    and whose days overlap it (a member of a class-i length starting more than its bound earlier cannot)."""
    out: dict[str, set[tuple[Any, ...]]] = {
        n: set() for n in ("name", "name_without_id", "gazetteer", "admin1", "country", "country_inner")}
    for f in facets:
        if not may_merge(f):
            continue
        assert f.date_start is not None
        end = f.date_end or f.date_start
        for i, lo, hi in class_windows(f.date_start, end):
            window = (i, lo, hi, f.date_start)
            if f.place_name:  # by name only where a gazetteer id cannot say (incident_rules.place_relation)
                by_name = "name" if f.gazetteer_id is None else "name_without_id"
                out[by_name].add((f.kind, f.place_name, *window))
            if f.gazetteer_id:
                out["gazetteer"].add((f.kind, f.gazetteer_id, *window))
            if f.admin1 and f.place_precision in ("locality", "admin1"):
                wanted = "admin1" if f.place_precision == "locality" else "locality"
                out["admin1"].add((f.kind, f.admin1, wanted, *window))
            if f.country and f.place_precision != "country":  # a country-wide member holding it
                out["country"].add((f.kind, f.country, "country", *window))
            elif f.country:  # members inside the country it names (rare: a scan of the country's rows)
                out["country_inner"].add((f.kind, f.country, *window))
    return out
