"""Append and read rates of the event store beside the `eventsourcing` library's application recorders,
measured in one run on the same database server and files: batches of 1,000 events per call, and one
report (~8 events, a new stream) per call; then the whole log read back in order. Prints figures (medians
of alternating rounds, wall and CPU), asserts nothing.

`eventsourcing` is installed (once) in its own virtual environment, so this project never depends on it:

    python benchmarks/store_bench.py                                   # SQLite only
    python benchmarks/store_bench.py --url postgresql+psycopg://postgres@127.0.0.1:5432/test  # + PostgreSQL
    python benchmarks/store_bench.py --es-venv /tmp/es-venv --rounds 5

Both sides get the same event JSON (~0.9 kB; eventsourcing stores it as its `state` bytes, already
encoded, where this store encodes the event's data itself) and the same durability (SQLite WAL with
synchronous=FULL, the sqlite3 default eventsourcing keeps; PostgreSQL defaults).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, make_url, text

from timeline.store.base import NewEvent
from timeline.store.factory import open_store
from timeline.store.sql import SqlEventStore

DATA = {
    "event_id": "", "report_id": "0" * 64,
    "when": {"start": "2014-08-11", "end": "2014-08-11", "precision": "day", "phrase": "On 11 August"},
    "place": {"name": "Jalula", "resolved_name": "Jalula", "gazetteer_id": "sup:jalula", "admin1": "Diyala",
              "country": "IQ", "lat": 34.27, "lon": 45.16, "precision": "locality"},
    "actors": ["Islamic State", "Peshmerga"],
    "evidence": {"text": "Fighters captured the town after a day of clashes " * 6, "start": 10, "end": 300},
    "confidence": 0.8, "extractor": {"name": "rules", "version": "1.1.0", "rule_id": "capture.v1"},
    "fatalities": None, "injured": None,
}  # fmt: skip
META = {"report_id": "0" * 64, "extractor_version": "1.1.0", "causation_id": None}
MODES = {"batch": (1000, 100), "report": (8, 1500)}  # mode -> (events per call, calls per round)

# Runs inside eventsourcing's own venv: argv = backend, target (JSON), mode, per_call, calls, state file.
CHILD = r'''
import json, sys, time, uuid
from eventsourcing.persistence import StoredEvent
backend, target, mode, per_call, calls, state_file = sys.argv[1], json.loads(sys.argv[2]), *sys.argv[3:]
per_call, calls = int(per_call), int(calls)
state = open(state_file, "rb").read()
if backend == "sqlite":
    from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore
    recorder = SQLiteApplicationRecorder(SQLiteDatastore(target["path"]))
else:
    from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
    recorder = PostgresApplicationRecorder(PostgresDatastore(**target))
recorder.create_table()
batches = [[StoredEvent(uuid.uuid4(), v + 1, "bench:TownCaptured", state) for v in range(per_call)]
           for _ in range(calls)]
wall, cpu = time.perf_counter(), time.process_time()
for batch in batches:
    recorder.insert_events(batch)
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
out = {"append_wall": wall, "append_cpu": cpu, "events": per_call * calls}
if mode == "batch":
    wall, cpu = time.perf_counter(), time.process_time()
    start, n = 1, 0
    while True:
        page = recorder.select_notifications(start, 5000)
        if not page:
            break
        n += len(page)
        start = page[-1].id + 1
    out.update(read_wall=time.perf_counter() - wall, read_cpu=time.process_time() - cpu, read=n)
print(json.dumps(out))
'''


def es_python(venv: Path) -> Path:
    """The venv's python, eventsourcing installed in it first if it is not there yet."""
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"installing eventsourcing into {venv} (once)", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "eventsourcing[postgres]"], check=True)
    return python


def ours(store: SqlEventStore, mode: str) -> dict[str, float]:
    per_call, calls = MODES[mode]
    batches = [[NewEvent(str(uuid.uuid4()), "TownCaptured", 2, DATA, META) for _ in range(per_call)]
               for _ in range(calls)]  # fmt: skip
    wall, cpu = time.perf_counter(), time.process_time()
    for batch in batches:
        store.append(f"report-{uuid.uuid4().hex}", batch, 0)
    out = {"append_wall": time.perf_counter() - wall, "append_cpu": time.process_time() - cpu,
           "events": per_call * calls}  # fmt: skip
    if mode == "batch":
        wall, cpu = time.perf_counter(), time.process_time()
        out["read"] = sum(1 for _ in store.iter_all(0, batch=5000))
        out.update(read_wall=time.perf_counter() - wall, read_cpu=time.process_time() - cpu)
    return out


