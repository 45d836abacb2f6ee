"""HTTP throughput with wrk (apt-get install -y wrk): `timeline serve --workers N` on a database you give
(e.g. the file projection_bench.py --db made), and a bare FastAPI app on the same uvicorn settings, side by
side: /health on both, and /timeline?place=Diyala&from=2014&to=2014 on the service, in interleaved rounds
(the machine may be shared, and wrk takes cores too), medians compared. Prints requests/s and latency
percentiles as wrk reports them; asserts nothing.

    python benchmarks/http_bench.py --db big.db [--workers 2] [--connections 50] [--seconds 10] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

BARE = """
from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
async def health() -> dict:
    return {"status": "ok", "database": "ok", "last_position": 0, "checkpoints": {}, "lag": {}}
"""
TIMELINE_QUERY = "/timeline?place=Diyala&from=2014&to=2014"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(argv: list[str], port: int, env: dict[str, str], cwd: Path) -> Iterator[str]:
    with tempfile.TemporaryFile() as log:
        environment = {**os.environ, **env}
        proc = subprocess.Popen(argv, env=environment, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield _started(proc, port, log)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def _started(proc: subprocess.Popen[bytes], port: int, log: Any) -> str:
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600  # a first start may build the gazetteer index
    while True:
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"server exited:\n{log.read().decode(errors='replace')[-2000:]}")
        try:
            if httpx.get(base + "/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("server did not start")
        time.sleep(0.3)
    return base


def wrk(url: str, connections: int, seconds: int) -> dict[str, Any]:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    latency = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rate": rate, "latency": latency, "non_2xx": int(errors.group(1)) if errors else 0}


def shown(run: dict[str, Any]) -> str:
    lat, bad = run["latency"], f", {run['non_2xx']} non-2xx" if run["non_2xx"] else ""
    return (
        f"{run['rate']:9,.0f} requests/s   p50 {lat.get('50')}  p90 {lat.get('90')}  p99 {lat.get('99')}{bad}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="SQLite file the service reads")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each, interleaved; medians compared")
    parser.add_argument(
        "--access-log",
        action="store_true",
        help="keep the service's access log on (the bare app, at log level warning, has none)",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk not found: apt-get install -y wrk")
    repo = Path(__file__).resolve().parents[1]
    timeline = [sys.executable, "-m", "timeline"] if not shutil.which("timeline") else ["timeline"]
    print(f"load average {os.getloadavg()[0]:.2f} (the machine may be shared; wrk shares its cores); "
          f"wrk -t2 -c{args.connections} -d{args.seconds}s, {args.rounds} interleaved rounds; "
          f"{args.workers} uvicorn worker(s) each; service access log {'on' if args.access_log else 'off'}",
          flush=True)  # fmt: skip
    runs: dict[str, list[dict[str, Any]]] = {"bare /health": [], "timeline /health": [], "timeline query": []}
    with tempfile.TemporaryDirectory(prefix="http-bench-") as folder:
        Path(folder, "bare_app.py").write_text(BARE)
        bare_port, our_port = free_port(), free_port()
        bare_argv = [sys.executable, "-m", "uvicorn", "bare_app:app", "--host", "127.0.0.1", "--port",
                     str(bare_port), "--workers", str(args.workers), "--log-level", "warning"]  # fmt: skip
        our_argv = [*timeline, "serve", "--port", str(our_port), "--workers", str(args.workers)]
        env = {"TIMELINE_DATABASE_URL": f"sqlite:///{args.db.resolve()}",
               "TIMELINE_ACCESS_LOG": "true" if args.access_log else "false"}  # fmt: skip
        with (
            server(bare_argv, bare_port, {}, Path(folder)) as bare,
            server(our_argv, our_port, env, repo) as ours,
        ):
            for _ in range(2 * args.workers):  # warm the workers' caches a little
                httpx.get(ours + TIMELINE_QUERY, timeout=60)
            for round_ in range(1, args.rounds + 1):
                for name, url in (("bare /health", bare + "/health"), ("timeline /health", ours + "/health"),
                                  ("timeline query", ours + TIMELINE_QUERY)):  # fmt: skip
                    runs[name].append(wrk(url, args.connections, args.seconds))
                    print(f"round {round_}  {name:17} {shown(runs[name][-1])}", flush=True)
    medians = {name: statistics.median(r["rate"] for r in found) for name, found in runs.items()}
    bare_rate, our_rate = medians["bare /health"], medians["timeline /health"]
    print(
        f"median: bare /health {bare_rate:,.0f}/s, timeline /health {our_rate:,.0f}/s "
        f"({our_rate / bare_rate:.2f}x bare), {TIMELINE_QUERY} {medians['timeline query']:,.0f}/s"
    )


if __name__ == "__main__":
    main()
