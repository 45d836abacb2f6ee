"""Extraction throughput on one core: the fixture reports repeated to >= N reports (default 1,000).

    python benchmarks/extract_bench.py [--reports 1000]

Prints the one-time start-up cost (imports + rules + actor list + gazetteer load + first report), then
reports/s and words/s for extraction alone (the stored text is prepared once per fixture, as ingest does),
and the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reports"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--fixtures", type=Path, default=FIXTURES)
    args = ap.parse_args()

    t0 = time.perf_counter()
    from timeline.domain.report import Report, report_id_for
    from timeline.extraction import extract
    from timeline.extraction.cleaning import prepare_page

    t_import = time.perf_counter() - t0
    reports = []
    for path in sorted(args.fixtures.glob("*.txt")):
        meta_path = path.with_suffix(".meta.json")
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        text = prepare_page(path.read_bytes(), filename=path.name).text
        published = date.fromisoformat(meta["published"]) if meta.get("published") else None
        reports.append(Report(report_id=report_id_for(text), text=text, published=published))
    if not reports:
        print(f"no reports in {args.fixtures}", file=sys.stderr)
        return 2
    t1 = time.perf_counter()
    extract(reports[0])  # loads rules, actors and the gazetteer index
    t_first = time.perf_counter() - t1
    print(f"start-up: {t_import + t_first:.2f} s (imports {t_import:.2f} s, rules+gazetteer+first report "
          f"{t_first:.2f} s)")

    batch = [reports[i % len(reports)] for i in range(args.reports)]
    words = sum(len(r.text.split()) for r in batch)
    events = 0
    started, started_cpu = time.perf_counter(), time.process_time()
    for report in batch:
        events += len(extract(report))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    print(f"reports: {len(batch)}  words: {words}  events: {events}")
    # CPU time is what one core spends; wall time also counts waiting for a busy machine's cores.
    print(f"throughput (CPU time, one core): {len(batch) / cpu:.1f} reports/s, {words / cpu:,.0f} words/s "
          f"({1000 * cpu / len(batch):.2f} ms/report)")
    print(f"throughput (wall clock):         {len(batch) / elapsed:.1f} reports/s, "
          f"{words / elapsed:,.0f} words/s")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS: {peak_kb / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
