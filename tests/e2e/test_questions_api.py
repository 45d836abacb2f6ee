"""`q=` over a real socket (uvicorn in a subprocess, httpx as the client) on the five fixture reports,
posted to the running service and extracted there, on SQLite and PostgreSQL: a question names its place."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.server_process import auth_headers, serving

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "reports"
MOSUL = "gn:99072"


def post_fixtures(base: str) -> None:
    for path in sorted(FIXTURES.glob("*.txt")):
        meta = json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8"))
        body = {
            "text": path.read_text(encoding="utf-8"),
            "source": meta.get("outlet"),
            "title": meta.get("title"),
            "url": meta.get("url"),
            "published": meta.get("published"),
        }
        response = httpx.post(
            f"{base}/reports",
            json={k: v for k, v in body.items() if v},
            headers=auth_headers(base),
            timeout=120,
        )
        assert response.status_code == 201, response.text


def timeline(base: str, **params: str) -> dict:
    response = httpx.get(f"{base}/timeline", params={**params, "limit": "500"}, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(params=["sqlite", "postgres"])
def api(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    url = (
        f"sqlite:///{tmp_path / 'q.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    # A generous start-up time: the server opens the gazetteer (built on first use) on a shared machine.
    with serving({"TIMELINE_DATABASE_URL": url}, timeout=240) as base:
        post_fixtures(base)
        yield base


def test_questions_name_their_place_and_echo_what_was_understood(api: str) -> None:
    captures = timeline(api, type="town_captured")["items"]
    assert {i["place"]["gazetteer_id"] for i in captures} - {MOSUL}, "the fixtures hold captures elsewhere"

    page = timeline(api, q="who captured Mosul")
    assert page["items"], page["query"]
    assert {(i["type"], i["place"]["gazetteer_id"]) for i in page["items"]} == {("town_captured", MOSUL)}
    assert len(page["items"]) == sum(i["place"]["gazetteer_id"] == MOSUL for i in captures)
    echo = page["query"]["question"]
    assert echo["place"]["id"] == MOSUL and echo["place"]["words"] == "Mosul"
    assert echo["types"] == {"words": ["captured"], "kinds": ["town_captured"]}
    assert echo["leftover"] == [] and echo["time"] is None

    in_2014 = timeline(api, q="Mosul 2014")
    assert in_2014["items"]
    for item in in_2014["items"]:
        assert item["place"]["gazetteer_id"] == MOSUL, item
        assert item["date"]["start"] <= "2014-12-31" and item["date"]["end"] >= "2014-01-01", item
    assert in_2014["query"]["question"]["time"] == {"words": "2014", "from": "2014-01-01", "to": "2014-12-31"}

    unknown = timeline(api, q="who captured Mosul yesterday evening quickly")
    assert unknown["query"]["question"]["leftover"] == ["yesterday", "evening", "quickly"]
    assert "words not understood: yesterday evening quickly" in unknown["query"]["understood"]

    response = httpx.get(f"{api}/timeline", params={"q": "attacks in Xyzzyville"}, timeout=30)
    assert response.status_code in (404, 422), response.text
    assert "Xyzzyville" in response.json()["detail"]
