"""Build the index file from the packaged sources + supplement, re-apply recorded dumps; locate the file.

The file lives where the settings say (TIMELINE_GAZETTEER_PATH), by default at
~/.cache/conflict-timeline/gazetteer-v<format>-<sources>.sqlite. A build
writes a temporary file and renames it into place under a lock, so concurrent processes never see half a file.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from timeline.gazetteer import sources
from timeline.gazetteer.geonames_dump import import_dump
from timeline.gazetteer.regions import TEXT_COUNTRIES
from timeline.gazetteer.store import (
    FORMAT_VERSION,
    connect,
    get_meta,
    set_meta,
    upsert_drafts,
    write_text_keys,
)
from timeline.gazetteer.supplement import default_supplement_path, merge_supplement

log = logging.getLogger(__name__)


def default_index_path(supplement: Path | None = None) -> Path:
    """Where the index lives unless the settings name a file: the user's cache directory, in a file named
    for what it is built from, so checkouts of different versions (or supplements) each keep their own
    instead of rebuilding one file in turn."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")  # the XDG convention
    built_from = source_fingerprint(supplement or default_supplement_path())[:12]
    return cache / "conflict-timeline" / f"gazetteer-v{FORMAT_VERSION}-{built_from}.sqlite"


# Modules whose code shapes the index: a change to any of them makes existing index files stale.
_BUILD_MODULES = ("build.py", "facilities.py", "folding.py", "geonames_dump.py", "regions.py", "sources.py",
                  "store.py", "supplement.py")


def source_fingerprint(supplement: Path) -> str:
    """Changes when the build code or the supplement changes, so a stale index is rebuilt."""
    digest = hashlib.sha256(FORMAT_VERSION.encode())
    digest.update(supplement.read_bytes())
    here = Path(__file__).resolve().parent
    for name in _BUILD_MODULES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


def is_current(path: Path, supplement: Path | None = None) -> bool:
    if not path.exists():
        return False
    try:
        conn = connect(path, readonly=True)
        try:
            wanted = source_fingerprint(supplement or default_supplement_path())
            return get_meta(conn, "fingerprint") == wanted
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


@contextmanager
def build_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(path.suffix + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def recorded_imports(path: Path) -> list[Path]:
    if not path.exists():
        return []
    try:
        conn = connect(path, readonly=True)
        try:
            return [Path(p) for (p,) in conn.execute("SELECT path FROM imports ORDER BY imported_at")]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return []


# The build's stages, in order, as `build_index` reports them to its `progress` callback.
BUILD_STAGES = ("reading the packaged places", "drafting places and provinces", "merging the supplement",
                "writing the index", "compacting the index")  # fmt: skip


def build_index(path: Path | None = None, supplement: Path | None = None,
                countries: frozenset[str] | None = None, only_if_stale: bool = False,
                progress: Callable[[int, int, str], None] | None = None) -> dict[str, float]:
    """(Re)build the index at `path`; `countries` limits the packaged localities (for small test builds);
    `only_if_stale` skips the work when another process finished a build while we waited for the lock.
    `progress(done, total, stage)` hears each stage of BUILD_STAGES as it starts, and (total, total, "done").

    Returns figures: seconds taken, entries written, dumps re-applied.
    """
    supplement = supplement or default_supplement_path()
    path = path or default_index_path(supplement)
    started = time.perf_counter()

    def report(stage: int) -> None:
        if progress is not None:
            what = BUILD_STAGES[stage] if stage < len(BUILD_STAGES) else "done"
            progress(stage, len(BUILD_STAGES), what)

    with build_lock(path):
        if only_if_stale and is_current(path, supplement):
            return {"seconds": time.perf_counter() - started, "entries": 0.0, "dumps": 0.0}
        # Taken before the sources are read: an edit made during the build leaves the index stale, not wrong.
        fingerprint = source_fingerprint(supplement)
        for leftover in path.parent.glob(f".{path.name}.*.tmp*"):
            leftover.unlink(missing_ok=True)  # from a build that was killed; we hold the lock
        dumps = [p for p in recorded_imports(path) if p.exists()]
        report(0)
        cities = sources.load_cities()
        report(1)
        admin1_names = sources.admin1_names(cities)
        localities = sources.city_drafts(cities)
        admin1s = sources.admin1_drafts(localities, admin1_names)
        countries_list = sources.country_drafts(localities)
        if countries is not None:
            localities = [d for d in localities if d.country in countries]
        for d in localities:
            d.admin1 = admin1_names.get(d.admin1_id or "")
        sources.trim_foreign_aliases(localities)
        drafts = countries_list + admin1s + localities
        report(2)
        merge_supplement(supplement, drafts)
        sources.drop_shadowing_aliases(drafts, TEXT_COUNTRIES)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        report(3)
        conn = connect(tmp)
        try:
            with conn:
                written = upsert_drafts(conn, drafts)
                for dump in dumps:
                    written += import_dump(conn, dump)
                write_text_keys(conn)
                set_meta(conn, "fingerprint", fingerprint)
            report(4)
            conn.execute("VACUUM")
        except BaseException:
            conn.close()
            tmp.unlink(missing_ok=True)
            raise
        conn.close()
        os.replace(tmp, path)
        report(len(BUILD_STAGES))
    seconds = time.perf_counter() - started
    log.info("gazetteer index built at %s: %d entries in %.1f s", path, written, seconds)
    return {"seconds": seconds, "entries": float(written), "dumps": float(len(dumps))}


def build_in_subprocess(path: Path, supplement: Path | None = None) -> None:
    """Build in a child process, so the one-off peak (~600 MB, the packaged JSON in memory) is not held
    by the long-running process that merely wants to load the index."""
    # A newcomer's first `timeline up` waits here; say why rather than look hung.
    print(f"building the place gazetteer at {path} (one-off, about a minute)", file=sys.stderr, flush=True)
    argv = [sys.executable, "-m", "timeline.gazetteer", str(path), "--if-stale"]
    if supplement is not None:
        argv += ["--supplement", str(supplement)]
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"building the gazetteer index at {path} failed: {detail}")


def import_file(dump: Path, path: Path | None = None, supplement: Path | None = None) -> int:
    """Add a GeoNames dump to the index (building the index first if needed); returns rows imported."""
    path = path or default_index_path(supplement)
    if not dump.is_file():
        raise FileNotFoundError(f"no such GeoNames dump: {dump}")
    if not is_current(path, supplement):
        build_index(path, supplement)
    with build_lock(path):
        conn = connect(path)
        try:
            with conn:
                n = import_dump(conn, dump)
                write_text_keys(conn)
        finally:
            conn.close()
    return n