def theirs(python: Path, backend: str, target: dict[str, Any], mode: str, state: Path) -> dict[str, float]:
    per_call, calls = MODES[mode]
    done = subprocess.run([str(python), "-c", CHILD, backend, json.dumps(target), mode, str(per_call),
                           str(calls), str(state)], capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def report(backend: str, mode: str, runs: dict[str, list[dict[str, float]]]) -> None:
    def rate(side: str, key: str) -> tuple[float, float]:
        n = "events" if key == "append" else "read"
        wall = statistics.median(r[n] / r[f"{key}_wall"] for r in runs[side])
        cpu = statistics.median(r[n] / r[f"{key}_cpu"] for r in runs[side])
        return wall, cpu

    keys = ["append"] + (["read"] if mode == "batch" else [])
    for key in keys:
        (ow, oc), (tw, tc) = rate("ours", key), rate("theirs", key)
        what = {"batch": "append, batches of 1,000", "report": "append, one report of 8"}[mode]
        what = what if key == "append" else "read the whole log in order"
        print(f"{backend:<10} {what:<28} this store {ow:>9,.0f}/s (CPU {oc:>9,.0f}/s)   eventsourcing "
              f"{tw:>9,.0f}/s (CPU {tc:>9,.0f}/s)   ratio {ow / tw:4.2f}x", flush=True)  # fmt: skip


def run_sqlite(python: Path, state: Path, rounds: int) -> None:
    for mode in MODES:
        runs: dict[str, list[dict[str, float]]] = {"ours": [], "theirs": []}
        for _ in range(rounds):  # alternating, each on a new file in the same directory
            with tempfile.TemporaryDirectory(prefix="store-bench-") as folder:
                store = open_store(f"sqlite:///{Path(folder) / 'ours.db'}")
                assert isinstance(store, SqlEventStore)
                runs["ours"].append(ours(store, mode))
                store.close()
                target = {"path": str(Path(folder) / "es.db")}
                runs["theirs"].append(theirs(python, "sqlite", target, mode, state))
        report("SQLite", mode, runs)


def run_postgres(python: Path, state: Path, rounds: int, url: str) -> None:
    base = make_url(url).set(drivername="postgresql+psycopg")
    admin = create_engine(base)
    try:
        for mode in MODES:
            runs: dict[str, list[dict[str, float]]] = {"ours": [], "theirs": []}
            for _ in range(rounds):
                schema = f"bench_{uuid.uuid4().hex[:12]}"
                with admin.begin() as conn:
                    conn.execute(text(f'CREATE SCHEMA "{schema}"'))
                try:
                    ours_url = base.update_query_dict({"options": f"-csearch_path={schema}"})
                    store = open_store(ours_url.render_as_string(hide_password=False))
                    assert isinstance(store, SqlEventStore)
                    runs["ours"].append(ours(store, mode))
                    store.close()
                    target = {"dbname": base.database, "host": base.host or "127.0.0.1",
                              "port": base.port or 5432, "user": base.username or "postgres",
                              "password": base.password or "", "schema": schema}  # fmt: skip
                    runs["theirs"].append(theirs(python, "postgres", target, mode, state))
                finally:
                    with admin.begin() as conn:
                        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            report("PostgreSQL", mode, runs)
    finally:
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--url", help="also PostgreSQL, at this URL (a fresh schema per round)")
    parser.add_argument("--es-venv", type=Path, default=Path.home() / ".cache" / "conflict-timeline" / "es",
                        help="virtual environment for eventsourcing (created on first use)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per side (median printed)")
    args = parser.parse_args()
    python = es_python(args.es_venv)
    ask = "import importlib.metadata as m; print(m.version('eventsourcing'))"
    done = subprocess.run([str(python), "-c", ask], capture_output=True, text=True, check=True)
    version = done.stdout.strip()
    print(f"eventsourcing {version}; load average {os.getloadavg()[0]:.2f} (the machine may be shared)")
    with tempfile.NamedTemporaryFile(suffix=".json") as state:
        state.write(json.dumps(DATA).encode())
        state.flush()
        run_sqlite(python, Path(state.name), args.rounds)
        if args.url:
            run_postgres(python, Path(state.name), args.rounds, args.url)


if __name__ == "__main__":
    main()
