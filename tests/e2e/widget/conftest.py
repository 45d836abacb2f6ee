"""Fixtures for the widget's browser tests: headless Chromium, and the app under test on a real port.

`live_app_url` is the real app (uvicorn subprocess on a temp SQLite file, the fixture reports and an
injection report ingested over POST /reports). WIDGET_E2E_BACKEND=fake swaps in the contract-shaped fake
(widget_fake_api.py) for work on the widget alone.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

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


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    exe = chromium_path()
    if not exe:
        pytest.skip(
            "no Chromium found (apt-get install -y chromium, or set CHROMIUM=/path): browser tests skipped"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


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


def _ingest_fixtures(url: str) -> None:
    with httpx.Client(base_url=url, timeout=120) as client:
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


@pytest.fixture(scope="session")
def live_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the app under test, serving /widget.js, /demo and the API on one origin."""
    if os.environ.get("WIDGET_E2E_BACKEND") == "fake":
        sys.path.insert(0, str(HERE))
        from widget_fake_api import create_fake_app, sample_entries

        with ThreadedServer(create_fake_app(sample_entries())) as url:
            yield url
        return
    tmp = tmp_path_factory.mktemp("widget-app")
    port = free_port()
    env = {
        **os.environ,
        "TIMELINE_DATABASE_URL": f"sqlite:///{tmp / 't.db'}",
        "PYTHONPATH": os.pathsep.join([str(HERE), str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    log = (tmp / "uvicorn.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "widget_real_app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/widget.js", proc)
        # the first query loads (or, after a gazetteer code change, rebuilds) the gazetteer index: be patient
        if httpx.get(url + "/timeline", params={"limit": 1}, timeout=280).status_code == 404:
            pytest.skip("the real app has no /timeline yet (run with WIDGET_E2E_BACKEND=fake)")
        _ingest_fixtures(url)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture
def page(browser: object, live_app_url: str) -> Iterator[object]:
    """A fresh page (1280x860) that records dialogs, page errors and console errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.dialogs = []
    pg.errors = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    yield pg
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
