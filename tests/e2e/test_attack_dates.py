"""Early, late and malformed dates everywhere, against `uvicorn` over a real socket (SQLite and
PostgreSQL): every answer is a 4xx with a JSON `{"detail"}` or a correct page, never a 500; an export
never starts a 200 it cannot finish; a publication date outside 1900-01-01..tomorrow (UTC) is refused, by
the API and by `timeline ingest` alike."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.e2e.server_process import auth_headers, serving
from tests.e2e.test_api import REPORT, assert_json_error, seed
from tests.e2e.test_cli import one_error_line, run
from timeline.domain.events import Clash, ReportReceived, report_stream
from timeline.domain.serialization import to_new_event
from timeline.domain.values import Evidence, Extractor, When
from timeline.gazetteer import Gazetteer
from timeline.store.factory import open_store

EARLY = ["0001", "0001-01-01", "0001-01", "January 0001", "1 January 0001", "1899-12-31"]
LATE = ["9999", "9999-12-31", "9999-12", "December 9999", "31 December 9999"]
QUERY_ROUTES = ["/timeline", "/incidents", "/events", "/stats"]


def seed_ranged(url: str) -> None:
    """Besides the seeded day-precise events, one dated only to a month: the longest interval in the
    projection is then 30 days, which the date query subtracts from `from` (the year-1 overflow)."""
    seed(url)
    store = open_store(url)
    received = ReportReceived(event_id="ranged-received", report_id="ranged", source="Month Wire",
                              published=date(2015, 4, 2), received_at=datetime(2015, 4, 2, tzinfo=UTC),
                              text="ranged text " * 20)  # fmt: skip
    town = Gazetteer.default().lookup("Baqubah")[0]
    event = Clash(event_id="ranged-1", report_id="ranged",
                  when=When(start=date(2015, 3, 1), end=date(2015, 3, 31), precision="month"),
                  place=Gazetteer.default().to_place(town, "Baqubah"), actors=("Side A",),
                  evidence=Evidence(text="clashes through March", start=0, end=5),
                  extractor=Extractor(name="hand", version="1"))  # fmt: skip
    store.append(report_stream("ranged"), [to_new_event(e) for e in (received, event)], 0)
    store.close()


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def api(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('dates') / 'dates.db'}"
    else:
        url = request.getfixturevalue("postgres_url_module")
    seed_ranged(url)
    with serving({"TIMELINE_DATABASE_URL": url}, timeout=180) as base:
        yield base


def total(base: str, path: str, **params: str) -> int:
    response = httpx.get(f"{base}{path}", params=params, timeout=30)
    assert response.status_code == 200, response.text
    return int(response.json()["total"])


@pytest.mark.parametrize("path", QUERY_ROUTES)
def test_early_from_is_a_correct_page(api: str, path: str) -> None:
    dated = total(api, path, **{"from": "1990"})  # a window leaves out undated events
    assert 6 <= dated < total(api, path)
    for value in EARLY:  # a window opening before any event holds every dated event
        assert total(api, path, **{"from": value}) == dated, value
        assert total(api, path, to=value) == 0, value  # ... and one closing before any holds none


@pytest.mark.parametrize("path", QUERY_ROUTES)
def test_late_dates_are_a_correct_page(api: str, path: str) -> None:
    dated = total(api, path, **{"from": "1900"})
    for value in LATE:
        assert total(api, path, **{"from": value}) == 0, value
        assert total(api, path, to=value) == dated, value


@pytest.mark.parametrize(
    "question",
    ["what happened in Diyala in 0001", "Diyala 0001", "clashes in 9999", "what happened in Diyala in 1899"],
)
def test_years_in_questions_never_fail(api: str, question: str) -> None:
    for path in QUERY_ROUTES:
        assert total(api, path, q=question) == 0, (path, question)


def test_as_reported_by_early_and_late(api: str) -> None:
    assert total(api, "/timeline", as_reported_by="0001") == 0
    assert total(api, "/timeline", as_reported_by="9999") == total(api, "/timeline")


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "geojson", "timelinejs"])
@pytest.mark.parametrize("value", ["0001", "0001-01-01", "9999-12-31"])
def test_export_with_extreme_dates_is_whole(api: str, fmt: str, value: str) -> None:
    response = httpx.get(f"{api}/export", params={"format": fmt, "from": value}, timeout=60)
    assert response.status_code == 200, response.text
    body = response.text  # httpx raises if the server cuts the stream
    if fmt == "csv":
        lines = "\n".join(line for line in body.splitlines() if not line.startswith("#"))
        expected = 0 if value.startswith("9999") else total(api, "/timeline", **{"from": "1990"})
        assert len(list(csv.reader(io.StringIO(lines)))) - 1 == expected, value


@pytest.mark.parametrize(
    "params",
    [
        {"from": "0000"},
        {"from": "0001-02-30"},
        {"to": "99999"},
        {"from": "2015", "to": "0001"},
        {"from": "-0001"},
        {"from": "1e9"},
    ],
)
def test_unreadable_windows_are_a_json_422(api: str, params: dict[str, str]) -> None:
    for path in [*QUERY_ROUTES, "/export"]:
        assert_json_error(httpx.get(f"{api}{path}", params=params, timeout=30), 422)


@pytest.mark.parametrize("on", ["0001-01-01", "9999-12-31"])
def test_control_on_extreme_days(api: str, on: str) -> None:
    response = httpx.get(f"{api}/control", params={"place": "Diyala", "on": on}, timeout=30)
    assert response.status_code == 200, response.text
    assert response.json()["on"] == on


@pytest.mark.parametrize("on", ["0000-01-01", "10000-01-01", "2015-02-30", "0"])
def test_control_on_unreadable_days(api: str, on: str) -> None:
    assert_json_error(httpx.get(f"{api}/control", params={"place": "Diyala", "on": on}, timeout=30), 422)


def refused_publication(api: str, published: object) -> str:
    """POST the test report with `published`; the detail of the JSON 422 it must get."""
    posted = httpx.post(f"{api}/reports", json={**REPORT, "published": published}, headers=auth_headers(api),
                        timeout=30)  # fmt: skip
    return assert_json_error(posted, 422)


def test_published_outside_the_window_is_refused(api: str) -> None:
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    for published in ["0001-01-01", "1899-12-31", "9999-12-31", (tomorrow + timedelta(days=1)).isoformat()]:
        detail = refused_publication(api, published)
        assert "1900-01-01" in detail and published in detail
    for published in [0, 1404172800, 2016.5, True, [2016, 5, 4]]:  # numbers are not dates (0 was 1970)
        detail = refused_publication(api, published)
        assert detail.startswith("published:")
    assert total(api, "/timeline", source="Test Wire") == 0  # nothing refused was stored


def test_published_at_the_edges_is_stored(api: str) -> None:
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    for n, published in enumerate(["1900-01-01", tomorrow.isoformat()]):
        report = {**REPORT, "text": f"{REPORT['text']} Edge {n}.", "published": published}
        response = httpx.post(f"{api}/reports", json=report, headers=auth_headers(api), timeout=30)
        assert response.status_code == 201, response.text
        assert response.json()["published"] == published


@pytest.mark.parametrize("published", ["0001-01-01", "1899-12-31", "9999-12-31"])
def test_cli_refuses_published_outside_the_window(tmp_path: Path, published: str) -> None:
    report = tmp_path / "a.txt"
    report.write_text(REPORT["text"], encoding="utf-8")
    line = one_error_line(run(tmp_path, "ingest", str(report), "--published", published))
    assert published in line and "1900-01-01" in line
    (tmp_path / "a.meta.json").write_text(json.dumps({"published": published}), encoding="utf-8")
    line = one_error_line(run(tmp_path, "ingest", str(report)))  # the same rule for a metadata file
    assert published in line and "a.meta.json" in line
    (tmp_path / "a.meta.json").unlink()
    stored = run(tmp_path, "ingest", str(report), "--published", "1900-01-01")  # the window's first day
    assert stored.returncode == 0 and stored.stdout.startswith("stored "), stored.stderr
