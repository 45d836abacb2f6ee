"""The Gazetteer: loads the built index (text-key maps in memory, entries read from SQLite on demand) and
answers lookup, mention finding, resolution, containment, autocomplete and "did you mean".
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from timeline.domain.values import Place
from timeline.gazetteer import resolver
from timeline.gazetteer.build import build_in_subprocess, default_index_path, is_current
from timeline.gazetteer.folding import fold, skeleton
from timeline.gazetteer.matcher import NameKeys, find_spots
from timeline.gazetteer.model import GazetteerEntry, Mention
from timeline.gazetteer.resolver import ADMIN_SUFFIX
from timeline.gazetteer.store import ENTRY_COLUMNS, EXACT, SKELETON, connect, read_text_keys, row_to_entry

_SKELETON_MIN_RATIO = 85.0


class Gazetteer:
    """Read-only view of one index file; safe to share between threads."""

    _default: Gazetteer | None = None
    _default_lock = threading.Lock()

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = connect(path, readonly=True)
        self._lock = threading.Lock()
        self._exact, self._skel, self._acronyms = read_text_keys(self._conn)
        self._keys = NameKeys.from_maps(self._exact, self._skel, self._acronyms)
        self._by_rid = lru_cache(maxsize=50_000)(self._load_rid)
        self._candidates = lru_cache(maxsize=20_000)(self._rank_candidates)
        self._suggest_keys: list[str] | None = None

    @classmethod
    def default(cls) -> Gazetteer:
        """The shared gazetteer at the default path, built first if missing or stale."""
        with cls._default_lock:
            if cls._default is None:
                path = default_index_path()
                if not is_current(path):
                    build_in_subprocess(path)
                cls._default = cls(path)
            return cls._default

    # -- entries ---------------------------------------------------------------------------------------
    def _query(self, sql: str, args: tuple | list = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, args).fetchall()

    def _load_rid(self, rid: int) -> GazetteerEntry | None:
        rows = self._query(f"SELECT {ENTRY_COLUMNS} FROM entries WHERE rid = ?", (rid,))
        return row_to_entry(rows[0]) if rows else None

    def _entries(self, rids: tuple[int, ...] | list[int]) -> list[GazetteerEntry]:
        return [e for e in map(self._by_rid, rids) if e is not None]

    def _entries_by_id(self, ids: list[str]) -> list[GazetteerEntry]:
        return [e for e in map(self.get, ids) if e is not None]

    def get(self, entry_id: str) -> GazetteerEntry | None:
        rows = self._query("SELECT rid FROM entries WHERE id = ?", (entry_id,))
        return self._by_rid(rows[0][0]) if rows else None

    def admin1_of(self, entry: GazetteerEntry) -> GazetteerEntry | None:
        """The admin1 an entry lies in (itself for an admin1), for hierarchy display."""
        if entry.level == "admin1":
            return entry
        return self.get(entry.admin1_id) if entry.admin1_id else None

    def country_of(self, entry: GazetteerEntry) -> GazetteerEntry | None:
        return self.get(f"country:{entry.country}") if entry.country else None

    # -- name lookup -----------------------------------------------------------------------------------
    def _ranked(self, rids: set[int], exact: set[int], key: str) -> list[GazetteerEntry]:
        best: dict[str, tuple[float, GazetteerEntry]] = {}
        for rid in rids:
            e = self._by_rid(rid)
            if e is not None:
                score = resolver.prior(e, exact=rid in exact, primary=fold(e.name) == key)
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

    def search(self, prefix: str, limit: int = 10) -> list[GazetteerEntry]:
        """Autocomplete: entries with a name starting with the prefix; exact names, then likelier places."""
        key = fold(prefix)
        if not key or limit <= 0:
            return []
        # SQLite orders every prefix match cheaply (areas, places plausible in reports, then population);
        # the best few are re-ranked in Python with the same prior as lookup.
        rows = self._query(
            "SELECT n.rid, max(n.key = ?) AS exact FROM names n JOIN entries e ON e.rid = n.rid"
            " WHERE n.skel = ? AND n.key >= ? AND n.key < ? GROUP BY n.rid"
            " ORDER BY e.level != 'locality' DESC, e.plausible DESC, e.id LIKE 'sup:%' DESC, exact DESC,"
            " e.population DESC LIMIT ?",
            (key, EXACT, key, key + "\x7f", max(50, limit * 10)))
        # A whole-name match counts once the prefix is long enough to mean something ("Hit", not "Ba").
        bonus = {rid: 3.0 if is_exact and len(key) >= 3 else 0.0 for rid, is_exact in rows}
        scored = [(self._search_rank(e) + bonus[rid] + (2.0 if fold(e.name).startswith(key) else 0.0), e)
                  for rid, _ in rows if (e := self._by_rid(rid))]
        ranked = [e for _, e in sorted(scored, key=lambda p: -p[0])]
        return ranked[:limit]

    @staticmethod
    def _search_rank(e: GazetteerEntry) -> float:
        """Provinces of the region come before towns with a similar prefix (an analyst browsing by area)."""
        return resolver.prior(e) + (2.5 if e.level == "admin1" and e.country in resolver.REGION else 0.0)

    def suggest(self, name: str, limit: int = 5) -> list[GazetteerEntry]:
        """"Did you mean": the closest names (edit-distance ratio) among places that reports name."""
        key = fold(name)
        if not key or limit <= 0:
            return []
        if self._suggest_keys is None:
            self._suggest_keys = list(self._exact)
        out: dict[str, GazetteerEntry] = {}
        for match, _score, _ in process.extract(key, self._suggest_keys, scorer=fuzz.ratio, limit=limit * 4,
                                                score_cutoff=60):
            for e in sorted(self._entries(self._exact[match]), key=lambda e: -resolver.prior(e)):
                out.setdefault(e.id, e)
        return list(out.values())[:limit]

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
            cands = [e for e in cands if e.country in resolver.FOCUS]
        if areas_only:
            cands = [e for e in cands if e.level != "locality"]
        cands.sort(key=lambda e: -resolver.prior(e, exact, fold(e.name) == key))
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

