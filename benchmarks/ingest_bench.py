"""POST /reports under load: N clients posting new reports (the fixture reports, each made new by a line of
its own) to `timeline serve` on a fresh SQLite file; reports/s and latency. Then where the time of one
report goes, measured in process on the same kind of report: page preparation and extraction, the
append, and the projection catch-up. Prints figures; asserts nothing.

    python benchmarks/ingest_bench.py [--clients 8] [--reports 160] [--workers 1] [--extraction-workers 1]

A POST the extraction pool has no room for gets 503 with Retry-After (the bounded queue): the client waits as
told and posts again, as a real client would; the retries are counted, and latency runs from the first try.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_bench import free_port, server  # noqa: E402

from timeline.bootstrap import bootstrap  # noqa: E402
from timeline.config import Settings  # noqa: E402
from timeline.domain.report import Report  # noqa: E402
from timeline.query.service import LazyGazetteer  # noqa: E402
from timeline.services.extraction import RuleExtraction  # noqa: E402
from timeline.services.ingest import ingest_report  # noqa: E402
from timeline.services.keys import create_key  # noqa: E402
from timeline.store.factory import open_store  # noqa: E402
from timeline.store.keys import SqlKeyStore  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reports"


def reports(n: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    return [f"{texts[i % len(texts)]}\n\nBench note {i}." for i in range(n)]


def over_http(args: argparse.Namespace, folder: Path) -> None:
    repo = Path(__file__).resolve().parents[1]
    port = free_port()
    timeline = ["timeline"] if shutil.which("timeline") else [sys.executable, "-m", "timeline"]
    env = {"TIMELINE_DATABASE_URL": f"sqlite:///{folder / 'http.db'}",
           "TIMELINE_EXTRACTION_WORKERS": str(args.extraction_workers), "TIMELINE_ACCESS_LOG": "false"}
    todo = reports(args.reports)
    latencies: list[float] = []
    busy = [0]  # 503 answers (pool full), each waited out and retried
    lock = threading.Lock()
    command = [*timeline, "serve", "--port", str(port), "--workers", str(args.workers)]
    store = open_store(env["TIMELINE_DATABASE_URL"])  # writes need a key: one made as `timeline keys` would
    key = {"Authorization": f"Bearer {create_key(SqlKeyStore(store.engine), 'ingest bench', 'ingest')[1]}"}
    store.close()
    with server(command, port, env, repo) as base:
        httpx.post(base + "/reports", json={"text": "Warm-up report. " + todo[0]}, headers=key, timeout=120)

        def client(mine: list[str]) -> None:
            with httpx.Client(base_url=base, timeout=300, headers=key) as http:
                for text in mine:
                    began = time.perf_counter()
                    while (answer := http.post("/reports", json={"text": text})).status_code == 503:
                        with lock:
                            busy[0] += 1
                        time.sleep(float(answer.headers.get("Retry-After", "1")))
                    answer.raise_for_status()
                    with lock:
                        latencies.append(time.perf_counter() - began)

        threads = [threading.Thread(target=client, args=(todo[i :: args.clients],))
                   for i in range(args.clients)]  # fmt: skip
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        took = time.perf_counter() - began
    latencies.sort()
    print(f"POST /reports, {args.clients} clients, {args.workers} worker(s), {args.extraction_workers} "
          f"extraction worker(s): {len(latencies) / took:6.1f} reports/s  "
          f"p50 {statistics.median(latencies) * 1000:6.0f} ms  "
          f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:6.0f} ms  ({busy[0]} answers 503, retried)",
          flush=True)  # fmt: skip


class TimedExtraction(RuleExtraction):
    def __init__(self, settings: Settings) -> None:
        super().__init__(LazyGazetteer(settings).opened)
        self.seconds = 0.0

    def extract(self, report: Report) -> list:  # type: ignore[type-arg]
        began = time.perf_counter()
        try:
            return super().extract(report)
        finally:
            self.seconds += time.perf_counter() - began


def in_process(args: argparse.Namespace, folder: Path) -> None:
    """One report at a time: ingest (prepare, date, extract, append), then catch-up, timed apart."""
    settings = Settings(database_url=f"sqlite:///{folder / 'split.db'}", project_on_write=False)
    extraction = TimedExtraction(settings)
    app = bootstrap(settings, extraction=extraction)
    todo = reports(min(args.reports, 80))
    ingest_report(app.store, extraction, "Warm-up. " + todo[0])
    app.project()
    extraction.seconds = 0.0
    ingest = project = 0.0
    for text in todo:
        began = time.perf_counter()
        ingest_report(app.store, extraction, text)
        middle = time.perf_counter()
        app.project()
        ingest += middle - began
        project += time.perf_counter() - middle
    app.close()
    total = ingest + project
    n = len(todo)
    rest = ingest - extraction.seconds
    print(f"one report at a time, in process ({n} reports): {total / n * 1000:6.1f} ms each: "
          f"extraction {extraction.seconds / total:4.0%}, page/date/append {rest / total:4.0%}, "
          f"projection catch-up {project / total:4.0%} ({project / n * 1000:.1f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--reports", type=int, default=160)
    parser.add_argument("--workers", type=int, default=1, help="server processes (serve --workers)")
    parser.add_argument("--extraction-workers", type=int, default=1, help="TIMELINE_EXTRACTION_WORKERS")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} (the machine may be shared)", flush=True)
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as folder:
        over_http(args, Path(folder))
        in_process(args, Path(folder))


if __name__ == "__main__":
    main()
