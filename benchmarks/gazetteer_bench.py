"""Gazetteer benchmark: index build time, load time, RSS after load, mention-finding throughput.

Usage: python benchmarks/gazetteer_bench.py [--build] [--reports N]
  --build      also time a full build into a temporary file (about a minute)
  --reports N  how many reports to process (the fixture reports repeated; default 1000)
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--reports", type=int, default=1000)
    args = parser.parse_args()

    started = time.perf_counter()
    from timeline.gazetteer.build import build_in_subprocess, default_index_path, is_current
    from timeline.gazetteer.gazetteer import Gazetteer
    imported = time.perf_counter() - started
    print(f"rss before load          {rss_mb():8.1f} MB (python + imports, {imported:.2f} s to import)")

    if args.build:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            build_in_subprocess(Path(tmp) / "bench.sqlite")
            seconds = time.perf_counter() - started
            size = (Path(tmp) / "bench.sqlite").stat().st_size / 1e6
        print(f"build (full, child proc) {seconds:8.1f} s  {size:.0f} MB file, child peak RSS "
              f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")
    path = default_index_path()
    if not is_current(path):
        started = time.perf_counter()
        build_in_subprocess(path)
        print(f"build (default path)     {time.perf_counter() - started:8.1f} s")

    started = time.perf_counter()
    gaz = Gazetteer(path)
    load = time.perf_counter() - started
    print(f"load index               {load:8.2f} s  ({path})")
    print(f"rss after load           {rss_mb():8.1f} MB")

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "reports").glob("*.txt"))]
    batch = [texts[i % len(texts)] for i in range(args.reports)]
    words = sum(len(t.split()) for t in batch)
    # First pass warms the entry cache the way a long-running worker would be warm.
    for text in texts:
        gaz.resolve(gaz.find_mentions(text), text)
    started, cpu_started = time.perf_counter(), time.process_time()
    mentions = 0
    for text in batch:
        found = gaz.find_mentions(text)
        gaz.resolve(found, text)
        mentions += len(found)
    # CPU time too: on a shared machine wall time also counts other processes' turns.
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    for label, elapsed in (("wall", wall), ("cpu", cpu)):
        print(f"mentions+resolve ({label:4}) {len(batch) / elapsed:5.0f} reports/s  "
              f"{words / elapsed:,.0f} words/s  {1e6 * elapsed / words:.2f} ms/1,000 words "
              f"({len(batch)} reports, {mentions} mentions)")

    names = ["Jalawla", "Deir Ezzour", "Sa'adiyah", "Ninewa", "Hawijah", "Georgia", "Mosul Dam", "Tanf"]
    started = time.perf_counter()
    for _ in range(50):
        for n in names:
            gaz.lookup(n)
    per_name = 1000 * (time.perf_counter() - started) / (50 * len(names))
    print(f"lookup                   {per_name:8.3f} ms/name")
    started = time.perf_counter()
    for n in names:
        gaz.suggest(n + "x")
    print(f"suggest                  {1000 * (time.perf_counter() - started) / len(names):8.1f} ms/name")
    started = time.perf_counter()
    for p in ("Di", "Jal", "Mos", "Ra", "Sa"):
        gaz.search(p)
    print(f"search (autocomplete)    {1000 * (time.perf_counter() - started) / 5:8.1f} ms/prefix")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"rss at end               {rss_mb():8.1f} MB (peak {peak:.1f} MB)")


if __name__ == "__main__":
    main()
