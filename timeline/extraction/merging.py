"""The same event stated twice in a report is one event: merge duplicates (same type and place, or same
designating body and designee, dates overlapping), and drop a province- or country-level restatement of an
event a nearby sentence places in a town of that area."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable
from typing import TYPE_CHECKING

from timeline.extraction.dating import GoverningDate
from timeline.gazetteer import Gazetteer

if TYPE_CHECKING:
    from timeline.extraction.pipeline import Candidate

_NEAR_SENTENCES = 2  # how close a town-level statement must be to absorb an area-level one
_NEAR_KM = 30.0
_CLOSE_DAYS = 7
_NEAR_PARAGRAPHS = 3  # a guessed place ('two more towns') is a summary of the places named this close
_ROUGH_PARAGRAPHS = 10  # a place given only roughly ('a village in Kirkuk') is the named one this close


def _overlaps(a: GoverningDate, b: GoverningDate) -> bool:
    wa, wb = a.when, b.when
    if None in (wa.start, wa.end, wb.start, wb.end):
        return True
    return wa.start <= wb.end and wb.start <= wa.end  # type: ignore[operator]


def _same(a: Candidate, b: Candidate) -> bool:
    """Same type, place and time, and not two different doers ('Iraqi jets struck X' and 'coalition
    strikes near X' are two events)."""
    if a.kind != b.kind or a.key != b.key:
        return False
    if not _overlaps(a.date, b.date) and not (min(a.date.rank, b.date.rank) <= 1 and _close(a.date, b.date)):
        return False
    return _same_doer(a, b)


def _same_doer(a: Candidate, b: Candidate) -> bool:
    """Not two different named doers."""
    return len({c.actors[0] for c in (a, b) if c.actors and c.actors[0] != "unknown"}) <= 1


def _close(a: GoverningDate, b: GoverningDate) -> bool:
    """A loosely dated statement ('overran the city', dated by its paragraph) within days of a dated one."""
    ea, eb = a.when.end, b.when.end
    return ea is not None and eb is not None and abs((ea - eb).days) <= _CLOSE_DAYS


def dedupe(found: list[Candidate]) -> list[Candidate]:
    """One event per (type, place) -- or designee -- unless dated apart; the mention with the best-tied
    date, then the most actors, then the highest confidence wins and keeps the loser's actors it lacks."""
    kept: list[Candidate] = []
    # (type, key) -> positions in `kept`, ascending: only candidates that can be the same are compared
    by_key: dict[tuple[str, str], list[int]] = {}
    for c in found:
        twin_at = next((i for i in by_key.get((c.kind, c.key), ()) if _same(kept[i], c)), None)
        if twin_at is None:
            by_key.setdefault((c.kind, c.key), []).append(len(kept))
            kept.append(c)
            continue
        twin = kept[twin_at]
        better = (
            c.date.rank,
            not c.inferred,
            c.actors[:1] != ["unknown"] and bool(c.actors),
            c.confidence,
        ) > (
            twin.date.rank,
            not twin.inferred,
            twin.actors[:1] != ["unknown"] and bool(twin.actors),
            twin.confidence,
        )
        winner, loser = (c, twin) if better else (twin, c)
        winner.inferred = winner.inferred and loser.inferred  # named once is named
        winner.approximate = winner.approximate and loser.approximate
        winner.merged = [*twin.merged, *c.merged, f"{loser.rule_id}@{loser.trigger[0]}"]
        if (
            (not winner.actors or winner.actors[0] == "unknown")
            and loser.actors
            and loser.actors[0] != "unknown"
        ):
            winner.actors = loser.actors
        if winner.fatalities is None:
            winner.fatalities = loser.fatalities
        if winner.injured is None:
            winner.injured = loser.injured
        kept[twin_at] = winner
        old_key, new_key = (twin.kind, twin.key), (winner.kind, winner.key)
        if new_key != old_key:  # a placeless key follows the first actor, which the merge may change
            by_key[old_key].remove(twin_at)
            insort(by_key.setdefault(new_key, []), twin_at)
    return kept


def drop_vaguer(found: list[Candidate], gazetteer: Gazetteer) -> list[Candidate]:
    """'ISIL entered two towns in Diyala province' next to 'Saadiyah and Jalawla had fallen': an event
    placed only at province or country level is the same event when a nearby one (same type, within two
    sentences, overlapping dates) names a place inside that area. Likewise a roughly placed event beside
    a precisely placed one nearby, and a guessed place beside the places named."""
    by_sentence = _Window(found, lambda c: c.sentence)
    by_paragraph = _Window(found, lambda c: c.paragraph)
    out = []
    for c in found:
        entry = c.place.entry if c.place else None
        vaguer = (
            entry is not None
            and entry.level != "locality"
            and any(
                o is not c
                and o.place is not None
                and o.place.entry is not None
                and not o.inferred
                and o.place.entry.level == "locality"
                and _overlaps(o.date, c.date)
                and gazetteer.contains(entry, o.place.entry)
                for o in by_sentence.near(c, _NEAR_SENTENCES)
            )
        )
        rough = c.approximate and any(
            o is not c
            and not o.approximate
            and o.place is not None
            and _overlaps(o.date, c.date)
            and _km(o, c) <= _NEAR_KM
            for o in by_paragraph.near(c, _ROUGH_PARAGRAPHS)
        )
        # "takes two more towns" beside the towns named: a summary of events told with their places
        summary = c.inferred and any(
            o is not c
            and not o.inferred
            and o.place is not None
            and _overlaps(o.date, c.date)
            and _same_doer(o, c)  # "before being driven out by Kurdish forces": the other side's event
            for o in by_paragraph.near(c, _NEAR_PARAGRAPHS)
        )
        if not vaguer and not rough and not summary:
            out.append(c)
    return out


class _Window:
    """Candidates of each type in order of a position (sentence or paragraph), to find those within a
    distance of one by bisection rather than by scanning them all."""

    def __init__(self, found: list[Candidate], position: Callable[[Candidate], int]):
        self.position = position
        self.by_kind: dict[str, tuple[list[int], list[Candidate]]] = {}
        for kind in {c.kind for c in found}:
            ordered = sorted((c for c in found if c.kind == kind), key=position)
            self.by_kind[kind] = ([position(c) for c in ordered], ordered)

    def near(self, c: Candidate, distance: int) -> list[Candidate]:
        positions, ordered = self.by_kind[c.kind]
        at = self.position(c)
        return ordered[bisect_left(positions, at - distance) : bisect_right(positions, at + distance)]


def _km(a: Candidate, b: Candidate) -> float:
    ea, eb = (a.place.entry if a.place else None), (b.place.entry if b.place else None)
    if ea is None or eb is None or None in (ea.lat, ea.lon, eb.lat, eb.lon):
        return math.inf
    la1, lo1, la2, lo2 = (math.radians(float(x)) for x in (ea.lat, ea.lon, eb.lat, eb.lon))  # type: ignore[arg-type]
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))
