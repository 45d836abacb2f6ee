"""Throughput of the text stage: prepare_page + segment + find_publication_date + find_temporal_expressions
over the fixture reports repeated N times (default 1,000 reports), on one core.

    .venv/bin/python benchmarks/text_bench.py [--reports 1000]
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date
from pathlib import Path

from timeline.extraction.cleaning import prepare_page
from timeline.extraction.dates import find_temporal_expressions
from timeline.extraction.pubdate import find_publication_date
from timeline.extraction.segments import segment

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "reports"


def load() -> list[tuple[bytes, str, str | None, date | None]]:
    items = []
    for path in sorted(REPORTS.glob("*.txt")):
        meta = json.loads(path.with_suffix(".meta.json").read_text())
        published = date.fromisoformat(meta["published"]) if meta.get("published") else None
        items.append((path.read_bytes(), path.name, meta.get("outlet"), published))
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    args = parser.parse_args()
    items = load()
    stages = {"prepare_page": 0.0, "segment": 0.0, "pubdate": 0.0, "temporal": 0.0}
    words = expressions = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    for n in range(args.reports):
        raw, name, outlet, published = items[n % len(items)]
        t0 = time.perf_counter()
        text = prepare_page(raw, filename=name).text
        t1 = time.perf_counter()
        segment(text)
        t2 = time.perf_counter()
        found = find_publication_date(text, outlet=outlet)
        t3 = time.perf_counter()
        expressions += len(find_temporal_expressions(text, published or (found.date if found else None)))
        t4 = time.perf_counter()
        for stage, seconds in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            stages[stage] += seconds
        words += len(text.split())
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"reports: {args.reports}  words: {words}  temporal expressions: {expressions}")
    rate, word_rate = args.reports / elapsed, words / elapsed
    print(f"total: {elapsed:.2f} s  ->  {rate:.0f} reports/s, {word_rate:.0f} words/s (wall clock)")
    print(f"cpu:   {cpu:.2f} s  ->  {args.reports / cpu:.0f} reports/s of CPU time (steadier under load)")
    for stage, seconds in stages.items():
        print(f"  {stage:13} {1000 * seconds / args.reports:.3f} ms/report")


if __name__ == "__main__":
    main()
