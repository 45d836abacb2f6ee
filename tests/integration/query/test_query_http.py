"""The query routes over HTTP: ASGI transport for the route checks, a real uvicorn socket for the
timeline and the live stream, and schemathesis against the OpenAPI schema (no 5xx, schema-valid)."""

from __future__ import annotations

import io
import json
import socket
import threading
import time
from collections.abc import Iterator

import anyio
import httpx
import pandas as pd
import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.app import create_app
from timeline.bootstrap import bootstrap
from timeline.config import Settings
from timeline.domain.events import EventRetracted

from .conftest import Said, build_standard, d


@pytest.fixture
def app(corpus, gazetteer):
    reports = build_standard(corpus)
    corpus.project()
    service = bootstrap(Settings(database_url=corpus.store.engine.url.render_as_string(False)),
                        gazetteer=gazetteer)  # fmt: skip
    application = create_app(application=service)
    application.state.corpus = corpus
    application.state.reports = reports
    service.project()
    yield application
    service.close()


@pytest.fixture
def client(app) -> Iterator[httpx.Client]:
    # A sync client over the ASGI app (through a portal-less transport).
    from starlette.testclient import TestClient

    with TestClient(app) as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def live(app) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def test_timeline_over_a_real_socket(live, app):
    corpus = app.state.corpus
    with httpx.Client(base_url=live, timeout=10) as http:
        by_params = http.get("/timeline", params={"place": "Diyala", "from": "2014", "to": "2014"}).json()
        by_question = http.get("/timeline", params={"q": "what happened in Diyala in 2014"}).json()
        assert {i["id"] for i in by_params["items"]} == {i["id"] for i in by_question["items"]}
        assert by_params["total"] == 5
        assert by_question["query"]["understood"]
        alias = http.get("/timeline", params={"place": "Jalawla"}).json()
        assert alias["items"] == http.get("/timeline", params={"place": "Jalula"}).json()["items"]
        missing = http.get("/timeline", params={"place": "Jalulla"})
        assert missing.status_code == 404 and missing.json()["suggestions"][0]["name"] == "Jalula"
        export = http.get("/export", params={"format": "jsonl", "place": "Diyala"})
        lines = export.text.splitlines()
        assert json.loads(lines[0])["metadata"]["filters"] == {"place": "Diyala"}
        assert {json.loads(x)["id"] for x in lines[1:]} == {
            i["id"] for i in http.get("/timeline", params={"place": "Diyala"}).json()["items"]
        }
    assert corpus.ids["wire_jalula"] in {i["id"] for i in by_params["items"]}


def test_csv_and_acled_exports_over_a_real_socket_load_in_pandas(live, app):
    """The CSVs as a client downloads them: pandas' defaults read every row; the metadata is in headers
    and in the sidecar the Link header names; names are the display names."""
    with httpx.Client(base_url=live, timeout=10) as http:
        timeline = http.get("/timeline", params={"limit": 100}).json()["items"]
        response = http.get("/export", params={"format": "csv"})
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
        assert not response.text.startswith("#") and response.text.endswith("\r\n")
        position = int(response.headers["x-timeline-store-position"])
        assert position == app.state.corpus.store.last_position()
        assert response.headers["x-timeline-understood"] and response.headers["x-timeline-generated-at"]
        frame = pd.read_csv(io.StringIO(response.text))
        assert set(frame["event_id"]) == {i["id"] for i in timeline}
        tikrit = frame[frame["location"] == "Tikrit"].iloc[0]
        assert tikrit["admin1"] == "Salahuddin" and tikrit["fatalities"] != tikrit["fatalities"]  # NaN: none
        link = response.headers["link"]
        assert 'rel="describedby"' in link and "format=csv-meta" in link
        sidecar = http.get(link[link.index("<") + 1 : link.index(">")]).json()
        assert sidecar["rows"] == len(frame) and sidecar["metadata"]["store_position"] == position
        assert [c["name"] for c in sidecar["columns"]] == list(frame.columns)

        acled = http.get("/export", params={"format": "acled", "place": "Diyala"})
        rows = pd.read_csv(io.StringIO(acled.text))
        assert list(rows.columns)[:4] == ["event_id_cnty", "event_date", "year", "time_precision"]
        assert len(rows.columns) == 31 and rows["event_date"].notna().all()
        assert set(rows["country"]) == {"Iraq"} and set(rows["iso"]) == {368}
        assert set(rows["admin1"]) == {"Diyala"} and (rows["fatalities"] >= 0).all()
        captures = rows[rows["event_type"] == "Battles"]
        assert set(captures["sub_event_type"]) <= {"Non-state actor overtakes territory", "Armed clash",
                                                   "Government regains territory"}  # fmt: skip
        meta = http.get("/export", params={"format": "acled-meta", "place": "Diyala"}).json()
        assert meta["rows"] == len(rows) and meta["metadata"]["filters"] == {"place": "Diyala"}


