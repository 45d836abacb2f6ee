"""The incidents' in-memory index (timeline.projections.incident_index) finds, for every newcomer, exactly
the incident a look at every incident would pick: incidents of a day, weeks, months and years, at towns,
provinces and countries, merged as the projection merges them."""

from __future__ import annotations

import random
from datetime import date, timedelta

from timeline.domain.incident_rules import Facet
from timeline.projections.incident_index import IncidentIndex, Summary, may_merge

PLACES = [("gn:1", "alpha", "locality", "North", "IQ"), ("gn:2", "beta", "locality", "North", "IQ"),
          ("gn:3", "gamma", "locality", "South", "IQ"), (None, "north", "admin1", "North", "IQ"),
          (None, "iraq", "country", None, "IQ"), (None, "delta", "locality", None, None)]  # fmt: skip


def _facet(rng: random.Random, n: int) -> Facet:
    start = date(2014, 1, 1) + timedelta(days=rng.randrange(240))
    length = rng.choice([0, 0, 0, 2, 6, 25, 31, 32, 45, 90, 200, 400])
    gid, name, precision, admin1, country = rng.choice(PLACES)
    undated = rng.random() < 0.03
    return Facet(f"e{n:04d}", rng.choice(["attack", "airstrike"]), None if undated else start,
                 None if undated else start + timedelta(days=length), gid, name, precision, admin1, country,
                 rng.choice([None, "army", "army", "rebels"]))  # fmt: skip


def _admitted_by_any(index: IncidentIndex, f: Facet) -> Summary | None:
    """Brute force: every incident in memory, checked as `best` checks its candidates."""
    if not may_merge(f):
        return None
    fitting = [s for s in index.summaries.values() if s.admits(f)]
    return min(fitting, key=lambda s: (-s.count, s.incident_id), default=None)


def test_every_newcomer_finds_the_incident_a_full_scan_finds():
    rng = random.Random(11)
    index = IncidentIndex()
    joined = 0
    for n in range(1500):
        f = _facet(rng, n)
        best = index.best(f)
        assert best is _admitted_by_any(index, f), f
        if best is None:
            summary = Summary(f.event_id, f.kind, None, None, False, f, n)
            summary.add(f, n, f"r{n}", None)
            index.put(summary)
        else:
            joined += 1
            place = (f.gazetteer_id, f.place_name, f.place_precision, f.admin1, f.country)
            new_place = None if place in best.places else place
            best.add(f, n, f"r{n}", None)
            index.grew(best, new_place)
    assert 300 < joined < 1400  # both starting and joining were exercised
    assert any(s.count > 1 and s.end is not None and s.start is not None and (s.end - s.start).days > 31
               for s in index.summaries.values())  # fmt: skip  # a long incident that others joined
