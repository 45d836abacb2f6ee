"""Disambiguation: score each candidate of each mention by prior (level, region, population, curation) and
by what the rest of the report says (countries named, admin1s named nearby, places already resolved).
"""

from __future__ import annotations

import math
import re
from collections import Counter

from timeline.gazetteer.folding import fold
from timeline.gazetteer.model import GazetteerEntry, Mention

# The countries a conflict report is about unless it says otherwise.
REGION = frozenset({"IQ", "SY", "IR", "TR", "LB", "JO"})
FOCUS = frozenset({"IQ", "SY"})
NEARBY_CHARS = 300
ADMIN_SUFFIX = re.compile(r"\s+(?:province|governorate|region|provinces|muhafazat)\s*$", re.IGNORECASE)
_COORDINATION = re.compile(r"^\s*(?:,|and|or|&|, and)\s*$")


def prior(e: GazetteerEntry, exact: bool = True, primary: bool = True) -> float:
    """Context-free plausibility of an entry being the place a war report names.

    `primary`: the name matched is the entry's main name (not one of its many GeoNames alternates).
    """
    s = 2.0 if exact else 0.0
    if e.level == "country":
        s += 3.0 + 0.5 * math.log10(e.population + 1)
    elif e.level == "admin1":
        s += 0.5
    else:
        s += (0.5 if primary or e.curated else 0.25) * math.log10(e.population + 1)
        s += (1.5 if e.curated else 0.0) + (0.3 if e.kind in ("city", "town") else 0.0)
    if e.country in REGION:
        s += 2.0 + (0.5 if e.country in FOCUS else 0.0)
    return s


def resolve(mentions: list[Mention], text: str) -> list[GazetteerEntry | None]:
    """Best entry per mention (None when a mention has no candidate)."""
    first = [m.candidates[0] if m.candidates else None for m in mentions]
    named_countries = {e.country for e in first if e is not None and e.level == "country"}
    admin1_at = [(m.start, e.id) for m, e in zip(mentions, first, strict=True)
                 if e is not None and e.level == "admin1"]
    located = Counter(e.country for e in first if e is not None and e.level != "country")
    chosen = Counter(e.id for e in first if e is not None)
    out: list[GazetteerEntry | None] = []
    for idx, m in enumerate(mentions):
        if not m.candidates:
            out.append(None)
            continue
        own = first[idx]
        coordinated_admin1 = _coordinated_with_admin1(mentions, first, idx, text)
        province = bool(ADMIN_SUFFIX.search(m.surface))
        key = fold(ADMIN_SUFFIX.sub("", m.surface))

        def score(e: GazetteerEntry, rank: int, m: Mention = m, own: GazetteerEntry | None = own,
                  coordinated_admin1: bool = coordinated_admin1, province: bool = province,
                  key: str = key) -> float:
            s = prior(e, primary=fold(e.name) == key) - 0.01 * rank
            if province and e.level == "admin1":
                s += 5.0
            if e.level != "country" and e.country in named_countries:
                s += 1.5
            others = located[e.country] - (1 if own is not None and own.country == e.country
                                           and own.level != "country" else 0)
            if e.level != "country":
                s += min(2.0, 0.5 * others)
            if chosen[e.id] - (1 if own is not None and own.id == e.id else 0) > 0:
                s += 3.0
            for pos, aid in admin1_at:
                if e.admin1_id == aid and e.level == "locality":
                    s += 3.0 if abs(pos - m.start) <= NEARBY_CHARS else 1.5
            if coordinated_admin1 and e.level == "admin1":
                s += 3.0
            return s

        out.append(max(enumerate(m.candidates), key=lambda p: score(p[1], p[0]))[1])
    return out


def _coordinated_with_admin1(mentions: list[Mention], first: list[GazetteerEntry | None], idx: int,
                             text: str) -> bool:
    """"Ninewa and Erbil": a mention joined by and/or/comma to a province is read as a province too."""
    for j in (idx - 1, idx + 1):
        if 0 <= j < len(mentions) and first[j] is not None and first[j].level == "admin1":  # type: ignore[union-attr]
            if all(c.level == "admin1" for c in mentions[j].candidates[:1]):
                a, b = sorted((mentions[idx], mentions[j]), key=lambda m: m.start)
                if _COORDINATION.match(text[a.end:b.start]):
                    return True
    return False