def test_stream_sends_new_and_removed_entries_and_resumes(live, app):
    corpus, reports = app.state.corpus, app.state.reports
    start = corpus.store.last_position()
    received: list[tuple[int, dict]] = []

    def listen(after: int, want: int) -> list[tuple[int, dict]]:
        got: list[tuple[int, dict]] = []
        with (
            httpx.Client(base_url=live, timeout=15) as http,
            http.stream(
                "GET", "/stream", params={"poll": 0.1}, headers={"Last-Event-ID": str(after)}
            ) as response,
        ):
            assert response.headers["content-type"].startswith("text/event-stream")
            event_id = None
            for line in response.iter_lines():
                if line.startswith("id: "):
                    event_id = int(line[4:])
                elif line.startswith("data: "):
                    got.append((event_id, json.loads(line[6:])))
                    if len(got) >= want:
                        return got
        return got

    def later() -> None:
        time.sleep(0.5)
        corpus.report(
            "Late Gazette",
            d("2014-09-01"),
            {
                "late": Said(
                    "clash",
                    "sup:saadiyah",
                    d("2014-08-30"),
                    d("2014-08-30"),
                    ("Peshmerga", "ISIS"),
                    "Shooting broke out in Saadiyah on Saturday.",
                )
            },
        )
        corpus.curate(
            reports["wire"],
            EventRetracted(event_id="r-2", target_event_id=corpus.ids["wire_tikrit"], reason="duplicate"),
        )
        app.state.application.project()

    writer = threading.Thread(target=later)
    writer.start()
    received = listen(start, 2)
    writer.join()
    assert [p["op"] for _, p in received] == ["upsert", "delete"]
    assert received[0][1]["entry"]["id"] == corpus.ids["late"]
    assert received[1][1]["entry"] == {"id": corpus.ids["wire_tikrit"]}
    # Resuming after the first id replays only what came after it.
    assert listen(received[0][0], 1)[0][1]["op"] == "delete"


def test_browse_routes(client):
    types = client.get("/types").json()
    assert {t["type"] for t in types} >= {"town_captured", "airstrike"}
    assert all(t["definition"] for t in types)
    places = client.get("/places", params={"q": "Jal"}).json()
    assert places[0]["id"] == "sup:jalula" and places[0]["event_count"] == 4
    assert client.get("/places", params={"q": "Diy"}).json()[0]["event_count"] == 7
    actors = client.get("/actors").json()
    assert any(a["name"] == "ISIS" for a in actors)
    stats = client.get("/stats", params={"place": "Diyala"}).json()
    assert stats["total"] == 7 and {"key": "2014-06", "count": 4} in stats["by_month"]
    assert client.get("/stats", params={"from": "nonsense"}).status_code == 422


def test_health_and_a_cached_page_answer_while_every_threadpool_thread_is_busy(client):
    """/health, a timeline page already computed, and the read-access check every route runs stay on the
    event loop: with the threadpool's only thread held by a stuck call they still answer (a threadpool hop
    would wait for ever). A page not computed yet waits for the thread, then is answered."""
    page = {"place": "Diyala", "from": "2014", "to": "2014"}
    first = client.get("/timeline", params=page).json()
    assert first["total"] > 2
    portal = client.portal
    limiter = portal.call(anyio.to_thread.current_default_thread_limiter)
    portal.call(setattr, limiter, "total_tokens", 1)
    release = threading.Event()
    portal.start_task_soon(anyio.to_thread.run_sync, release.wait)
    answered: dict[str, httpx.Response] = {}

    def ask(name: str, path: str, params: dict[str, str]) -> threading.Thread:
        asking = threading.Thread(target=lambda: answered.update({name: client.get(path, params=params)}),
                                  daemon=True)  # fmt: skip
        asking.start()
        return asking

    try:
        while portal.call(lambda: limiter.borrowed_tokens) < 1:  # the stuck call holds the thread
            time.sleep(0.01)
        for name, path, params in (("health", "/health", {}), ("cached", "/timeline", page)):
            ask(name, path, params).join(20)
        uncached = ask("uncached", "/timeline", {**page, "limit": "2"})
        uncached.join(1)
        answered_while_held = set(answered)
    finally:
        release.set()
    uncached.join(20)
    assert answered_while_held == {"health", "cached"}  # computing a page needs the thread
    assert answered["health"].status_code == 200 and answered["health"].json()["database"] == "ok"
    assert answered["cached"].json() == first
    assert answered["uncached"].status_code == 200 and len(answered["uncached"].json()["items"]) == 2


def test_control_routes(client):
    periods = client.get("/places/sup:jalula/control").json()
    assert len(periods) == 1
    controllers = [p["controller"] for p in periods[0]["periods"]]
    assert controllers[0] == "Islamic State" and "Peshmerga" in controllers
    assert all(p["sources"] for p in periods[0]["periods"])
    assert any(p["disputed"] for p in periods[0]["periods"] if p["controller"] == "Peshmerga")
    on = client.get("/control", params={"place": "Diyala", "on": "2014-08-15"}).json()
    held = {loc["place"]["name"]: [p["controller"] for p in loc["periods"]] for loc in on["localities"]}
    assert held["Saadiyah"] == ["Islamic State"]
    assert client.get("/control", params={"place": "Nowhere", "on": "2014-08-15"}).status_code == 404


def test_incidents_and_exports_routes(client):
    page = client.get("/incidents", params={"place": "Jalula", "from": "2014-06", "to": "2014-06"}).json()
    assert page["total"] == 2 and any(i["corroboration"] == 2 for i in page["items"])
    for fmt in ("json", "jsonl", "geojson", "csv", "csv-meta", "acled", "acled-meta", "timelinejs"):
        response = client.get("/export", params={"format": fmt, "place": "Diyala"})
        assert response.status_code == 200, fmt
        assert response.text
    assert client.get("/export", params={"format": "xml"}).status_code == 422
    assert client.get("/export", params={"place": "Atlantis"}).status_code == 404


def test_openapi_no_server_errors_and_valid_responses(corpus):
    """Schemathesis generates requests for every query operation from the app's OpenAPI schema."""
    from schemathesis.checks import not_a_server_error

    build_standard(corpus)
    # the real gazetteer: its look-ups see the generated names too
    app = create_app(Settings(database_url=corpus.store.engine.url.render_as_string(False)))
    app.state.application.project()
    try:
        _fuzz(app, not_a_server_error)
    finally:
        app.state.application.close()


def _fuzz(app, not_a_server_error):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(
        path_regex="^/(timeline|incidents|places|control|actors|types|stats|export)"
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case):
            case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

        run()
