"""Runs a resolved filter against the projected timeline: a page (keyset cursor, total) or a stream
of every matching entry in batches, each entry with all its sources and any contradictions."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, or_, select

from timeline.domain.actors import ActorVocabulary
from timeline.domain.events import BY_KIND
from timeline.domain.incident_rules import Facet, contradicts
from timeline.projections.spans import class_windows
from timeline.projections.tables import incident_events
from timeline.query.entries import entry_json
from timeline.query.filters import ResolvedFilter
from timeline.query.sql import after_cursor, conditions, encode_cursor, entries, has_incidents, order_by
from timeline.store.dialect import chunks

MAX_LIMIT = 500
CONTRADICTIONS_SHOWN = 5  # per entry on a page; a busy town's year-dated entry contradicts hundreds
MAX_WINDOWS = 100  # OR-ed date windows in one rival query


def _sibling_rows(conn: Connection, rows: Sequence[Any], merged: bool | None = None) -> dict[str, list[Any]]:
    """event id -> rows of every event in its incident (its own first; the others with the columns a
    source shows), in one query."""
    own = {r.event_id: r for r in rows}
    result: dict[str, list[Any]] = {i: [r] for i, r in own.items()}
    if not own or not (has_incidents(conn) if merged is None else merged):
        return result
    mine, member, e = incident_events.alias("mine"), incident_events.alias("member"), entries.c
    siblings = (
        select(mine.c.event_id.label("owner"), e.event_id, e.report_id, e.source, e.url, e.title, e.published,
               e.evidence_text, e.evidence_start, e.evidence_end)
        .join(member, member.c.incident_id == mine.c.incident_id)
        .join(entries, e.event_id == member.c.event_id)
        .where(mine.c.event_id.in_(list(own)), member.c.event_id != mine.c.event_id)
        .order_by(mine.c.event_id, e.event_id)
    )  # fmt: skip
    for row in conn.execute(siblings):
        result[row.owner].append(row)
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
    c = entries.c
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
    windows = [
        and_(c.gazetteer_id == place, c.kind == kind, c.span_class == cls, c.date_start >= low,
             c.date_start <= high, func.coalesce(c.date_end, c.date_start) >= lo)
        for (kind, place), place_runs in runs.items() for lo, hi in place_runs
        for cls, low, high in class_windows(lo, hi)
    ]  # fmt: skip
    facet_columns = [c.event_id, c.kind, c.date_start, c.date_end, c.gazetteer_id, c.place_name,
                     c.place_resolved, c.place_precision, c.admin1, c.country, c.actor1]
    by_place: dict[tuple[str, str], list[Facet]] = {}
    found_rivals: dict[str, Any] = {}
    for part in chunks(windows, MAX_WINDOWS):  # a bounded OR per statement (SQLite's expression depth)
        for other in conn.execute(select(*facet_columns).where(or_(*part))):
            found_rivals[other.event_id] = other
    for other in sorted(found_rivals.values(), key=lambda r: (r.date_start, r.event_id)):
        by_place.setdefault((other.kind, other.gazetteer_id), []).append(Facet.of(other, actors))
    against: dict[str, list[str]] = {}
    for row in exclusive:
        mine = Facet.of(row, actors)
        ids = [f.event_id for f in by_place.get((row.kind, row.gazetteer_id), [])
               if f.event_id != row.event_id and contradicts(mine, f)]
        if ids:
            against[row.event_id] = ids
    wanted = {i for ids in against.values() for i in ids[:shown]}
    if not wanted:
        return found
    # full rows and their JSON only for the rivals kept, each built once however many entries it contradicts
    full = {r.event_id: entry_json(r) for r in conn.execute(select(entries).where(c.event_id.in_(wanted)))}
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


def count(conn: Connection, r: ResolvedFilter) -> int:
    query = select(func.count()).select_from(entries).where(*conditions(r, conn))
    return int(conn.execute(query).scalar_one())


def page(conn: Connection, r: ResolvedFilter, cursor: str | None, limit: int,
         actors: ActorVocabulary) -> dict[str, Any]:
    """{"total", "next_cursor", "query", "items"} for one page in date order."""
    limit = max(1, min(limit, MAX_LIMIT))
    where = conditions(r, conn)
    if cursor:
        where.append(after_cursor(cursor))
    rows = conn.execute(select(entries).where(*where).order_by(*order_by()).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1].date_start, rows[-1].event_id) if more and rows else None
    return {"total": count(conn, r), "next_cursor": next_cursor, "query": r.query_json(),
            "items": serialise(conn, rows, actors, shown=CONTRADICTIONS_SHOWN)}


def report_entries(conn: Connection, report_id: str, actors: ActorVocabulary) -> list[dict[str, Any]]:
    """Every live entry of one report, in date order."""
    r = ResolvedFilter(report_id=report_id)
    rows = conn.execute(select(entries).where(*conditions(r, conn)).order_by(*order_by())).all()
    return serialise(conn, rows, actors)


def iter_entries(engine: Engine, r: ResolvedFilter, actors: ActorVocabulary,
                 batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every matching entry in date order, streamed: one query read through a server-side cursor
    (PostgreSQL) / incremental fetch (SQLite), `batch` rows in memory at a time."""
    with engine.connect() as conn:
        where = conditions(r, conn)
        query = select(entries).where(*where).order_by(*order_by())
        result = conn.execution_options(stream_results=True, yield_per=batch).execute(query)
        with engine.connect() as side:  # sources/contradiction look-ups beside the open cursor
            merged = has_incidents(side)
            for rows in result.partitions():
                yield from serialise(side, rows, actors, merged)
