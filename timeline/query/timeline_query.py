"""Runs a resolved filter against the projected timeline: a page (keyset cursor, total) or a stream
of every matching entry in batches, each entry with all its sources and any contradictions."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, select

from timeline.domain.actors import ActorVocabulary
from timeline.domain.events import BY_KIND
from timeline.domain.incident_rules import Facet, Rival, contradicting
from timeline.projections.spans import class_windows
from timeline.projections.tables import incident_events
from timeline.query.entries import entry_json
from timeline.query.filters import ResolvedFilter
from timeline.query.sql import (
    count_matching,
    encode_cursor,
    entries,
    first_matching,
    has_incidents,
    matching,
    order_by,
)
from timeline.store.dialect import select_with_rows, snapshot

MAX_LIMIT = 500
CONTRADICTIONS_SHOWN = 5  # per entry on a page; a busy town's year-dated entry contradicts hundreds
MAX_WINDOWS = 100  # date runs per rival query before they are merged per place
_RIVAL_WINDOW = [("kind", "text"), ("place", "text"), ("cls", "int"), ("low", "date"), ("high", "date"),
                 ("lo", "date")]  # fmt: skip
# `w`: windows of the ix_timeline_rivals index; the rows in them, with the columns the index covers. A
# rival shares the entry's kind and gazetteer id, so those decide its place: no name, admin1 or country.
_RIVALS = (
    f"SELECT t.event_id, t.kind, t.date_start, t.date_end, t.gazetteer_id, t.actor1 "
    f"FROM w JOIN {entries.name} t "
    f"ON t.gazetteer_id = w.place AND t.kind = w.kind AND t.span_class = w.cls AND t.date_start >= w.low "
    f"AND t.date_start <= w.high AND COALESCE(t.date_end, t.date_start) >= w.lo"
)


class SourceRow(NamedTuple):
    """What an entry shows of a merged event's source (`entries.source_json`)."""

    owner: str  # the page's event it is merged with
    event_id: str
    report_id: str
    source: str | None
    url: str | None
    title: str | None
    published: date | None
    evidence_text: str
    evidence_start: int
    evidence_end: int


_SIBLINGS = (  # `w(owner)`: the page's event ids; one row per other member of each one's incident
    f"SELECT w.owner, t.event_id, t.report_id, t.source, t.url, t.title, t.published, t.evidence_text, "
    f"t.evidence_start, t.evidence_end FROM w "
    f"JOIN {incident_events.name} mine ON mine.event_id = w.owner "
    f"JOIN {incident_events.name} member ON member.incident_id = mine.incident_id "
    f"AND member.event_id <> mine.event_id "
    f"JOIN {entries.name} t ON t.event_id = member.event_id ORDER BY w.owner, t.event_id"
)


def _sibling_rows(conn: Connection, rows: Sequence[Any], merged: bool | None = None) -> dict[str, list[Any]]:
    """event id -> rows of every event in its incident (its own first; the others with the columns a
    source shows), in one query."""
    result: dict[str, list[Any]] = {r.event_id: [r] for r in rows}
    if not result or not (has_incidents(conn) if merged is None else merged):
        return result
    for found in select_with_rows(conn, [("owner", "text")], [(i,) for i in result], _SIBLINGS, dates=[6]):
        result[found[0]].append(SourceRow(*found))
    return result


def _windows(rows: Sequence[Any]) -> list[tuple[Any, Any]]:
    """The rows' own date intervals, overlapping ones merged, so each index range stays short."""
    merged: list[list[Any]] = []
    for start, end in sorted((r.date_start, r.date_end or r.date_start) for r in rows):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(lo, hi) for lo, hi in merged]


