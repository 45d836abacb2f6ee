"""The contradiction look-up's one-pass test over a group of rivals (same kind, same gazetteer id) gives
what the pairwise rule `contradicts` gives for each rival, in the rivals' order."""

from __future__ import annotations

import random
from datetime import date, timedelta

from timeline.domain.events import BY_KIND
from timeline.domain.incident_rules import Facet, Rival, contradicting, contradicts

EXCLUSIVE = next(kind for kind, cls in BY_KIND.items() if cls.exclusive)
SHARED = next(kind for kind, cls in BY_KIND.items() if not cls.exclusive)
PARTIES = ["Islamic State", "Peshmerga", "Iraqi Army", "", None]  # "": a name that folds to nothing


def facet(event_id: str, start: date | None, days: int, actor: str | None, kind: str = EXCLUSIVE) -> Facet:
    end = start + timedelta(days=days) if start else None
    return Facet(event_id, kind, start, end, "gaz:1", "a town", "locality", "Province", "IQ", actor)


def pairwise(mine: Facet, rivals: list[Facet]) -> list[str]:
    return [r.event_id for r in rivals if r.event_id != mine.event_id and contradicts(mine, r)]


def as_rivals(facets: list[Facet]) -> list[Rival]:
    return [Rival(f.event_id, f.date_start, f.date_end, f.actor1) for f in facets]


def test_a_group_gives_what_the_pairwise_rule_gives() -> None:
    rng = random.Random(3)
    day = date(2014, 1, 1)
    for kind in (EXCLUSIVE, SHARED):
        for _ in range(200):
            rivals = [facet(f"e{n}", rng.choice([None, day + timedelta(days=rng.randrange(60))]),
                            rng.choice([0, 0, 3, 30, 365]), rng.choice(PARTIES), kind) for n in range(30)]
            mine = rng.choice(rivals + [facet("mine", day + timedelta(days=rng.randrange(60)), 0,
                                              rng.choice(PARTIES), kind)])
            assert contradicting(mine, as_rivals(rivals)) == pairwise(mine, rivals)


def test_the_cases_that_do_not_contradict() -> None:
    day = date(2014, 6, 1)
    mine = facet("mine", day, 0, "Peshmerga")
    rivals = [
        facet("other-party", day, 0, "Islamic State"),
        facet("same-party", day, 0, "Peshmerga"),
        facet("no-party", day, 0, None),
        facet("undated", None, 0, "Islamic State"),
        facet("before", day - timedelta(days=5), 4, "Islamic State"),  # ends the day before
        facet("touching", day - timedelta(days=5), 5, "Islamic State"),  # ends on the day
        facet("mine", day, 0, "Islamic State"),  # itself, however it reads
    ]
    assert pairwise(mine, rivals) == ["other-party", "touching"]
    assert contradicting(mine, as_rivals(rivals)) == ["other-party", "touching"]
    assert contradicting(facet("mine", day, 0, None), as_rivals(rivals)) == []  # no party of its own
    assert contradicting(facet("mine", None, 0, "Peshmerga"), as_rivals(rivals)) == []
