"""The HTTP API over a real socket: uvicorn in a subprocess, httpx as the client, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import httpx
import pytest

from tests.e2e.keys import bearer, new_key
from tests.e2e.server_process import serving
from timeline.domain.events import Airstrike, Clash, ReportReceived, TownCaptured, report_stream
from timeline.domain.serialization import to_new_event
from timeline.domain.values import Evidence, Extractor, When
from timeline.gazetteer import Gazetteer
from timeline.store.factory import open_store

REPORT = {
    "text": "Reporters in Lakeside wrote on Tuesday that a convoy was seen moving west along the river road.",
    "source": "Test Wire",
    "url": "https://example.org/lakeside",
    "title": "Convoy seen",
    "published": "2016-05-04",
}
# (kind class, day, place) for the events seeded straight into the log before the server starts; places
# as the extraction would resolve them with the gazetteer (Baqubah and Jalula are in Diyala, Tikrit is not).
SEEDED = [
    (TownCaptured, date(2015, 1, 5), "Baqubah"),
    (Clash, date(2015, 2, 9), "Baqubah"),
    (Airstrike, date(2015, 2, 9), "Tikrit"),
    (TownCaptured, date(2015, 6, 1), "Tikrit"),
    (Clash, date(2016, 3, 3), "Jalula"),
    (Airstrike, None, "Jalula"),
]
EVIL = "<script>alert('x')</script>"


def seed(url: str) -> None:
    """A report with hand-built events (one with markup in its evidence), appended to the log."""
    store = open_store(url)
    received = ReportReceived(event_id="seed-received", report_id="seed", source="Seed Outlet",
                              published=date(2016, 4, 1), received_at=datetime(2016, 4, 2, tzinfo=UTC),
                              text="seed text " * 20)  # fmt: skip
    gazetteer = Gazetteer.default()
    events = [
        cls(event_id=f"seed-{n}", report_id="seed", when=When(start=day, end=day, precision="day") if day
            else When.unknown(), place=gazetteer.to_place(gazetteer.lookup(town)[0], town),
            actors=("Side A",),
            evidence=Evidence(text=f"{EVIL} event {n}", start=n, end=n + 5),
            extractor=Extractor(name="hand", version="1"))
        for n, (cls, day, town) in enumerate(SEEDED)
    ]  # fmt: skip
    store.append(report_stream("seed"), [to_new_event(e) for e in (received, *events)], 0)
    store.close()


@pytest.fixture(scope="module")
def api_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'api.db'}"
    seed(url)
    return url


@pytest.fixture(scope="module")
def api(api_db: str) -> Iterator[str]:
    with serving({"TIMELINE_DATABASE_URL": api_db}) as base:
        yield base


@pytest.fixture(scope="module")
def ingest_key(api_db: str) -> dict[str, str]:
    """Headers with an ingest key: what POST /reports needs."""
    return bearer(new_key(api_db, "ingest"))


def assert_json_error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail and "\n" not in detail
    return detail


def check_ingest_twice(base: str, key: dict[str, str]) -> dict:
    first = httpx.post(f"{base}/reports", json=REPORT, headers=key, timeout=30)
    assert first.status_code == 201, first.text
    again = httpx.post(f"{base}/reports", json=REPORT, headers=key, timeout=30)
    assert again.status_code == 200, again.text
    body, repeat = first.json(), again.json()
    assert (body["created"], repeat["created"]) == (True, False)
    assert repeat["report_id"] == body["report_id"] and repeat["event_ids"] == body["event_ids"]
    assert body["published"] == "2016-05-04" and body["published_rule"] == "given"
    report = httpx.get(f"{base}/reports/{body['report_id']}").json()
    assert report["text"] == REPORT["text"] and report["source"] == "Test Wire"
    assert report["received_at"].endswith(("Z", "+00:00"))
    assert sorted(e["id"] for e in report["events"]) == sorted(body["event_ids"])
    return body


def test_post_twice_gives_201_then_200_with_the_same_ids(api: str, ingest_key: dict[str, str]) -> None:
    check_ingest_twice(api, ingest_key)
    assert_json_error(httpx.get(f"{api}/reports/{'0' * 64}"), 404)


def all_pages(base: str, params: dict, limit: int) -> list[dict]:
    items, cursor = [], None
    for _ in range(50):
        page = httpx.get(
            f"{base}/events", params={**params, "limit": limit, **({"cursor": cursor} if cursor else {})}
        )
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("cursor never ended")


def seeded_ids(items: list[dict]) -> list[str]:
    return [e["id"] for e in items if e["sources"][0]["report_id"] == "seed"]


def test_events_filters(api: str) -> None:
    every = all_pages(api, {}, 500)
    assert seeded_ids(every) == ["seed-0", "seed-1", "seed-2", "seed-3", "seed-4", "seed-5"]  # undated last
    assert seeded_ids(all_pages(api, {"place": "baquba"}, 50)) == ["seed-0", "seed-1"]  # any spelling
    assert seeded_ids(all_pages(api, {"place": "Diyala"}, 50)) == ["seed-0", "seed-1", "seed-4", "seed-5"]
    window = {"from": "2015-02-01", "to": "2015-06-01"}
    assert seeded_ids(all_pages(api, window, 50)) == ["seed-1", "seed-2", "seed-3"]
    assert seeded_ids(all_pages(api, {**window, "type": "clash"}, 50)) == ["seed-1"]
    both = all_pages(api, {"type": ["clash", "airstrike"], "place": "Jalula"}, 50)
    assert seeded_ids(both) == ["seed-4", "seed-5"]
    entry = next(e for e in every if e["id"] == "seed-2")
    assert entry["type"] == "airstrike" and entry["place"]["admin1"] == "Salahuddin"  # the display name
    assert entry["date"] == {"start": "2015-02-09", "end": "2015-02-09", "precision": "day", "phrase": None}
    assert entry["sources"][0]["outlet"] == "Seed Outlet"
    # /events is /timeline: one read path
    timeline = httpx.get(f"{api}/timeline", params={"place": "Diyala", "limit": 500}).json()["items"]
    assert all_pages(api, {"place": "Diyala"}, 500) == timeline


@pytest.mark.parametrize("limit", [1, 2, 4])
def test_cursor_pages_cover_everything_once(api: str, limit: int) -> None:
    assert [e["id"] for e in all_pages(api, {}, limit)] == [e["id"] for e in all_pages(api, {}, 500)]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("post", "/reports", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 422),
        ("post", "/reports", {"json": {"text": ""}}, 422),
        ("post", "/reports", {"json": {"text": " \n\t "}}, 422),
        ("post", "/reports", {"json": {"text": "A report.", "published": "2014-02-30"}}, 422),
        ("post", "/reports", {"json": {"text": "A report.", "published": "yesterday"}}, 422),
        ("post", "/reports", {"json": {"text": 42}}, 422),
        ("post", "/reports", {"json": {"text": "A report.", "colour": "red"}}, 422),
        ("post", "/reports", {"json": ["text"]}, 422),
        ("get", "/events?from=2015-13-01", {}, 422),
        ("get", "/events?type=picnic", {}, 422),
        ("get", "/events?from=2016-01-01&to=2015-01-01", {}, 422),
        ("get", "/events?limit=0", {}, 422),
        ("get", "/events?cursor=bm9wZQ", {}, 422),
        ("get", "/events?place=Atlantisville", {}, 404),
        ("get", "/reports/unknown-id", {}, 404),
    ],
)
def test_bad_input_is_a_json_4xx(
    api: str, ingest_key: dict[str, str], method: str, path: str, kwargs: dict, status: int
) -> None:
    kwargs = {**kwargs, "headers": {**kwargs.get("headers", {}), **ingest_key}}  # writes need a key
    detail = assert_json_error(httpx.request(method.upper(), f"{api}{path}", **kwargs), status)
    assert len(detail) < 300


def test_health_reports_positions(api: str) -> None:
    health = httpx.get(f"{api}/health").json()
    assert health["status"] == "ok" and health["database"] == "ok"
    assert health["last_position"] >= len(SEEDED) + 1
    assert {"reports", "timeline"} <= set(health["checkpoints"])
    assert set(health["checkpoints"].values()) == {health["last_position"]}


def test_pages_list_events_escaped_and_docs_served(api: str) -> None:
    demo = httpx.get(f"{api}/")
    assert demo.status_code == 200 and "<conflict-timeline" in demo.text
    page = httpx.get(f"{api}/list")
    assert page.status_code == 200 and "Baqubah" in page.text
    assert EVIL not in page.text and "&lt;script&gt;" in page.text
    assert httpx.get(f"{api}/docs").status_code == 200
    assert "/events" in httpx.get(f"{api}/openapi.json").json()["paths"]


def test_api_on_postgres(postgres_url: str) -> None:
    seed(postgres_url)
    key = bearer(new_key(postgres_url, "ingest"))
    with serving({"TIMELINE_DATABASE_URL": postgres_url}) as base:
        check_ingest_twice(base, key)
        assert seeded_ids(all_pages(base, {"place": "Tikrit"}, 1)) == ["seed-2", "seed-3"]
        health = httpx.get(f"{base}/health").json()
        assert health["status"] == "ok" and health["last_position"] >= len(SEEDED) + 2
        # PostgreSQL text cannot hold NUL: refused as bad input, never a 500
        nul_text, nul_title = {"text": "A report.\u0000"}, {"text": "A report.", "title": "\u0000"}
        assert_json_error(httpx.post(f"{base}/reports", json=nul_text, headers=key), 422)
        assert_json_error(httpx.post(f"{base}/reports", json=nul_title, headers=key), 422)
        assert_json_error(httpx.get(f"{base}/events", params={"place": "a\x00b"}), 422)
        assert_json_error(httpx.get(f"{base}/reports/a%00b"), 422)


def test_cors_lets_other_sites_read_but_not_write(api: str) -> None:
    origin = {"Origin": "https://news.example"}
    assert httpx.get(f"{api}/events", headers=origin).headers["access-control-allow-origin"] == "*"
    preflight = httpx.options(f"{api}/reports", headers={**origin, "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 400 or "POST" not in preflight.headers.get(
        "access-control-allow-methods", ""
    )
