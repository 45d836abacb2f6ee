"""Logs and metrics of a real `timeline serve` (a subprocess on a real socket, httpx as the client):
/metrics parsed with prometheus-client's own parser after real POSTs, on SQLite and PostgreSQL, with one
worker and with two; the access log as text and as JSON lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.server_process import REPO, auth_headers, free_port, register_key, stop, wait_for_health
from timeline.domain.events import ReportReceived, report_stream
from timeline.domain.serialization import to_new_event
from timeline.store.factory import open_store

TIMELINE = str(Path(sys.executable).with_name("timeline"))
REPORT = {
    "text": "Reporters in Lakeside wrote on Tuesday that a convoy was seen moving west along the river road.",
    "source": "Test Wire",
    "published": "2016-05-04",
}
PROJECTIONS = {"reports", "timeline", "incidents", "control"}


@contextmanager
def served(tmp_path: Path, env: dict[str, str], *args: str) -> Iterator[tuple[str, Path]]:
    """`timeline serve ARGS` with `env`; yields the base URL and the file its output goes to (complete once
    the block ends: the server is stopped first)."""
    port = free_port()
    log_path = tmp_path / f"serve-{port}.log"
    full_env = {**os.environ, "TMPDIR": str(tmp_path), **env, "TIMELINE_PORT": str(port)}
    full_env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    register_key(f"http://127.0.0.1:{port}", env["TIMELINE_DATABASE_URL"])  # writes need a key
    with log_path.open("w+b") as log:
        proc = subprocess.Popen([TIMELINE, "serve", *args], env=full_env, cwd=REPO, stdout=log,
                                stderr=subprocess.STDOUT)  # fmt: skip
        try:
            wait_for_health(f"http://127.0.0.1:{port}", proc, log)
            yield f"http://127.0.0.1:{port}", log_path
        finally:
            stop(proc)


def scrape(base: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics, keyed by (sample name, sorted labels)."""
    response = httpx.get(f"{base}/metrics", timeout=30)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def ingested(samples: dict, outcome: str) -> float:
    return samples[("timeline_reports_ingested_total", (("outcome", outcome),))]


def requests(samples: dict, route: str, method: str, status: int) -> float:
    labels = (("method", method), ("route", route), ("status", str(status)))
    return samples.get(("timeline_http_request_duration_seconds_count", labels), 0.0)


def lag(samples: dict) -> dict[str, float]:
    return {dict(labels)["projection"]: value for (name, labels), value in samples.items()
            if name == "timeline_projection_lag"}  # fmt: skip


def append_behind_the_servers_back(url: str, n: int) -> None:
    """`n` reports written straight into the log (no server sees them, nothing projects them)."""
    store = open_store(url)
    for i in range(n):
        received = ReportReceived(event_id=f"aside-{i}", report_id=f"aside-{i}", source="Aside",
                                  received_at=datetime(2016, 4, 2, tzinfo=UTC),
                                  text=f"aside {i} " * 20)  # fmt: skip
        store.append(report_stream(f"aside-{i}"), [to_new_event(received)], 0)
    store.close()


def check_metrics_follow_posts(base: str, url: str) -> None:
    before = scrape(base)
    created = httpx.post(f"{base}/reports", headers=auth_headers(base), json=REPORT, timeout=60)
    assert created.status_code == 201, created.text
    assert (
        httpx.post(f"{base}/reports", headers=auth_headers(base), json=REPORT, timeout=60).status_code == 200
    )
    assert (
        httpx.post(
            f"{base}/reports", headers=auth_headers(base), json={"text": "   "}, timeout=60
        ).status_code
        == 422
    )
    after = scrape(base)
    for outcome in ("created", "duplicate", "rejected"):
        assert ingested(after, outcome) - ingested(before, outcome) == 1, outcome
    appended = after[("timeline_events_appended_total", ())] - before[("timeline_events_appended_total", ())]
    assert appended == 1 + len(created.json()["event_ids"])  # ReportReceived and the extracted events
    extractions = ("timeline_extraction_seconds_count", ())
    assert after[extractions] - before[extractions] == 1  # the duplicate and the blank one are not extracted
    assert after[("timeline_extraction_seconds_sum", ())] > before[("timeline_extraction_seconds_sum", ())]
    for status in (201, 200, 422):
        assert requests(after, "/reports", "POST", status) - requests(before, "/reports", "POST", status) == 1
    httpx.get(f"{base}/reports/{created.json()['report_id']}")
    assert requests(scrape(base), "/reports/{report_id}", "GET", 200) >= 1  # the template, not the raw path
    # Caught up after the write: no lag, and the log head is the one /health reports.
    assert lag(after) == dict.fromkeys(PROJECTIONS, 0.0)
    health = httpx.get(f"{base}/health").json()
    assert after[("timeline_log_position", ())] == health["last_position"]

    # Lag is read from the database when scraped: events appended by another process show up at once ...
    append_behind_the_servers_back(url, 3)
    behind = scrape(base)
    assert lag(behind) == dict.fromkeys(PROJECTIONS, 3.0)
    assert httpx.get(f"{base}/health").json()["lag"] == dict.fromkeys(PROJECTIONS, 3)
    # ... and are gone once a write catches the projections up.
    other = {**REPORT, "text": REPORT["text"].replace("convoy", "patrol")}
    assert (
        httpx.post(f"{base}/reports", headers=auth_headers(base), json=other, timeout=60).status_code == 201
    )
    assert lag(scrape(base)) == dict.fromkeys(PROJECTIONS, 0.0)


