"""The on-disk index: one SQLite file (entries, folded/skeleton name keys, imports, a pickled text-key map).

Every name of every entry is in `names` (exact fold keys, for lookup/search worldwide). Entries that are
plausible in a war report (see `is_plausible`) also get skeleton keys, and their keys are pickled into
`meta.text_keys`, the only thing loaded into memory at start-up.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from timeline.gazetteer import facilities
from timeline.gazetteer.folding import fold, keys_for
from timeline.gazetteer.model import GazetteerEntry
from timeline.gazetteer.regions import RING, RING_MIN_POPULATION, SKELETON_COUNTRIES, TEXT_COUNTRIES
from timeline.gazetteer.sources import Draft

FORMAT_VERSION = "4"
WORLD_CITY_POPULATION = 100_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v BLOB);
CREATE TABLE IF NOT EXISTS entries (rid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, name TEXT NOT NULL,
  level TEXT NOT NULL, kind TEXT NOT NULL, admin1 TEXT, admin1_id TEXT, country TEXT, lat REAL, lon REAL,
  population INTEGER NOT NULL DEFAULT 0, aliases TEXT NOT NULL DEFAULT '', plausible INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS names (key TEXT NOT NULL, rid INTEGER NOT NULL, skel INTEGER NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS names_key ON names (skel, key, rid);
CREATE INDEX IF NOT EXISTS entries_admin1 ON entries (admin1_id);
CREATE TABLE IF NOT EXISTS imports (path TEXT PRIMARY KEY, rows INTEGER NOT NULL, imported_at TEXT NOT NULL);
"""
ENTRY_COLUMNS = "rid, id, name, level, kind, admin1, admin1_id, country, lat, lon, population, aliases"


def is_plausible(d: Draft, from_dump: bool = False) -> bool:
    """Whether a place's names are matched in running text (everything stays searchable by lookup)."""
    if d.level != "locality" or d.id.startswith("sup:"):
        return True
    if d.population >= WORLD_CITY_POPULATION:
        return True
    if d.country in RING:
        return d.population >= RING_MIN_POPULATION
    if d.country not in TEXT_COUNTRIES:
        return False
    # A full dump adds every hamlet; outside Iraq/Syria only the inhabited ones are worth matching in text.
    return not from_dump or d.country in {"IQ", "SY"} or d.population >= 1000


EXACT, SKELETON, ACRONYM = 0, 1, 2
FACILITY = 3  # in-memory only: installations by "<core> <class>" (see facilities.py)


def is_acronym(name: str) -> bool:
    """All-caps short names ("UAE", "MERV", "T-4"): matched in text only when written in capitals."""
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and name.isupper() and len(letters) <= 6 and " " not in name


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, check_same_thread=False)
        conn.executescript(SCHEMA)
    return conn


def upsert_drafts(conn: sqlite3.Connection, drafts: Iterable[Draft], from_dump: bool = False) -> int:
    """Insert or replace entries and their name keys; returns how many entries were written."""
    n = 0
    for d in drafts:
        plausible = is_plausible(d, from_dump)
        cur = conn.execute(
            "INSERT INTO entries (id, name, level, kind, admin1, admin1_id, country, lat, lon, population,"
            " aliases, plausible) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET name=excluded.name, level=excluded.level, kind=excluded.kind,"
            " admin1=excluded.admin1, admin1_id=excluded.admin1_id,"
            " country=excluded.country, lat=excluded.lat, lon=excluded.lon, population=excluded.population,"
            " aliases=excluded.aliases, plausible=max(plausible, excluded.plausible) RETURNING rid",
            (d.id, d.name, d.level, d.kind, d.admin1, d.admin1_id, d.country, d.lat, d.lon, d.population,
             "|".join(d.aliases), int(plausible)))
        rid = cur.fetchone()[0]
        rows: set[tuple[str, int, int]] = set()
        fuzzy = plausible and (d.country in SKELETON_COUNTRIES or d.id.startswith("sup:"))
        for name in (d.name, *d.aliases):
            exact = fold(name)
            if exact:
                rows.add((exact, rid, EXACT))
                if is_acronym(name):
                    rows.add((exact, rid, ACRONYM))
            if fuzzy:
                rows.update((s, rid, SKELETON) for s in keys_for(name)[1] if len(s) >= 4)
        conn.executemany("INSERT OR IGNORE INTO names (key, rid, skel) VALUES (?,?,?)", rows)
        n += 1
    return n


def write_text_keys(conn: sqlite3.Connection) -> None:
    """Recompute the in-memory maps {key: rids} (exact, skeleton, acronym, facility core) of the plausible
    entries."""
    maps: tuple[dict[str, list[int]], ...] = tuple(defaultdict(list) for _ in range(4))
    for key, rid, kind in conn.execute(
            "SELECT n.key, n.rid, n.skel FROM names n JOIN entries e ON e.rid = n.rid WHERE e.plausible = 1"):
        maps[kind][key].append(rid)
    kinds = sorted({k for ks in facilities.KINDS.values() for k in ks})
    marks = ",".join("?" * len(kinds))
    for rid, name, aliases, kind in conn.execute(
            f"SELECT rid, name, aliases, kind FROM entries WHERE kind IN ({marks})", kinds):
        for n in {name, *aliases.split("|")} - {""}:
            for key in facilities.core_keys(n, kind):
                if rid not in maps[FACILITY][key]:
                    maps[FACILITY][key].append(rid)
    frozen = tuple({k: tuple(v) for k, v in m.items()} for m in maps)
    blob = pickle.dumps(frozen, protocol=pickle.HIGHEST_PROTOCOL)
    conn.execute("INSERT OR REPLACE INTO meta (k, v) VALUES ('text_keys', ?)", (blob,))


KeyMap = dict[str, tuple[int, ...]]


def read_text_keys(conn: sqlite3.Connection) -> tuple[KeyMap, KeyMap, KeyMap, KeyMap]:
    """(exact, skeleton, acronym, facility) key maps of the plausible entries."""
    row = conn.execute("SELECT v FROM meta WHERE k = 'text_keys'").fetchone()
    if row is None:
        raise RuntimeError("gazetteer index has no text keys; rebuild it with `timeline gazetteer build`")
    return pickle.loads(row[0])


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)", (key, value))


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def row_to_entry(row: tuple) -> GazetteerEntry:
    _rid, eid, name, level, kind, admin1, admin1_id, country, lat, lon, population, aliases = row
    return GazetteerEntry(id=eid, name=name, level=level, kind=kind, admin1=admin1, admin1_id=admin1_id,
                          country=country, lat=lat, lon=lon, population=population or 0,
                          aliases=tuple(a for a in aliases.split("|") if a))
