"""When two reported events are the same happening, and when they contradict each other. Pure
functions over `Facet`s (the few fields the rules look at), shared by the incidents projection and
the timeline query's contradiction flags. Actors are compared by canonical name (an ActorVocabulary)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from timeline.domain.actors import ActorVocabulary
from timeline.domain.events import BY_KIND


@lru_cache(maxsize=65536)  # place names repeat: projections fold the same few thousand over and over
def fold(text: str | None) -> str | None:
    if not text:
        return None
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    folded = "".join(c for c in ascii_text.lower() if c.isalnum() or c == " ").strip()
    return folded.removeprefix("al ").strip() or None


@dataclass(frozen=True)
class Facet:
    event_id: str
    kind: str
    date_start: date | None
    date_end: date | None
    gazetteer_id: str | None
    place_name: str | None  # folded
    place_precision: str | None
    admin1: str | None
    country: str | None
    actor1: str | None  # canonical

    @classmethod
    def of(cls, row: Any, actors: ActorVocabulary) -> Facet:
        """From anything with timeline-row-like attributes (a SQL row of the timeline)."""
        actor1 = getattr(row, "actor1", None)
        return cls(
            event_id=row.event_id, kind=row.kind, date_start=row.date_start,
            date_end=row.date_end or row.date_start, gazetteer_id=row.gazetteer_id,
            place_name=fold(getattr(row, "place_resolved", None) or getattr(row, "place_name", None)),
            place_precision=row.place_precision, admin1=row.admin1, country=row.country,
            actor1=actors.canonical(actor1) if actor1 else None,
        )


def dates_overlap(a: Facet, b: Facet) -> bool:
    if a.date_start is None or b.date_start is None:
        return False  # an undated event is never the same happening as another
    return a.date_start <= (b.date_end or b.date_start) and b.date_start <= (a.date_end or a.date_start)


def place_relation(a: Facet, b: Facet) -> str | None:
    """"same-place", "inside-admin1", "inside-country" or None (different or unknown places)."""
    if a.place_name is None and a.gazetteer_id is None or b.place_name is None and b.gazetteer_id is None:
        return None
    if a.gazetteer_id and a.gazetteer_id == b.gazetteer_id:
        return "same-place"
    if not (a.gazetteer_id and b.gazetteer_id) and a.place_name and a.place_name == b.place_name:
        return "same-place"
    for outer, inner in ((a, b), (b, a)):
        same_admin1 = bool(outer.admin1) and outer.admin1 == inner.admin1
        if outer.place_precision == "admin1" and same_admin1 and inner.place_precision == "locality":
            return "inside-admin1"
        same_country = bool(outer.country) and outer.country == inner.country
        if outer.place_precision == "country" and same_country and inner.place_precision != "country":
            return "inside-country"
    return None


def actors_compatible(a: Facet, b: Facet) -> bool:
    return a.actor1 is None or b.actor1 is None or a.actor1 == b.actor1


def merge_rule(a: Facet, b: Facet) -> str | None:
    """The rule under which a and b are the same happening, or None."""
    if a.kind != b.kind or not dates_overlap(a, b) or not actors_compatible(a, b):
        return None
    relation = place_relation(a, b)
    return f"{relation}+overlapping-dates+compatible-actors" if relation else None


def contradicts(a: Facet, b: Facet) -> bool:
    """Same exclusive kind, same place, overlapping days, but different parties said to have done it."""
    return (
        a.kind == b.kind and BY_KIND[a.kind].exclusive and place_relation(a, b) == "same-place"
        and dates_overlap(a, b) and a.actor1 is not None and b.actor1 is not None and a.actor1 != b.actor1
    )


class Rival(NamedTuple):
    """What the contradiction look-up reads of an entry sharing a page entry's kind and gazetteer id."""

    event_id: str
    date_start: date | None
    date_end: date | None
    actor1: str | None  # canonical


def contradicting(mine: Facet, rivals: Sequence[Rival]) -> list[str]:
    """The ids of the `rivals` (other than mine) that `mine` contradicts, in their order: for rivals of
    mine's kind and gazetteer id, `contradicts` comes down to overlapping days and different named
    parties, tested here in one pass (a busy town's year-long entry has a thousand rivals on every page
    that shows it)."""
    exclusive = BY_KIND[mine.kind].exclusive
    if not (exclusive and mine.gazetteer_id and mine.actor1 is not None and mine.date_start is not None):
        return []
    first, last, party, own = mine.date_start, mine.date_end or mine.date_start, mine.actor1, mine.event_id
    return [r.event_id for r in rivals
            if r.actor1 is not None and r.actor1 != party and r.date_start is not None
            and r.date_start <= last and first <= (r.date_end or r.date_start)
            and r.event_id != own]  # fmt: skip
