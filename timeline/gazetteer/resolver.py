"""Disambiguation: score each candidate of each mention by prior (level, region, population, curation) and
by what the rest of the report says (countries named, admin1s named nearby, places already resolved).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter

from timeline.gazetteer.folding import fold, skeleton
from timeline.gazetteer.model import GazetteerEntry, Mention
from timeline.gazetteer.regions import region_prior
from timeline.gazetteer.vocabulary import COORDINATION, demonyms

NEARBY_CHARS = 300
COUNTRY_EVIDENCE_BOOST = 3.0  # a country the report names outweighs the context-free regional preference
ADMIN_SUFFIX = re.compile(r"\s+(?:province|governorate|region|oblast|provinces|governorates|regions|oblasts|"
                          r"muhafazat)\s*$", re.IGNORECASE)
_PLURAL_ADMIN_SUFFIX = re.compile(r"\s+(?:provinces|governorates|regions|oblasts)\s*$", re.IGNORECASE)


def is_main_name(e: GazetteerEntry, key: str) -> bool:
    """Whether a folded name is the entry's main name up to spelling ("Basra" for "Basrah")."""
    main = fold(e.name)
    return main == key or (main[:1] == key[:1] and skeleton(main) == skeleton(key))


def prior(e: GazetteerEntry, exact: bool = True, primary: bool = True) -> float:
    """Context-free plausibility of an entry being the place a war report names.

    `primary`: the name matched is the entry's main name (not one of its many GeoNames alternates).
    """
    s = 2.0 if exact else 0.0
    if e.level == "country":
        s += 4.5 + 0.5 * math.log10(e.population + 1)
    elif e.level == "admin1":
        s += 0.5
    else:
        s += (0.5 if primary or e.curated else 0.25) * math.log10(e.population + 1)
        s += (1.5 if e.curated else 0.0) + {"city": 0.6, "town": 0.3}.get(e.kind, 0.0)
    return s + region_prior(e.country)


def country_evidence(first: list[GazetteerEntry | None], text: str) -> dict[str, float]:
    """Weight (0.5..1] of each country the report names or qualifies ("Libya", "the Libyan capital"),
    relative to the most named one."""
    counts: Counter[str] = Counter(e.country for e in first if e is not None and e.level == "country"
                                   and e.country)
    by_form = demonyms()
    counts.update(by_form[w] for w in _CAPITALISED_WORD.findall(text) if w in by_form)
    top = max(counts.values(), default=0)
    return {cc: 0.5 + 0.5 * n / top for cc, n in counts.items()}


_CAPITALISED_WORD = re.compile(r"\b[A-Z][\w-]*")


def resolve(mentions: list[Mention], text: str) -> list[GazetteerEntry | None]:
    """Best entry per mention (None when a mention has no candidate)."""
    first = [m.candidates[0] if m.candidates else None for m in mentions]
    named_countries = country_evidence(first, text)
    admin1_at = _Admin1Positions(mentions, first)
    # Evidence from the other mentions counts other names only: "Tripoli" named three times is no more
    # evidence for the first Tripoli the gazetteer lists than named once.
    keys = [fold(ADMIN_SUFFIX.sub("", m.surface)) for m in mentions]
    firsts = {(e.id, k): e for e, k in zip(first, keys, strict=True) if e is not None}
    located = Counter(e.country for e in firsts.values() if e.level != "country")
    chosen = Counter(e_id for e_id, _ in firsts)
    inside = Counter(e.admin1_id for e in first if e is not None and e.level == "locality")
    provinces = _named_as_provinces(mentions, text)
    out: list[GazetteerEntry | None] = []
    for idx, m in enumerate(mentions):
        if not m.candidates:
            out.append(None)
            continue
        own = first[idx]
        apposed = mentions[idx - 1] if idx > 0 and text[mentions[idx - 1].end:m.start] == ", " else None
        following = mentions[idx + 1] if idx + 1 < len(mentions) else None
        apposed_by = following if following is not None and text[m.end:following.start] == ", " else None
        coordinated_admin1 = _coordinated_with_admin1(mentions, first, idx, text)
        province = idx in provinces
        key = keys[idx]

        def score(e: GazetteerEntry, rank: int, m: Mention = m, own: GazetteerEntry | None = own,
                  coordinated_admin1: bool = coordinated_admin1, province: bool = province,
                  key: str = key, apposed: Mention | None = apposed,
                  apposed_by: Mention | None = apposed_by) -> float:
            primary = is_main_name(e, key)
            boost = 0.0
            if province and e.level == "admin1":
                boost += 5.0
            if e.level != "country" and e.country in named_countries:
                boost += COUNTRY_EVIDENCE_BOOST * named_countries[e.country]
            others = located[e.country] - (1 if own is not None and own.country == e.country
                                           and own.level != "country" else 0)
            if e.level != "country":
                boost += min(3.0, 1.0 * others)
            if e.level == "admin1" and not _has_namesake_city(e, m):
                own_inside = own is not None and own.level == "locality" and own.admin1_id == e.id
                boost += min(3.0, 1.5 * (inside[e.id] - own_inside))
            if apposed is not None and any(_within(c, e) for c in apposed.candidates[:3]):
                boost += 6.0  # "Savannah, Georgia": the name after the comma is the area holding it
            if apposed_by is not None and any(_within(e, c) for c in apposed_by.candidates[:3]):
                boost += 4.0
            if chosen[e.id] - (1 if own is not None and own.id == e.id else 0) > 0:
                boost += 3.0
            if e.level == "locality" and e.admin1_id is not None:
                near, far = admin1_at.around(e.admin1_id, m.start)
                boost += 3.0 * near + 1.5 * far
            if coordinated_admin1 and e.level == "admin1":
                boost += 3.5
            if e.level == "locality" and not primary and not e.curated:
                boost /= 2  # matched only through one of its many GeoNames alternate names
            s = prior(e, primary=primary) - 0.01 * rank + boost
            return s

        out.append(max(enumerate(m.candidates), key=lambda p: score(p[1], p[0]))[1])
    return out


