"""Extraction speed and memory on one core, against the bars of issue 8.

    python benchmarks/extract_bench.py                      # corpus, fixtures, 1 MB and 4 MB of text
    python benchmarks/extract_bench.py --sizes 0.25,0.5,1,2,4   # the size sweep
    python benchmarks/extract_bench.py --corpus PATH --rounds 5 --reports 200 --sizes ''
    python benchmarks/extract_bench.py --corpus '' --reports 0 --sizes 1,4 --shape one-line

Prints, in order:
- start-up: imports, then parser + trigger data + actor list + gazetteer + the first report;
- the real-report corpus (default `../shared/eval/corpus/reports` beside the repository; skipped with a
  message when missing): reports/s and words/s on one core (CPU time) with the parser loaded (bar >= 30/s);
- the fixture reports repeated to --reports (default 200), as before;
- the peak resident memory so far (bar <= 600 MB);
- generated war-report text of each --sizes megabytes (benchmarks/war_text.py; `--shape one-line` makes it
  one huge paragraph): the text preparation (`prepare_page`, size cap lifted) and the extraction
  (`extract`) in CPU seconds, seconds per MB and the peak memory after it. Linear time shows as a constant
  s/MB.

Reports are prepared once, outside the timing, as ingest stores them. BLAS threads are pinned to one, and
CPU time is what one core spends (wall time also counts waiting for a busy machine).
Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # before numpy is imported
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures" / "reports"
CORPUS = REPO.parent / "shared" / "eval" / "corpus" / "reports"
CORPUS_BAR = 30.0  # reports/s on one core
RSS_BAR_MB = 600
PUBLISHED = date(2014, 6, 17)  # the generated text's dateline is "BAGHDAD, June 17"

sys.path.insert(0, str(REPO))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def load_reports(folder: Path) -> list[Any]:
    """The folder's .txt reports, prepared as ingest prepares them, with their metadata's publication date."""
    from timeline.domain.report import Report, report_id_for
    from timeline.extraction.cleaning import prepare_page

    reports = []
    for path in sorted(folder.glob("*.txt")):
        meta_path = path.with_suffix(".meta.json")
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        text = prepare_page(path.read_bytes(), filename=path.name).text
        published = date.fromisoformat(meta["published"]) if meta.get("published") else None
        reports.append(Report(report_id=report_id_for(text), text=text, published=published))
    return reports


def throughput(label: str, batch: list[Any], bar: float | None = None) -> None:
    from timeline.extraction import extract

    words = sum(len(r.text.split()) for r in batch)
    events = 0
    started, started_cpu = time.perf_counter(), time.process_time()
    for report in batch:
        events += len(extract(report))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    met = bar is not None and len(batch) / cpu >= bar
    verdict = "" if bar is None else f"  (bar >= {bar:.0f}/s: {'met' if met else 'NOT met'})"
    print(f"{label}: {len(batch)} reports, {words:,} words, {events} events")
    print(f"  one core (CPU time): {len(batch) / cpu:.1f} reports/s, {words / cpu:,.0f} words/s, "
          f"{1000 * cpu / len(batch):.1f} ms/report{verdict}")
    print(f"  wall clock:          {len(batch) / elapsed:.1f} reports/s")


# How the generated text is laid out: paragraphs (as reports are), one line with no break at all (a page
# pasted flat: one huge paragraph), or a line per sentence (many one-line paragraphs).
SHAPES = {
    "paragraphs": lambda text: text,
    "one-line": lambda text: " ".join(text.split("\n")),
    "line-per-sentence": lambda text: text.replace(". ", ".\n"),
}


def generated(sizes: list[float], shape: str = "paragraphs") -> None:
    from benchmarks.war_text import generate
    from timeline.domain.report import Report, report_id_for
    from timeline.extraction import extract
    from timeline.extraction.cleaning import prepare_page

    print(f"generated text, {shape} (CPU seconds; size cap lifted, as when the pipeline is called directly):")
    print(f"  {'MB':>5} {'prepare s':>9} {'extract s':>9} {'s/MB':>6} {'events':>7} {'peak RSS MB':>11}")
    per_mb: list[tuple[float, float]] = []
    for mb in sizes:
        raw = SHAPES[shape](generate(int(mb * 1_000_000)))
        t0 = time.process_time()
        text = prepare_page(raw, content_type="text/plain", max_bytes=None).text
        t1 = time.process_time()
        events = extract(Report(report_id=report_id_for(text), text=text, published=PUBLISHED))
        t2 = time.process_time()
        per_mb.append((mb, (t2 - t1) / mb))
        print(f"  {mb:5.2f} {t1 - t0:9.2f} {t2 - t1:9.1f} {(t2 - t1) / mb:6.1f} {len(events):7d} "
              f"{peak_rss_mb():11.0f}", flush=True)
    if len(per_mb) >= 2:
        (small, first), (large, last) = per_mb[0], per_mb[-1]
        print(f"  linearity: s/MB at {large:g} MB / s/MB at {small:g} MB = {last / first:.2f} "
              f"(1.00 = linear; quadratic would be {large / small:.1f})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS,
                    help="folder of .txt reports (default: %(default)s)")
    ap.add_argument("--rounds", type=int, default=3, help="passes over the corpus (default: %(default)s)")
    ap.add_argument("--fixtures", type=Path, default=FIXTURES)
    ap.add_argument("--reports", type=int, default=200, help="fixture reports to extract (0: skip)")
    ap.add_argument("--sizes", default="1,4", help="MB of generated text, comma-separated ('' to skip)")
    ap.add_argument("--shape", choices=list(SHAPES), default="paragraphs",
                    help="layout of the generated text (default: %(default)s)")
    args = ap.parse_args()
    sizes = [float(s) for s in args.sizes.split(",") if s.strip()]

    t0 = time.perf_counter()
    from timeline.extraction import extract
    from timeline.gazetteer.build import default_index_path, is_current

    t_import = time.perf_counter() - t0
    if not is_current(default_index_path()):
        print(f"note: the gazetteer index {default_index_path()} is missing or stale: start-up includes "
              "building it (about a minute)")
    fixtures = load_reports(args.fixtures)
    if not fixtures:
        print(f"no reports in {args.fixtures}", file=sys.stderr)
        return 2
    t1 = time.perf_counter()
    extract(fixtures[0])  # loads the parser, trigger data, actors and the gazetteer index
    t_first = time.perf_counter() - t1
    print(f"start-up: {t_import + t_first:.2f} s wall (imports {t_import:.2f} s; parser, trigger data, "
          f"actors, gazetteer and the first report {t_first:.2f} s)")

    if args.corpus.is_dir() and (corpus := load_reports(args.corpus)):
        throughput(f"corpus {args.corpus} x {args.rounds}", corpus * args.rounds, CORPUS_BAR)
    else:
        print(f"corpus: skipped, no .txt reports in {args.corpus} (give the folder with --corpus)")
    if args.reports > 0:
        throughput(f"fixtures {args.fixtures}", [fixtures[i % len(fixtures)] for i in range(args.reports)])
    rss = peak_rss_mb()
    print(f"peak RSS: {rss:.0f} MB (bar <= {RSS_BAR_MB} MB: {'met' if rss <= RSS_BAR_MB else 'NOT met'})",
          flush=True)
    if sizes:
        generated(sizes, args.shape)
    return 0


if __name__ == "__main__":
    sys.exit(main())
