"""The same event stated twice in a report is one event: merge duplicates (same type and place, or same
designating body and designee, dates overlapping), and drop a province- or country-level restatement of an
event a nearby sentence places in a town of that area."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from timeline.extraction.dating import GoverningDate
from timeline.gazetteer import Gazetteer

if TYPE_CHECKING:
    from timeline.extraction.pipeline import Candidate

_NEAR_SENTENCES = 2  # how close a town-level statement must be to absorb an area-level one
_NEAR_KM = 30.0
_CLOSE_DAYS = 7
_NEAR_PARAGRAPHS = 3  # a place given only roughly ('a village in Kirkuk') is the named one this close


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
    doers = {c.actors[0] for c in (a, b) if c.actors and c.actors[0] != "unknown"}
    return len(doers) <= 1


def _close(a: GoverningDate, b: GoverningDate) -> bool:
    """A loosely dated statement ('overran the city', dated by its paragraph) within days of a dated one."""
    ea, eb = a.when.end, b.when.end
    return ea is not None and eb is not None and abs((ea - eb).days) <= _CLOSE_DAYS


def dedupe(found: list[Candidate]) -> list[Candidate]:
    """One event per (type, place) -- or designee -- unless dated apart; the mention with the best-tied
    date, then the most actors, then the highest confidence wins and keeps the loser's actors it lacks."""
    kept: list[Candidate] = []
    for c in found:
        twin_at = next((i for i, k in enumerate(kept) if _same(k, c)), None)
        if twin_at is None:
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
    return kept


def drop_vaguer(found: list[Candidate], gazetteer: Gazetteer) -> list[Candidate]:
    """'ISIL entered two towns in Diyala province' next to 'Saadiyah and Jalawla had fallen': an event
    placed only at province or country level is the same event when a nearby one (same type, within two
    sentences, overlapping dates) names a place inside that area."""
    out = []
    for c in found:
        entry = c.place.entry if c.place else None
        vaguer = (
            entry is not None
            and entry.level != "locality"
            and any(
                o is not c
                and o.kind == c.kind
                and o.place is not None
                and o.place.entry is not None
                and not o.inferred
                and o.place.entry.level == "locality"
                and abs(o.sentence - c.sentence) <= _NEAR_SENTENCES
                and _overlaps(o.date, c.date)
                and gazetteer.contains(entry, o.place.entry)
                for o in found
            )
        )
        rough = c.approximate and any(
            o is not c
            and o.kind == c.kind
            and not o.approximate
            and o.place is not None
            and _overlaps(o.date, c.date)
            and _km(o, c) <= _NEAR_KM
            for o in found
        )
        # "takes two more towns" beside the towns named: a summary of events told with their places
        summary = c.inferred and any(
            o is not c
            and o.kind == c.kind
            and not o.inferred
            and o.place is not None
            and _overlaps(o.date, c.date)
            and abs(o.paragraph - c.paragraph) <= _NEAR_PARAGRAPHS
            for o in found
        )
        if not vaguer and not rough and not summary:
            out.append(c)
    return out


def _km(a: Candidate, b: Candidate) -> float:
    ea, eb = (a.place.entry if a.place else None), (b.place.entry if b.place else None)
    if ea is None or eb is None or None in (ea.lat, ea.lon, eb.lat, eb.lon):
        return math.inf
    la1, lo1, la2, lo2 = (math.radians(float(x)) for x in (ea.lat, ea.lon, eb.lat, eb.lon))  # type: ignore[arg-type]
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))
