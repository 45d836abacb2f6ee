"""Helpers shared by the widget's browser tests and benchmarks/widget_bench.py: free ports, servers in a
thread, Chromium flags, and ingesting the fixture reports (plus an injection attempt) over POST /reports."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
FIXTURE_REPORTS = REPO / "fixtures" / "reports"
ARTIFACTS = REPO / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EVIL = "<script>alert(1)</script> <img src=x onerror=alert(1)>"

# An injection attempt in everything a report carries: text, outlet, title and a javascript: URL.
INJECTION_REPORT = {
    "text": (
        "Islamic State fighters captured the town of Jalula on 11 August 2014, officials said. "
        f"{EVIL} The militants then attacked a checkpoint near Khanaqin. {EVIL}"
    ),
    "content_type": "text/plain",
    "source": f"Injected Outlet {EVIL}",
    "title": f"Injected title {EVIL}",
    "url": "javascript:alert(1)",
    "published": "2014-08-16",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, proc: subprocess.Popen | None = None, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not answer within {timeout} s")


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


class ThreadedServer:
    """uvicorn in a background thread, on a free port (for the fake API)."""

    def __init__(self, app: object) -> None:
        import uvicorn

        self.port = free_port()
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        url = f"http://127.0.0.1:{self.port}"
        wait_until_up(url + "/widget.js")
        return url

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


# The key the tests post reports with, by app URL (the widget itself needs none: it only reads).
WRITE_KEYS: dict[str, dict[str, str]] = {}


def ingest_fixtures(url: str) -> None:
    with httpx.Client(base_url=url, timeout=120, headers=WRITE_KEYS.get(url, {})) as client:
        for text_file in sorted(FIXTURE_REPORTS.glob("*.txt")):
            meta = json.loads(text_file.with_suffix(".meta.json").read_text(encoding="utf-8"))
            body = {
                "text": text_file.read_text(encoding="utf-8"),
                "content_type": "text/plain",
                "source": meta.get("outlet"),
                "title": meta.get("title"),
                "url": meta.get("url"),
                "published": meta.get("published"),
            }
            res = client.post("/reports", json=body)
            assert res.status_code in (200, 201), res.text
        res = client.post("/reports", json=INJECTION_REPORT)
        assert res.status_code in (200, 201), res.text
