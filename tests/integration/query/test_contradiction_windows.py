"""Contradictions found through per-place date windows (and, for big batches, one window per place)
match a brute-force comparison of every row with every other, on a real SQLite timeline table."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import create_engine, insert, select

from timeline.domain.incident_rules import Facet, contradicts
from timeline.projections.spans import span_class
from timeline.projections.tables import checkpoints, metadata, timeline_entries
from timeline.query.sql import entries, order_by
from timeline.query.timeline_query import serialise
from timeline.query.vocabulary import load_actor_vocabulary

VOCABULARY = load_actor_vocabulary()

ACTORS = ["Islamic State", "Peshmerga", "Iraqi Army", None]


def _when(rng: random.Random) -> tuple[date, date, str]:
    day = date(2013, 1, 1) + timedelta(days=rng.randrange(3 * 365))
    roll = rng.random()
    if roll < 0.6:
        return day, day, "day"
    if roll < 0.8:
        return day, day + timedelta(days=rng.randint(1, 6)), "range"
    if roll < 0.9:
        return day.replace(day=1), day.replace(day=28), "month"
    return day.replace(month=1, day=1), day.replace(month=12, day=31), "year"


@pytest.fixture(params=[60, 600])
def timeline(tmp_path, request):
    """1,500 entries over 60 places (many contradictions), or 600 (a batch whose windows exceed what one
    SQLite statement can hold)."""
    engine = create_engine(f"sqlite:///{tmp_path / 'windows.db'}")
    metadata.create_all(engine, tables=[timeline_entries, checkpoints])
    rng = random.Random(11)
    rows = []
    for n in range(1500):
        start, end, precision = _when(rng)
        actor = rng.choice(ACTORS)
        rows.append({
            "event_id": f"ev{n:05d}", "report_id": f"rep{n % 40}", "position": n + 1,
            "kind": "town_captured" if rng.random() < 0.8 else "airstrike", "type_name": "Bench",
            "date_start": start, "date_end": end, "date_precision": precision,
            "gazetteer_id": f"gn:{rng.randrange(request.param)}", "place_name": "Town",
            "place_precision": "locality",
            "admin1": "Province", "country": "IQ", "actors": [actor] if actor else [], "actor1": actor,
            "evidence_text": "text", "evidence_start": 0, "evidence_end": 4, "extractor_name": "test",
            "extractor_version": "1", "date_phrase": None, "confidence": 0.5, "corrected": False,
            "span_class": span_class(start, end),
        })
    with engine.begin() as conn:
        conn.execute(insert(entries), rows)
        checkpoint = {"name": "timeline", "position": 1500, "version": "", "generation": 1}
        conn.execute(insert(checkpoints), [checkpoint])
    yield engine
    engine.dispose()


def _brute_force(all_rows):
    """event id -> every other row's id that contradicts it, in (date_start, event_id) order."""
    ordered = sorted(all_rows, key=lambda o: (o.date_start, o.event_id))
    facets = [(o, Facet.of(o, VOCABULARY)) for o in ordered]
    return {row.event_id: [o.event_id for o, theirs in facets
                           if o.event_id != row.event_id and contradicts(mine, theirs)]
            for row, mine in facets}


# a page (windows per run of entries) and a big batch (one window per place)
@pytest.mark.parametrize("size", [50, 1500])
def test_windows_find_exactly_the_brute_force_contradictions(timeline, size):
    with timeline.connect() as conn:
        all_rows = conn.execute(select(entries).order_by(*order_by())).all()
        against = _brute_force(all_rows)
        for offset in range(0, len(all_rows), size):
            rows = all_rows[offset:offset + size]
            full = serialise(conn, rows, VOCABULARY, merged=False)
            capped = serialise(conn, rows, VOCABULARY, merged=False, shown=3)
            for row, entry, short in zip(rows, full, capped, strict=True):
                expected = against[row.event_id]
                assert [c["id"] for c in entry["contradictions"]] == expected
                assert "contradictions_total" not in entry
                assert [c["id"] for c in short["contradictions"]] == expected[:3]
                assert short["contradictions_total"] == len(expected)
    assert sum(map(len, against.values())) > 10  # the corpus does hold contradictions