def _contradictions(conn: Connection, rows: Sequence[Any], actors: ActorVocabulary,
                    shown: int | None = None) -> dict[str, tuple[list[dict[str, Any]], int]]:
    """event id -> (entries, without their own contradictions, that say another party did it, in date
    order, the first `shown` of them when given; how many there are in all)."""
    found: dict[str, tuple[list[dict[str, Any]], int]] = {}
    exclusive = [r for r in rows if BY_KIND[r.kind].exclusive and r.gazetteer_id and r.date_start]
    if not exclusive:
        return found
    groups: dict[tuple[str, str], list[Any]] = {}
    for row in exclusive:
        groups.setdefault((row.kind, row.gazetteer_id), []).append(row)
    # one window per place and run of overlapping entries, not one window over the whole page; a big
    # batch (an export) with many runs falls back to one window per place
    runs = {key: _windows(group) for key, group in groups.items()}
    if sum(len(r) for r in runs.values()) > MAX_WINDOWS:
        runs = {key: [(r[0][0], max(hi for _, hi in r))] for key, r in runs.items()}
    # per interval-length class, the index range that can hold a rival (ix_timeline_rivals): a year-long
    # rival may start a year before the window, a day-long one only on its days
    windows = sorted({(kind, place, cls, low, high, lo) for (kind, place), place_runs in runs.items()
                      for lo, hi in place_runs for cls, low, high in class_windows(lo, hi)})  # fmt: skip
    by_place: dict[tuple[str, str], list[Rival]] = {}
    rivals = select_with_rows(conn, _RIVAL_WINDOW, windows, _RIVALS, dates=[2, 3])
    found_rivals = {row[0]: row for row in rivals}  # overlapping windows of one place find a row twice
    canonical: dict[str, str] = {}  # a busy town's rivals name the same few parties many times
    for other in sorted(found_rivals.values(), key=lambda r: (r[2], r[0])):
        event_id, kind, start, end, gazetteer_id, actor1 = other
        if actor1 and actor1 not in canonical:
            canonical[actor1] = actors.canonical(actor1)
        rival = Rival(event_id, start, end or start, canonical[actor1] if actor1 else None)
        by_place.setdefault((kind, gazetteer_id), []).append(rival)
    against: dict[str, list[str]] = {}
    for row in exclusive:
        ids = contradicting(Facet.of(row, actors), by_place.get((row.kind, row.gazetteer_id), []))
        if ids:
            against[row.event_id] = ids
    wanted = {i for ids in against.values() for i in ids[:shown]}
    if not wanted:
        return found
    # full rows and their JSON only for the rivals kept, each built once however many entries it contradicts
    chosen = conn.execute(select(entries).where(entries.c.event_id.in_(wanted)))
    full = {r.event_id: entry_json(r) for r in chosen}
    for event_id, ids in against.items():
        found[event_id] = ([full[i] for i in ids[:shown] if i in full], len(ids))
    return found


def serialise(conn: Connection, rows: Sequence[Any], actors: ActorVocabulary, merged: bool | None = None,
              shown: int | None = None) -> list[dict[str, Any]]:
    """Entries for rows; `merged` says whether incident tables exist (looked up when None). With `shown`,
    each entry lists at most that many contradictions and their full count (`contradictions_total`)."""
    siblings = _sibling_rows(conn, rows, merged)
    rivals = _contradictions(conn, rows, actors, shown)
    out = []
    for r in rows:
        against, total = rivals.get(r.event_id, ([], 0))
        entry = entry_json(r, siblings[r.event_id], against)
        if shown is not None:
            entry["contradictions_total"] = total
        out.append(entry)
    return out


def page(conn: Connection, r: ResolvedFilter, cursor: str | None, limit: int,
         actors: ActorVocabulary, total: Callable[[], int] | None = None) -> dict[str, Any]:
    """{"total", "next_cursor", "query", "items"} for one page in date order; `total()` gives the count
    (one the caller kept from another page of the same filter), else it is counted."""
    limit = max(1, min(limit, MAX_LIMIT))
    rows = conn.execute(first_matching(r, conn, limit + 1, after=cursor)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1].date_start, rows[-1].event_id) if more and rows else None
    return {"total": total() if total else count_matching(r, conn), "next_cursor": next_cursor,
            "query": r.query_json(), "items": serialise(conn, rows, actors, shown=CONTRADICTIONS_SHOWN)}


def report_entries(conn: Connection, report_id: str, actors: ActorVocabulary) -> list[dict[str, Any]]:
    """Every live entry of one report, in date order."""
    every = matching(ResolvedFilter(report_id=report_id), conn, entries)
    rows = conn.execute(every.order_by(*order_by(every))).all()
    return serialise(conn, rows, actors)


def iter_entries(engine: Engine, r: ResolvedFilter, actors: ActorVocabulary,
                 batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every matching entry in date order, streamed `batch` at a time: page after page (each read as
    `page` reads one, after the last row of the one before), all in one snapshot of the database."""
    with snapshot(engine) as conn:
        merged = has_incidents(conn)
        after = None
        while True:
            rows = conn.execute(first_matching(r, conn, batch, after=after)).all()
            yield from serialise(conn, rows, actors, merged)
            if len(rows) < batch:
                return
            after = encode_cursor(rows[-1].date_start, rows[-1].event_id)
