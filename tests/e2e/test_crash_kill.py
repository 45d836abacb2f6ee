"""The crash test: `timeline serve` is killed with SIGKILL at random moments while clients post reports, and
restarted, ten times, on SQLite and on PostgreSQL. Afterwards every acknowledged report (201 or 200) is
stored exactly once, no report is stored twice, no report is acknowledged as new twice, and the projections
the service answers from equal a rebuild from the log (`timeline rebuild`). The reports are generated
texts (benchmarks/war_text.py), no third-party text."""

from __future__ import annotations

import random
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from benchmarks.war_text import generate
from tests.e2e.server_process import running, write_headers
from tests.e2e.test_cli import TIMELINE
from timeline.domain.events import report_stream
from timeline.store.factory import open_store

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

KILLS = 10
CLIENTS = 3
START_LIMIT = 180  # seconds for a start: the first may build the gazetteer index (about a minute)
RECEIVED_PER_STREAM = text(
    "SELECT stream_id, count(*) FROM events WHERE type = 'ReportReceived' GROUP BY stream_id"
)


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'crash.db'}"
    else:
        yield request.getfixturevalue("postgres_url")


class Clients:
    """Threads posting new reports (and now and then one already acknowledged) to whichever server is up;
    they keep what was acknowledged and anything the API should never have answered."""

    def __init__(self) -> None:
        self.base: str | None = None
        self.acknowledged: dict[str, set[str]] = {}  # report id -> event ids answered
        self.created: dict[str, int] = {}  # report id -> how many 201s it got
        self.wrong: list[str] = []
        self.answers = 0  # 200s and 201s so far
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._next = 0
        self._threads = [threading.Thread(target=self._run, args=(n,)) for n in range(CLIENTS)]

    def __enter__(self) -> Clients:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stopping.set()
        for thread in self._threads:
            thread.join(timeout=120)

    def _report(self, rng: random.Random) -> dict[str, Any]:
        with self._lock:
            self._next += 1
            n = self._next
        return {"text": f"Report {n}. " + generate(600 + rng.randrange(400), seed=n),
                "published": f"2016-0{1 + n % 9}-1{n % 10}"}  # fmt: skip

    def _run(self, seed: int) -> None:
        rng = random.Random(seed)
        sent: list[dict[str, Any]] = []
        with httpx.Client(timeout=60) as client:
            while not self.stopping.is_set():
                base = self.base
                if base is None:
                    time.sleep(0.05)
                    continue
                again = sent and rng.random() < 0.2
                body = rng.choice(sent) if again else self._report(rng)
                try:
                    response = client.post(f"{base}/reports", json=body, headers=write_headers(base))
                except httpx.TransportError:
                    continue  # the server was killed: this report may or may not be stored
                if response.status_code == 503:
                    time.sleep(0.1)
                    continue
                self._note(body, response, again)
                sent.append(body)

    def _note(self, body: dict[str, Any], response: httpx.Response, again: bool) -> None:
        if response.status_code not in (200, 201):
            self.wrong.append(f"{response.status_code}: {response.text[:200]}")
            return
        answer = response.json()
        with self._lock:
            self.answers += 1
            report_id = answer["report_id"]
            if response.status_code == 201:
                self.created[report_id] = self.created.get(report_id, 0) + 1
                if again and report_id in self.acknowledged:
                    self.wrong.append(f"201 for {report_id}, acknowledged before")
            self.acknowledged.setdefault(report_id, set()).update(answer["event_ids"])


def snapshot(base: str) -> dict[str, Any]:
    """What the projections answer: every page of /events and /incidents, and the summaries."""
    out: dict[str, Any] = {}
    with httpx.Client(base_url=base, timeout=60) as client:
        for path in ("/events", "/incidents"):
            pages, cursor = [], None
            while True:
                params: dict[str, Any] = {"limit": 500, **({"cursor": cursor} if cursor else {})}
                page = client.get(path, params=params).raise_for_status().json()
                pages.append(page["items"])
                cursor = page.get("next_cursor")
                if not cursor:
                    break
            out[path] = pages
        for path in ("/stats", "/places", "/actors", "/types"):
            out[path] = client.get(path).raise_for_status().json()
    return out


def test_sigkill_while_clients_post_loses_and_doubles_nothing(database_url: str, tmp_path: Path) -> None:
    env = {"TIMELINE_DATABASE_URL": database_url, "TIMELINE_EXTRACTION_WORKERS": "1"}
    rng = random.Random(7)
    with Clients() as clients:
        for kill in range(KILLS):
            with running(env, [TIMELINE, "serve"], timeout=START_LIMIT) as server:
                answers = clients.answers
                clients.base = server.base
                if kill % 2 == 0:  # every other time, once reports are going in (its worker is loaded)
                    deadline = time.monotonic() + 60
                    while clients.answers == answers and time.monotonic() < deadline:
                        time.sleep(0.05)
                # otherwise while the first reports wait for the worker to load
                time.sleep(rng.uniform(0.2, 3.0))
                clients.base = None
                server.process.kill()  # SIGKILL: no shutdown, whatever was in flight is cut
                server.process.wait()
    assert clients.wrong == []
    assert len(clients.acknowledged) >= 10, "too few reports were acknowledged to test anything"
    assert all(count == 1 for count in clients.created.values()), clients.created

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            received = dict(conn.execute(RECEIVED_PER_STREAM).all())
    finally:
        engine.dispose()
    store = open_store(database_url)  # ids as the log reads them back (SQLite keys UUIDs by their bytes)
    try:
        stored_ids = {event.event_id for event in store.iter_all(0, batch=5000)}
    finally:
        store.close()
    assert all(count == 1 for count in received.values())  # no report stored twice
    for report_id, event_ids in clients.acknowledged.items():
        assert received.get(report_stream(report_id)) == 1, report_id  # every acknowledged one stored
        assert event_ids <= stored_ids

    with running(env, [TIMELINE, "serve"], timeout=START_LIMIT) as server:
        health = httpx.get(f"{server.base}/health", timeout=30).json()
        assert health["status"] == "ok", health
        before = snapshot(server.base)
    rebuilt = subprocess.run([TIMELINE, "rebuild"], env={**env, "PATH": str(Path(TIMELINE).parent)},
                             capture_output=True, text=True, timeout=300)  # fmt: skip
    assert rebuilt.returncode == 0, rebuilt.stderr
    with running(env, [TIMELINE, "serve"], timeout=START_LIMIT) as server:
        after = snapshot(server.base)
    assert sum(len(page) for page in before["/events"]) > 0
    assert after == before
