"""Fixtures for the widget's browser tests: headless Chromium, and the app under test on a real port.

`live_app_url` is the real app (uvicorn subprocess on a temp SQLite file, the fixture reports and an
injection report ingested over POST /reports). WIDGET_E2E_BACKEND=fake swaps in the contract-shaped fake
(widget_fake_api.py) for work on the widget alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from widget_support import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    HERE,
    REPO,
    WRITE_KEYS,
    ThreadedServer,
    chromium_path,
    free_port,
    ingest_fixtures,
    wait_until_up,
)

from tests.e2e.keys import bearer, new_key


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
    database_url = f"sqlite:///{tmp / 't.db'}"
    env = {
        **os.environ,
        "TIMELINE_DATABASE_URL": database_url,
        "PYTHONPATH": os.pathsep.join([str(HERE), str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    log = (tmp / "uvicorn.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "api.app:create_app",
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
        httpx.get(url + "/timeline", params={"limit": 1}, timeout=280).raise_for_status()
        WRITE_KEYS[url] = bearer(new_key(database_url, "ingest"))  # the widget only reads; the test posts
        ingest_fixtures(url)
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
