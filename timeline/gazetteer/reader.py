"""Reading the index file: entries by id (cached), and browsing (autocomplete, "did you mean")."""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from timeline.gazetteer import resolver
from timeline.gazetteer.folding import fold
from timeline.gazetteer.matcher import NameKeys
from timeline.gazetteer.model import GazetteerEntry
from timeline.gazetteer.regions import REGION
from timeline.gazetteer.store import ENTRY_COLUMNS, EXACT, connect, read_text_keys, row_to_entry


class IndexReader:
    """Read-only access to one index file; safe to share between threads (one SQLite handle, locked)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = connect(path, readonly=True)
        self._lock = threading.Lock()
        self._exact, self._skel, self._acronyms, facility = read_text_keys(self._conn)
        self._keys = NameKeys.from_maps(self._exact, self._skel, self._acronyms, facility)
        self._by_rid = lru_cache(maxsize=50_000)(self._load_rid)
        self._suggest_keys: list[str] | None = None

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
        scored = [(self._search_rank(e) + bonus[rid] + (2.0 if self._named_by_prefix(e, key) else 0.0), e)
                  for rid, _ in rows if (e := self._by_rid(rid))]
        ranked = [e for _, e in sorted(scored, key=lambda p: -p[0])]
        return ranked[:limit]

    @staticmethod
    def _named_by_prefix(e: GazetteerEntry, key: str) -> bool:
        """The main name (or, for curated places, any name) starts with the prefix, not some alternate."""
        names = (e.name, *e.aliases) if e.curated else (e.name,)
        return any(fold(n).startswith(key) for n in names)

    @staticmethod
    def _search_rank(e: GazetteerEntry) -> float:
        """Provinces of the region come before towns with a similar prefix (an analyst browsing by area)."""
        return resolver.prior(e) + (2.5 if e.level == "admin1" and e.country in REGION else 0.0)

    def suggest(self, name: str, limit: int = 5) -> list[GazetteerEntry]:
        """"Did you mean": the closest names (edit-distance ratio) among places that reports name."""
        key = fold(name)
        if not key or limit <= 0:
            return []
        if self._suggest_keys is None:
            self._suggest_keys = list(self._exact)
        best: dict[str, tuple[float, GazetteerEntry]] = {}
        for match, score, _ in process.extract(key, self._suggest_keys, scorer=fuzz.ratio, limit=limit * 6,
                                               score_cutoff=60):
            for e in self._entries(self._exact[match]):
                # Similarity first; among similar names, the places a war report is likelier to mean.
                ranked = score + 3.0 * resolver.prior(e)
                if e.id not in best or best[e.id][0] < ranked:
                    best[e.id] = (ranked, e)
        return [e for _, e in sorted(best.values(), key=lambda p: -p[0])][:limit]
