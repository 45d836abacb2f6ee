"""Event store benchmark: append N events in report-sized batches, read them all back, print the rates.

    .venv/bin/python benchmarks/store_bench.py                       # SQLite file in a temp directory
    .venv/bin/python benchmarks/store_bench.py --url postgresql+psycopg://postgres@127.0.0.1:5432/test
PostgreSQL runs in a fresh schema (dropped afterwards unless --keep); SQLite in a new file.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import make_url, text

from timeline.store.base import NewEvent
from timeline.store.factory import open_store
from timeline.store.sqlite import SQLiteEventStore


def make_batch(report: int, size: int) -> list[NewEvent]:
    """One report's worth of events, shaped (and sized, ~0.7 kB of JSON each) like extracted ones."""
    report_id = f"{report:064x}"
    return [
        NewEvent(
            event_id=str(uuid.uuid4()),
            type="TownCaptured",
            schema_version=2,
            data={
                "event_id": f"{report}-{i}",
                "report_id": report_id,
                "when": {
                    "start": "2014-08-11",
                    "end": "2014-08-11",
                    "precision": "day",
                    "phrase": "On 11 August",
                },
                "place": {
                    "name": "Jalula",
                    "resolved": "Jalula",
                    "gazetteer_id": "sup:jalula",
                    "admin1": "Diyala",
                    "country": "IQ",
                    "lat": 34.27,
                    "lon": 45.16,
                    "precision": "locality",
                },
                "actors": ["Islamic State", "Peshmerga"],
                "evidence": {
                    "text": "Fighters captured the town after a day of clashes " * 3,
                    "start": 10 * i,
                    "end": 10 * i + 150,
                },
                "confidence": 0.8,
                "extractor": {"name": "rules", "version": "0.3.0", "rule_id": "capture.v1"},
            },
            metadata={"report_id": report_id, "extractor_version": "0.3.0", "causation_id": None},
        )
        for i in range(size)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: a new SQLite file in a temp directory)")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=20, help="events per append (one report's worth)")
    parser.add_argument("--read-page", type=int, default=5000, help="read_all page size")
    parser.add_argument("--synchronous", default="FULL", help="SQLite synchronous mode (FULL, NORMAL)")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL schema afterwards")
    args = parser.parse_args()

    schema = None
    scratch = tempfile.TemporaryDirectory(prefix="store-bench-")
    if args.url:
        url = make_url(args.url)
        if url.drivername.startswith("postgres") and "options" not in url.query:
            schema = f"bench_{uuid.uuid4().hex[:12]}"
            url = url.update_query_dict({"options": f"-csearch_path={schema}"})
        store = open_store(url.render_as_string(hide_password=False))
    else:
        path = Path(scratch.name) / "bench.db"
        store = SQLiteEventStore(f"sqlite:///{path}", synchronous=args.synchronous)
    engine = store.engine
    print(f"backend: {engine.dialect.name}  events: {args.events}  batch: {args.batch}")

    batches = [make_batch(n, args.batch) for n in range(args.events // args.batch)]
    # CPU seconds are printed beside wall time: on a shared machine they vary less.
    started, cpu = time.perf_counter(), time.process_time()
    for n, events in enumerate(batches):
        store.append(f"report-{n}", events, 0)
    appended, cpu = time.perf_counter() - started, time.process_time() - cpu
    total = len(batches) * args.batch
    print(
        f"append:   {total / appended:10.0f} events/s  "
        f"({len(batches) / appended:.0f} appends/s, {appended:.2f} s wall, {cpu:.2f} s CPU in this process)"
    )

    started, cpu = time.perf_counter(), time.process_time()
    count = sum(1 for _ in store.iter_all(0, batch=args.read_page))
    read, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert count == total, (count, total)
    print(
        f"read_all: {count / read:10.0f} events/s  "
        f"({read:.2f} s wall, {cpu:.2f} s CPU in this process, pages of {args.read_page})"
    )

    started = time.perf_counter()
    for n in range(0, len(batches), max(1, len(batches) // 1000)):
        store.read_stream(f"report-{n}")
    streams = len(range(0, len(batches), max(1, len(batches) // 1000)))
    print(f"read_stream: {streams / (time.perf_counter() - started):7.0f} streams/s")

    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            page_size = conn.exec_driver_sql("PRAGMA page_size").scalar_one()
            size = conn.exec_driver_sql("PRAGMA page_count").scalar_one() * page_size
        else:
            size = conn.execute(text("SELECT pg_total_relation_size('events')")).scalar_one()
    print(f"size:     {size / 1e6:.1f} MB ({size / total:.0f} bytes/event incl. indexes)")
    store.close()
    if schema and not args.keep:
        cleanup = open_store(args.url, create=False)
        with cleanup.engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        cleanup.close()
    scratch.cleanup()


if __name__ == "__main__":
    main()
