"""The same event stated twice in a report is one event: merge duplicates, and drop a province- or
country-level restatement of an event a nearby sentence places more precisely."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from timeline.extraction.dating import GoverningDate
from timeline.gazetteer import Gazetteer

if TYPE_CHECKING:
    from timeline.extraction.pipeline import Candidate


def _fold(value: str) -> str:
    return re.sub(r"\W+", "", value.lower())


def _overlaps(a: GoverningDate, b: GoverningDate) -> bool:
    wa, wb = a.when, b.when
    if None in (wa.start, wa.end, wb.start, wb.end):
        return True
    return wa.start <= wb.end and wb.start <= wa.end  # type: ignore[operator]


def dedupe(found: list[Candidate]) -> list[Candidate]:
    """One event per (type, place) -- or per designee for designations -- unless dated apart; the mention
    with the best-tied date and then the highest confidence wins."""
    kept: list[Candidate] = []
    for c in found:
        key = _fold(c.designee or str(c.sentence.index)) if c.place is None else c.place.key
        twin = next(
            (k for k in kept
             if k.rule.kind == c.rule.kind
             and (_fold(k.designee or str(k.sentence.index)) if k.place is None else k.place.key) == key
             and (_overlaps(k.date, c.date) or min(k.date.rank, c.date.rank) <= 1)),
            None,
        )
        if twin is None:
            kept.append(c)
            continue
        better = (c.date.rank, c.rule.confidence, len(c.actors)) > (twin.date.rank, twin.rule.confidence,
                                                                   len(twin.actors))
        winner, loser = (c, twin) if better else (twin, c)
        winner.merged = [*twin.merged, *c.merged, f"{loser.rule.id}@{loser.trigger[0]}"]
        if not winner.actors and loser.actors:
            winner.actors = loser.actors
        kept[kept.index(twin)] = winner
    return kept


def drop_vaguer(found: list[Candidate], gazetteer: Gazetteer) -> list[Candidate]:
    """'ISIL entered two towns in Diyala province' next to 'Saadiyah and Jalawla had fallen': an event
    placed only at province or country level is the same event when a nearby one (same type, within two
    sentences, overlapping dates) names a place inside that area."""
    out = []
    for c in found:
        entry = c.place.entry if c.place else None
        vaguer = entry is not None and entry.level != "locality" and any(
            o is not c and o.rule.kind == c.rule.kind and o.place is not None and o.place.entry is not None
            and o.place.entry.level == "locality" and abs(o.sentence.index - c.sentence.index) <= 2
            and _overlaps(o.date, c.date) and gazetteer.contains(entry, o.place.entry)
            for o in found)
        if not vaguer:
            out.append(c)
    return out
