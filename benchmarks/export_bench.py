"""Benchmark: 1,000,000 rows in a SQLite timeline table -> JSONL export (peak RSS, rows/s) and a
place-and-year query (latency). Usage: python benchmarks/export_bench.py [ROWS] [DB_PATH]"""

from __future__ import annotations

import random
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import create_engine

from timeline.projections.base import ProjectionRunner  # noqa: F401 - tables registered on import
from timeline.projections.spans import span_class
from timeline.projections.tables import checkpoints, metadata, timeline_actors, timeline_entries
from timeline.query.cache import PageCache
from timeline.query.filters import TimelineFilter
from timeline.query.service import QueryContext

CHECKPOINT_SQL = (
    "INSERT OR REPLACE INTO projection_checkpoints (name, position, version, generation)"
    " VALUES ('timeline', ?, '', 1)"
)
KINDS = ["town_captured", "airstrike", "attack", "clash", "offensive_launched", "withdrawal"]
PLACES = [(f"gn:{i}", f"Town {i}", f"Province {i % 18}", "IQ" if i % 3 else "SY") for i in range(2000)]


class _Entry:
    def __init__(self, i: str, name: str, level: str, admin1: str | None, country: str) -> None:
        self.id, self.name, self.level, self.admin1, self.country = i, name, level, admin1, country


class BenchGazetteer:
    """Just enough gazetteer for the benchmark's place names."""

    def get(self, entry_id: str) -> None:
        return None

    def lookup(self, name: str) -> list[_Entry]:
        return [_Entry("adm1:b", name, "admin1", name, "IQ")] if name.startswith("Province") else []

    def suggest(self, name: str, limit: int = 5) -> list[_Entry]:
        return []

    def search(self, prefix: str, limit: int = 10) -> list[_Entry]:
        return []


class BenchStore:
    def __init__(self, rows: int) -> None:
        self.rows = rows

    def last_position(self) -> int:
        return self.rows


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(path: Path, rows: int) -> None:
    engine = create_engine(f"sqlite:///{path}")
    metadata.create_all(engine, tables=[timeline_entries, timeline_actors, checkpoints])
    engine.dispose()
    rng = random.Random(7)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    sql = (
        "INSERT INTO timeline_entries (event_id, report_id, position, kind, type_name, date_start, date_end,"
        " date_precision, place_name, place_resolved, gazetteer_id, admin1, country, lat, lon,"
        " place_precision,"
        " actors, actor1, evidence_text, evidence_start, evidence_end, confidence, extractor_name,"
        " extractor_version, source, published, corrected, span_class) VALUES "
        "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
    )
    base = date(2010, 1, 1)
    batch = []
    for n in range(rows):
        gid, name, admin1, cc = PLACES[rng.randrange(len(PLACES))]
        start = base + timedelta(days=rng.randrange(3650))
        end = start + timedelta(days=rng.choice((0, 0, 0, 6, 30)))
        kind = KINDS[n % len(KINDS)]
        batch.append(
            (
                f"ev-{n:08d}",
                f"rep-{n // 5}",
                n + 1,
                kind,
                kind,
                start.isoformat(),
                end.isoformat(),
                "day" if end == start else "week",
                name,
                name,
                gid,
                admin1,
                cc,
                34.0,
                44.0,
                "locality",
                '["Actor A", "Actor B"]',
                "Actor A",
                f"Words stating event {n}.",
                0,
                24,
                0.6,
                "bench",
                "1",
                "Bench Wire",
                start.isoformat(),
                0,
                span_class(start, end),
            )
        )
        if len(batch) == 20000:
            conn.executemany(sql, batch)
            batch.clear()
    conn.executemany(sql, batch)
    # The projection's checkpoint, as the runner would have left it.
    conn.execute(CHECKPOINT_SQL, (rows,))
    conn.commit()
    conn.close()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    folder = tempfile.mkdtemp(prefix="timeline-bench-")
    path = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(folder) / "bench.db"
    if not path.exists():
        t0 = time.perf_counter()
        load(path, rows)
        print(f"loaded {rows} rows in {time.perf_counter() - t0:.1f} s ({path})", flush=True)
    else:
        with sqlite3.connect(path) as conn:
            conn.execute(CHECKPOINT_SQL, (rows,))
    engine = create_engine(f"sqlite:///{path}")
    ctx = QueryContext(store=BenchStore(rows), engine=engine, gazetteer=BenchGazetteer())  # type: ignore[arg-type]
    print(f"peak RSS before export: {rss_mb():.0f} MB", flush=True)

    flt = TimelineFilter.model_validate({"place": "Province 7", "from": "2014", "to": "2014"})
    time_query(ctx, flt)

    t0 = time.perf_counter()
    written = 0
    lines = 0
    with open(Path(folder) / "export.jsonl", "w", encoding="utf-8") as sink:
        for chunk in ctx.export(TimelineFilter(), "jsonl").chunks:
            sink.write(chunk)
            written += len(chunk)
            lines += 1
    seconds = time.perf_counter() - t0
    print(
        f"JSONL export: {lines - 1} entries, {written / 1e6:.0f} MB in {seconds:.1f} s "
        f"= {(lines - 1) / seconds:,.0f} rows/s; peak RSS {rss_mb():.0f} MB (target < 200 MB)",
        flush=True,
    )
    engine.dispose()
    (Path(folder) / "export.jsonl").unlink()
    if len(sys.argv) <= 2:
        shutil.rmtree(folder)  # a database given on the command line is kept for another run


def time_query(ctx: QueryContext, flt: TimelineFilter) -> None:
    """The page computed each time (the page cache emptied first: timeline.query.cache)."""
    timings = []
    for _ in range(21):
        ctx.pages = PageCache()
        t0 = time.perf_counter()
        result = ctx.timeline(flt, None, 50)
        timings.append((time.perf_counter() - t0) * 1000)
    print(
        f"place-and-year query (Province 7, 2014; total {result['total']}, page of 50), computed: "
        f"first {timings[0]:.1f} ms, median {sorted(timings)[10]:.1f} ms, best {min(timings):.1f} ms",
        flush=True,
    )


if __name__ == "__main__":
    main()
