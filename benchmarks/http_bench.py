"""HTTP throughput with wrk (apt-get install -y wrk): `timeline serve --workers N` on a database you give
(e.g. the file projection_bench.py --db made), and a bare FastAPI app on the same uvicorn settings, side by
side: /health on both, and /timeline?place=Diyala&from=2014&to=2014 on the service. Prints requests/s and
latency percentiles as wrk reports them; asserts nothing.

    python benchmarks/http_bench.py --db big.db [--workers 2] [--connections 50] [--seconds 10]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

BARE = '''
from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
async def health() -> dict:
    return {"status": "ok", "database": "ok", "last_position": 0, "checkpoints": {}, "lag": {}}
'''
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


def wrk(url: str, connections: int, seconds: int) -> str:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    lat = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    bad = f", {errors.group(1)} non-2xx" if errors else ""
    return f"{rate:9,.0f} requests/s   p50 {lat.get('50')}  p90 {lat.get('90')}  p99 {lat.get('99')}{bad}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="SQLite file the service reads")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk not found: apt-get install -y wrk")
    repo = Path(__file__).resolve().parents[1]
    timeline = [sys.executable, "-m", "timeline"] if not shutil.which("timeline") else ["timeline"]
    print(f"load average {os.getloadavg()[0]:.2f} (the machine may be shared); wrk -t2 -c{args.connections} "
          f"-d{args.seconds}s; {args.workers} uvicorn worker(s) each", flush=True)  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="http-bench-") as folder:
        Path(folder, "bare_app.py").write_text(BARE)
        port = free_port()
        bare = [sys.executable, "-m", "uvicorn", "bare_app:app", "--host", "127.0.0.1", "--port", str(port),
                "--workers", str(args.workers), "--log-level", "warning"]  # fmt: skip
        with server(bare, port, {}, Path(folder)) as base:
            print(f"bare FastAPI  /health            {wrk(base + '/health', args.connections, args.seconds)}",
                  flush=True)  # fmt: skip
        port = free_port()
        ours = [*timeline, "serve", "--port", str(port), "--workers", str(args.workers)]
        env = {"TIMELINE_DATABASE_URL": f"sqlite:///{args.db.resolve()}"}
        with server(ours, port, env, repo) as base:
            httpx.get(base + TIMELINE_QUERY, timeout=60)  # warm both workers' caches a little
            print(f"timeline      /health            {wrk(base + '/health', args.connections, args.seconds)}",
                  flush=True)  # fmt: skip
            figures = wrk(base + TIMELINE_QUERY, args.connections, args.seconds)
            print(f"timeline      {TIMELINE_QUERY} {figures}", flush=True)


if __name__ == "__main__":
    main()