def test_metrics_follow_real_posts_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'metrics.db'}"
    with served(tmp_path, {"TIMELINE_DATABASE_URL": url}) as (base, _):
        check_metrics_follow_posts(base, url)


def test_metrics_follow_real_posts_on_postgres(tmp_path: Path, postgres_url: str) -> None:
    with served(tmp_path, {"TIMELINE_DATABASE_URL": postgres_url}) as (base, _):
        check_metrics_follow_posts(base, postgres_url)


def test_metrics_add_up_every_workers_counts(tmp_path: Path) -> None:
    """Two workers: whichever answers the scrape, it counts the one report the other may have stored."""
    url = f"sqlite:///{tmp_path / 'workers.db'}"
    with served(tmp_path, {"TIMELINE_DATABASE_URL": url}, "--workers", "2") as (base, _):
        made = list(tmp_path.glob("timeline-metrics-*"))
        assert len(made) == 1 and made[0].is_dir()  # the multiprocess directory `serve` made
        assert (
            httpx.post(f"{base}/reports", headers=auth_headers(base), json=REPORT, timeout=60).status_code
            == 201
        )
        for _ in range(8):  # new connections: the kernel spreads them over both workers
            samples = scrape(base)
            assert ingested(samples, "created") == 1
            assert requests(samples, "/reports", "POST", 201) == 1
            assert lag(samples) == dict.fromkeys(PROJECTIONS, 0.0)
    assert not list(tmp_path.glob("timeline-metrics-*"))  # removed when the server stops


def test_json_logs_one_object_per_line_without_secrets(tmp_path: Path) -> None:
    env = {"TIMELINE_DATABASE_URL": f"sqlite:///{tmp_path / 'logs.db'}", "TIMELINE_LOG_FORMAT": "json"}
    with served(tmp_path, env) as (base, log_path):
        secret = {"Authorization": "Bearer sekret-header-value", "X-API-Key": "sekret-key-header"}
        assert httpx.get(f"{base}/health", params={"api_key": "sekret-in-url", "x": "1"},
                         headers=secret).status_code == 200  # fmt: skip
        assert httpx.get(f"{base}/reports/nothing-here").status_code == 404
    lines = [line for line in log_path.read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all({"time", "level", "logger", "message"} <= set(r) for r in records)
    assert all(datetime.fromisoformat(r["time"]).tzinfo is not None for r in records)
    access = [r for r in records if r["logger"] == "uvicorn.access"]
    seen = {(r["method"], r["path"].split("?")[0], r["status"]) for r in access}
    assert {("GET", "/health", 200), ("GET", "/reports/nothing-here", 404)} <= seen
    health = next(r for r in access if r["path"].startswith("/health?"))
    assert "api_key=***" in health["path"] and "x=1" in health["path"]
    assert "sekret" not in log_path.read_text()  # neither the URL's key nor any header


def test_text_access_log_by_default_and_off_when_asked(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'text.db'}"
    with served(tmp_path, {"TIMELINE_DATABASE_URL": url}) as (base, log_path):
        httpx.get(f"{base}/reports/nothing-here")
    assert '"GET /reports/nothing-here HTTP/1.1" 404' in log_path.read_text()
    with served(tmp_path, {"TIMELINE_DATABASE_URL": url, "TIMELINE_ACCESS_LOG": "false"}) as (base, log_path):
        httpx.get(f"{base}/reports/nothing-here")
    assert "nothing-here" not in log_path.read_text()
