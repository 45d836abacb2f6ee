"""Pages, counts and stats read the timeline one interval-length class at a time (timeline.query.sql's
`matching`): on a real SQLite file and a real PostgreSQL schema, for every place level and windows of a
day, a month, a year, from year 1 and ragged windows (whose counts add whole months from the month counts
and read their edges from the index), walking every page by cursor gives exactly the rows a brute-force
overlap test picks, in date order, and the same total."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, delete, insert

from timeline.projections import month_counts
from timeline.projections.spans import SPAN_BOUNDS, span_class
from timeline.projections.tables import (
    checkpoints,
    metadata,
    timeline_actors,
    timeline_entries,
    timeline_month_counts,
)
from timeline.query.browse import stats
from timeline.query.filters import PlaceScope, ResolvedFilter
from timeline.query.timeline_query import iter_entries, page
from timeline.query.vocabulary import load_actor_vocabulary
from timeline.store.factory import open_store

VOCABULARY = load_actor_vocabulary()
PLACES = [("gn:1", "Province A", "IQ"), ("gn:2", "Province A", "IQ"), ("gn:3", "Province B", "IQ"),
          ("gn:4", "Province C", "SY")]  # fmt: skip


def _interval(rng: random.Random) -> tuple[date | None, date | None, str]:
    """Every length class: days, weeks, months, years, a decade, longer, undated and open-ended."""
    day = date(2010, 1, 1) + timedelta(days=rng.randrange(8 * 365))
    roll = rng.random()
    if roll < 0.45:
        return day, day, "day"
    if roll < 0.80:
        length = rng.choice([3, 20, 60, 200, 365, 900, 4000])
        return day, day + timedelta(days=length), "range"
    if roll < 0.90:
        return None, day, "before-publication"
    if roll < 0.95:
        return day, None, "day"  # no end: the projection treats it as one day
    return date(1990, 1, 1), date(2016, 6, 30), "range"  # longer than any bounded class


def _rows(n: int) -> list[dict[str, Any]]:
    rng = random.Random(7)
    rows = []
    for i in range(n):
        start, end, precision = _interval(rng)
        gazetteer_id, admin1, country = rng.choice(PLACES)
        rows.append({
            "event_id": f"ev{rng.randrange(10**6):06d}-{i}", "report_id": f"rep{i % 9}", "position": i + 1,
            "kind": rng.choice(["town_captured", "airstrike"]), "type_name": "Bench",
            "date_start": start, "date_end": end, "date_precision": precision, "date_phrase": None,
            "gazetteer_id": gazetteer_id, "place_name": "Town", "place_precision": "locality",
            "admin1": admin1, "country": country, "actors": [], "actor1": None, "evidence_text": "text",
            "evidence_start": 0, "evidence_end": 4, "extractor_name": "test", "extractor_version": "1",
            "confidence": 0.5, "corrected": False, "span_class": span_class(start, end or start),
        })  # fmt: skip
    return rows


ROWS = _rows(700)
KIND_OF = {row["event_id"]: row["kind"] for row in ROWS}


@pytest.fixture(params=["sqlite", "postgres"])
def timeline(request: pytest.FixtureRequest) -> Iterator[Engine]:
    store = open_store(request.getfixturevalue(f"{request.param}_url"))  # the service's own engine
    engine = store.engine
    tables = [timeline_entries, timeline_actors, timeline_month_counts, checkpoints]
    metadata.create_all(engine, tables=tables)
    with engine.begin() as conn:
        conn.execute(insert(timeline_entries), ROWS)
        month_counts.fill(conn, timeline_entries, timeline_month_counts)
        checkpoint = {"name": "timeline", "position": len(ROWS), "version": "", "generation": 1}
        conn.execute(insert(checkpoints).values(**checkpoint))
    yield engine
    store.close()


def _expected(r: ResolvedFilter) -> list[str]:
    """Brute force: the rows inside the place whose interval overlaps the window, in date order."""
    def inside(row: dict[str, Any]) -> bool:
        scope = r.place
        if scope is not None and not (
            (scope.level == "country" and row["country"] == scope.country)
            or (scope.level == "admin1" and row["admin1"] == scope.admin1 and row["country"] == scope.country)
            or (scope.level == "locality" and row["gazetteer_id"] == scope.id)
        ):
            return False
        start = row["date_start"]
        if r.end is not None and (start is None or start > r.end):
            return False
        # an undated start (before publication) is open below: only a window's end can exclude it
        return r.start is None or (row["date_end"] or start) >= r.start

    found = [row for row in ROWS if inside(row)]
    found.sort(key=lambda row: (row["date_start"] is None, row["date_start"] or date.min, row["event_id"]))
    return [row["event_id"] for row in found]


SCOPES = [None, PlaceScope("gn:1", "Town", "locality", "Province A", "IQ"),
          PlaceScope("adm1:a", "Province A", "admin1", "Province A", "IQ"),
          PlaceScope("country:SY", "Syria", "country", None, "SY")]  # fmt: skip
WINDOWS = [(None, None), (date(2014, 3, 9), date(2014, 3, 9)), (date(2014, 6, 1), date(2014, 6, 30)),
           (date(2015, 1, 1), date(2015, 12, 31)), (date(1, 1, 1), date(2011, 12, 31)),
           (date(2017, 7, 1), None), (date(2013, 2, 10), date(2014, 5, 20)), (None, date(2012, 8, 15)),
           (date(2016, 3, 15), None), (date(2014, 6, 2), date(2014, 6, 29)),
           (date(2012, 1, 31), None)]  # fmt: skip


@pytest.mark.parametrize("scope", SCOPES, ids=["anywhere", "town", "admin1", "country"])
def test_pages_hold_exactly_the_overlapping_rows_in_date_order(timeline, scope):
    assert {row["span_class"] for row in ROWS} == set(range(len(SPAN_BOUNDS)))  # every class is there
    for start, end in WINDOWS:
        r = ResolvedFilter(place=scope, start=start, end=end)
        expected = _expected(r)
        seen: list[str] = []
        cursor = None
        with timeline.connect() as conn:
            while True:
                found = page(conn, r, cursor, 40, VOCABULARY)
                assert found["total"] == len(expected), (start, end)
                seen.extend(item["id"] for item in found["items"])
                cursor = found["next_cursor"]
                if cursor is None:
                    break
            assert seen == expected, (start, end)
            summary = stats(conn, r)
            assert summary["total"] == len(expected)
            kinds = Counter(KIND_OF[i] for i in expected)
            assert {b["key"]: b["count"] for b in summary["by_type"]} == kinds
        assert [e["id"] for e in iter_entries(timeline, r, VOCABULARY, batch=64)] == expected


def test_an_export_reads_one_snapshot_while_the_timeline_changes(timeline):
    """Page after page, in one transaction: rows deleted and added after the first page are not seen."""
    r = ResolvedFilter()
    expected = _expected(r)
    entries = iter_entries(timeline, r, VOCABULARY, batch=50)
    seen = [next(entries)["id"] for _ in range(50)]
    later = expected[300:400]
    with timeline.begin() as conn:
        conn.execute(delete(timeline_entries).where(timeline_entries.c.event_id.in_(later)))
        conn.execute(insert(timeline_entries), [{**ROWS[0], "event_id": "zz-new", "position": 9999}])
    seen.extend(entry["id"] for entry in entries)
    assert seen == expected