class _Admin1Positions:
    """Where the report names each admin1 (by the mentions' first candidates), for "how many times is the
    province holding this town named near it, and how many times further away": two binary searches per
    question instead of a scan of every admin1 mention, which made resolution quadratic in a long report."""

    def __init__(self, mentions: list[Mention], first: list[GazetteerEntry | None]):
        self.starts: dict[str, list[int]] = {}
        for m, e in zip(mentions, first, strict=True):
            if e is not None and e.level == "admin1":
                self.starts.setdefault(e.id, []).append(m.start)  # mentions come in reading order

    def around(self, admin1_id: str, at: int) -> tuple[int, int]:
        """(named within NEARBY_CHARS of `at`, named further away), not counting a mention starting at
        `at` (the mention being resolved)."""
        starts = self.starts.get(admin1_id)
        if not starts:
            return 0, 0
        window = bisect_right(starts, at + NEARBY_CHARS) - bisect_left(starts, at - NEARBY_CHARS)
        here = bisect_right(starts, at) - bisect_left(starts, at)
        return window - here, len(starts) - window


def _named_as_provinces(mentions: list[Mention], text: str) -> set[int]:
    """Mentions followed by "province", and those a plural suffix distributes over ("Kandahar and Helmand
    provinces", "Kherson, Zaporizhzhia and Donetsk oblasts"): a mention is one when a later mention with a
    plural suffix is joined to it by an unbroken chain of "and"/commas. One pass from the end, so a long
    chain is not walked once per plural suffix in it."""
    out = {i for i, m in enumerate(mentions) if ADMIN_SUFFIX.search(m.surface)}
    plural_follows = False  # a plural-suffixed mention follows mentions[i] through coordination only
    for i in range(len(mentions) - 1, -1, -1):
        if plural_follows:
            out.add(i)
        reaches = plural_follows or _PLURAL_ADMIN_SUFFIX.search(mentions[i].surface) is not None
        plural_follows = reaches and i > 0 and bool(
            COORDINATION.match(text[mentions[i - 1].end:mentions[i].start]))
    return out


def _has_namesake_city(area: GazetteerEntry, m: Mention) -> bool:
    """"Aleppo" is the city, not the province, however many places in the province the text names."""
    return any(c.level == "locality" and c.admin1_id == area.id for c in m.candidates)


def _within(x: GazetteerEntry, area: GazetteerEntry) -> bool:
    if area.level == "country":
        return x.level != "country" and x.country == area.country
    return area.level == "admin1" and x.level == "locality" and x.admin1_id == area.id


def _coordinated_with_admin1(mentions: list[Mention], first: list[GazetteerEntry | None], idx: int,
                             text: str) -> bool:
    """"Ninewa and Erbil": a mention joined by and/or/comma to a province is read as a province too."""
    for j in (idx - 1, idx + 1):
        other = first[j] if 0 <= j < len(mentions) else None
        if other is not None and other.level == "admin1":
            a, b = sorted((mentions[idx], mentions[j]), key=lambda m: m.start)
            if COORDINATION.match(text[a.end:b.start]):
                return True
    return False
