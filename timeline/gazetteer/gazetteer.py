"""The Gazetteer: loads the built index and answers lookup, mention finding, resolution, containment,
autocomplete and "did you mean".

Design: every name worldwide (235k GeoNames places, admin1s, countries, the curated supplement, imported
dumps) is in one SQLite file, read on demand, for lookup/search. Only the folded keys of names plausible in
a war report (the places of the conflict zones in regions.py, every country and admin1, cities of 100k+
anywhere) are held in memory (~130k keys, ~35 MB, loaded in well under a second): a hamlet named "Mark" in
the US never fires on prose, and common words that do name a place in those zones ("Of", Turkey; "Hit",
Iraq; "Tank", Pakistan) are filtered by context (vocabulary.py), as are group names and demonyms.
Text is matched by probing the keys with capitalised token runs (see matcher.py).
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from timeline.domain.values import Place
from timeline.gazetteer import resolver
from timeline.gazetteer.build import build_in_subprocess, default_index_path, is_current
from timeline.gazetteer.folding import fold, skeleton
from timeline.gazetteer.matcher import find_spots
from timeline.gazetteer.model import GazetteerEntry, Mention
from timeline.gazetteer.reader import IndexReader
from timeline.gazetteer.regions import FOCUS
from timeline.gazetteer.resolver import ADMIN_SUFFIX
from timeline.gazetteer.store import EXACT, SKELETON

_SKELETON_MIN_RATIO = 85.0


class Gazetteer(IndexReader):
    """The gazetteer of one index file; safe to share between threads."""

    _default: Gazetteer | None = None
    _default_lock = threading.Lock()

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self._candidates = lru_cache(maxsize=20_000)(self._rank_candidates)

    @classmethod
    def open(cls, path: Path | None = None, supplement: Path | None = None) -> Gazetteer:
        """The gazetteer of the index at `path` (default: the user cache), built from `supplement`
        (default: the repository's) first when it is missing or stale."""
        path = path or default_index_path(supplement)
        if not is_current(path, supplement):
            build_in_subprocess(path, supplement)
        return cls(path)

    @classmethod
    def default(cls) -> Gazetteer:
        """The gazetteer at the package's default location, opened once per process (for the package's
        default extractor, tests and scripts; an application opens the one its settings name)."""
        with cls._default_lock:
            if cls._default is None:
                cls._default = cls.open()
            return cls._default

    # -- name lookup -----------------------------------------------------------------------------------
    def _ranked(self, rids: set[int], exact: set[int], key: str) -> list[GazetteerEntry]:
        best: dict[str, tuple[float, GazetteerEntry]] = {}
        for rid in rids:
            e = self._by_rid(rid)
            if e is not None:
                score = resolver.prior(e, exact=rid in exact, primary=resolver.is_main_name(e, key))
                if e.id not in best or best[e.id][0] < score:
                    best[e.id] = (score, e)
        return [e for _, e in sorted(best.values(), key=lambda p: -p[0])]

    def lookup(self, name: str) -> list[GazetteerEntry]:
        """Entries a name may denote, transliteration-tolerant, best first (by context-free prior)."""
        name = name.strip()
        if not name:
            return []
        by_id = self.get(name)
        if by_id is not None:
            return [by_id]
        admin_wanted = bool(ADMIN_SUFFIX.search(name))
        key = fold(ADMIN_SUFFIX.sub("", name)) if admin_wanted else fold(name)
        exact = {r for (r,) in self._query("SELECT rid FROM names WHERE skel = ? AND key = ?", (EXACT, key))}
        if admin_wanted:
            exact |= {r for (r,) in self._query("SELECT rid FROM names WHERE skel = ? AND key = ?",
                                                (EXACT, fold(name)))}
        fuzzy: set[int] = set()
        if len(key) >= 4:
            sks = {skeleton(key), skeleton(fold(name, keep_articles=True))}
            marks = ",".join("?" * len(sks))
            fuzzy = {r for (r,) in self._query(
                f"SELECT rid FROM names WHERE skel = ? AND key IN ({marks})", (SKELETON, *sks))}
            fuzzy = {r for r in fuzzy - exact if self._close(key, r)}
        entries = self._ranked(exact | fuzzy, exact, key)
        if admin_wanted:
            entries.sort(key=lambda e: e.level != "admin1")
        return entries

    def _close(self, key: str, rid: int) -> bool:
        e = self._by_rid(rid)
        return e is not None and self._close_entry(key, e)

    @staticmethod
    def _close_entry(key: str, e: GazetteerEntry) -> bool:
        """A skeleton match is kept only when the spelling is also close to one of the entry's names, and
        is not a nisba ("Karbalai", "Tikriti": a person's or a people's name, not the place)."""
        names = [fold(n) for n in (e.name, *e.aliases)]
        if key.endswith("i") and not any(n.endswith("i") for n in names):
            return False
        return max(fuzz.ratio(key, n) for n in names) >= _SKELETON_MIN_RATIO

    # -- text ------------------------------------------------------------------------------------------
    def find_mentions(self, text: str) -> list[Mention]:
        """Place names in a text, left to right, each with its candidate entries (best static guess first)."""
        mentions = []
        for spot in find_spots(text, self._keys):
            surface = text[spot.start:spot.end]
            cands = self._candidates(surface, spot.rids, spot.exact, spot.admin_suffix, spot.focus_only,
                                     spot.areas_only)
            if cands:
                mentions.append(Mention(spot.start, spot.end, surface, cands))
        return mentions

    def _rank_candidates(self, surface: str, rids: tuple[int, ...], exact: bool, admin_suffix: bool,
                         focus_only: bool, areas_only: bool) -> tuple[GazetteerEntry, ...]:
        """The entries a spotted name may denote, best static guess first (cached per instance)."""
        cands = self._entries(rids)
        key = fold(ADMIN_SUFFIX.sub("", surface))
        if not exact:
            cands = [e for e in cands if self._close_entry(key, e)]
        if focus_only:
            cands = [e for e in cands if e.country in FOCUS]
        if areas_only:
            cands = [e for e in cands if e.level != "locality"]
        cands.sort(key=lambda e: -resolver.prior(e, exact, resolver.is_main_name(e, key)))
        if admin_suffix:
            cands.sort(key=lambda e: e.level != "admin1")
        return tuple(cands)

    def resolve(self, mentions: list[Mention], text: str) -> list[GazetteerEntry | None]:
        return resolver.resolve(mentions, text)

    def to_place(self, entry: GazetteerEntry | None, surface: str) -> Place:
        """A domain Place: the report's spelling as name; the entry's hierarchy and coordinates if any."""
        surface = surface.strip()
        name = ADMIN_SUFFIX.sub("", surface) if entry is None or entry.level == "admin1" else surface
        name = name or surface
        if entry is None:
            return Place(name=name)
        return Place(name=name, resolved_name=entry.name, gazetteer_id=entry.id, admin1=entry.admin1,
                     country=entry.country, lat=entry.lat, lon=entry.lon, precision=entry.level)

    # -- hierarchy -------------------------------------------------------------------------------------
    def contains(self, area: GazetteerEntry, entry_or_place: GazetteerEntry | Place) -> bool:
        """Whether a place lies in an area: a country holds its admin1s and localities, an admin1 its
        localities; an unresolved Place is judged by its admin1/country names."""
        x = entry_or_place
        if isinstance(x, Place):
            entry = self.get(x.gazetteer_id) if x.gazetteer_id else None
            if entry is None:
                return self._contains_by_names(area, x)
            x = entry
        if x.id == area.id:
            return True
        if area.level == "country":
            return x.country == area.country
        if area.level == "admin1":
            return x.level == "locality" and (x.admin1_id == area.id or (
                x.admin1_id is None and x.country == area.country and x.admin1 is not None
                and fold(x.admin1) in {fold(n) for n in (area.name, *area.aliases)}))
        return False

    @staticmethod
    def _contains_by_names(area: GazetteerEntry, place: Place) -> bool:
        if area.level == "country":
            return place.country == area.country
        if area.level == "admin1" and place.admin1 and place.country == area.country:
            return fold(place.admin1) in {fold(n) for n in (area.name, *area.aliases)}
        return False

    def close(self) -> None:
        with self._lock:
            self._conn.close()

