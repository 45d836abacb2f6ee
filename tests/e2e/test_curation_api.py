"""Curation over HTTP on a real socket (uvicorn in a subprocess): retract, correct, split and re-extract
change what /timeline, /events and /incidents answer while the log keeps everything; bad input is a 4xx.
SQLite for every check, and the whole sequence once more on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import httpx
import pytest

from tests.e2e.keys import bearer, new_key
from tests.e2e.server_process import serving
from timeline.domain.events import (
    Airstrike,
    Attack,
    Clash,
    DomainEvent,
    ReportReceived,
    TownCaptured,
    report_stream,
)
from timeline.domain.serialization import to_new_event
from timeline.domain.values import Evidence, Extractor, Place, When
from timeline.store.factory import open_store

HAND = Extractor(name="hand", version="hand-1")
# (report id, outlet, its text, [(event id, class, day, place, actors)]); the two Oakford captures are the
# same happening told by two outlets, so the incidents projection merges them.
Spec = tuple[str, type[DomainEvent], date, str, tuple[str, ...]]
REPORTS: list[tuple[str, str, str, list[Spec]]] = [
    ("cur-a", "Alpha Wire", "Alpha Wire says fighters took Oakford and fought near Elmbridge in spring.", [
        ("cur-a-retract", Clash, date(2015, 4, 2), "Elmbridge", ("Side B",)),
        ("cur-a-correct", Airstrike, date(2015, 5, 5), "Hilltop", ("Air Wing",)),
        ("cur-a-merge", TownCaptured, date(2015, 3, 10), "Oakford", ("Side A",)),
        ("cur-a-twice", Attack, date(2015, 2, 1), "Riverside", ("Side B",)),
    ]),
    ("cur-b", "Beta Post", "Beta Post reports that Side A entered Oakford on 10 March 2015.", [
        ("cur-b-merge", TownCaptured, date(2015, 3, 10), "Oakford", ("Side A",)),
    ]),
    ("cur-h", "Gamma Daily", "Gamma Daily heard of a skirmish by the old mill on a quiet road.", [
        ("cur-h-1", Clash, date(2015, 7, 7), "Millbrook", ()),
    ]),
]  # fmt: skip
OWN_REPORT = {"text": "Our own note: the ferry at Westbank ran on time all week.", "source": "Delta Notes",
              "published": "2015-08-01"}  # fmt: skip


def seed(url: str) -> None:
    """Hand-built reports and events appended straight to the log, before the server starts."""
    store = open_store(url)
    for report_id, outlet, text, specs in REPORTS:
        received = ReportReceived(event_id=f"{report_id}-received", report_id=report_id, source=outlet,
                                  published=date(2015, 8, 1), received_at=datetime(2015, 8, 2, tzinfo=UTC),
                                  text=text)  # fmt: skip
        events: list[DomainEvent] = [
            cls(event_id=event_id, report_id=report_id, when=When(start=day, end=day, precision="day"),
                place=Place(name=town, admin1="Province A", country="IQ"), actors=actors,
                evidence=Evidence(text=text[:20], start=0, end=20), extractor=HAND)
            for event_id, cls, day, town, actors in specs
        ]  # fmt: skip
        store.append(report_stream(report_id), [to_new_event(e) for e in (received, *events)], 0)
    store.close()


@pytest.fixture(scope="module")
def sqlite_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('curation') / 'curation.db'}"
    seed(url)
    with serving({"TIMELINE_DATABASE_URL": url}) as base:
        EDITOR_KEYS[base] = bearer(new_key(url, "editor"))
        yield base, url


TIMEOUT = 60  # seconds; generous, the machine is shared with other test runs


# The editor key of the server at each base URL (made where the server starts): curation needs one.
EDITOR_KEYS: dict[str, dict[str, str]] = {}


def post(base: str, path: str, body: object | None = None) -> httpx.Response:
    return httpx.post(f"{base}{path}", json=body, headers=EDITOR_KEYS[base], timeout=TIMEOUT)


def assert_error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail and "\n" not in detail
    return detail


def timeline_ids(base: str) -> dict[str, dict]:
    body = httpx.get(f"{base}/timeline", params={"limit": 500}, timeout=TIMEOUT).json()
    return {item["id"]: item for item in body["items"]}


def event_ids(base: str) -> set[str]:
    body = httpx.get(f"{base}/events", params={"limit": 500}, timeout=TIMEOUT).json()
    return {item["id"] for item in body["items"]}


def incident_of(base: str, event_id: str) -> set[str]:
    """The event ids merged into the incident that holds `event_id`."""
    items = httpx.get(f"{base}/incidents", params={"limit": 500}, timeout=TIMEOUT).json()["items"]
    found = [{m["event_id"] for m in item["merges"]} for item in items]
    holding = [members for members in found if event_id in members]
    assert len(holding) == 1, found
    return holding[0]


def stream_types(url: str, report_id: str) -> list[tuple[str, str]]:
    store = open_store(url)
    try:
        return [(e.type, e.data.get("target_event_id") or e.event_id)
                for e in store.read_stream(report_stream(report_id))]  # fmt: skip
    finally:
        store.close()


def check_retract(base: str, url: str) -> None:
    assert "cur-a-retract" in timeline_ids(base) and "cur-a-retract" in event_ids(base)
    response = post(base, "/events/cur-a-retract/retract", {"reason": "the clash was a drill"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["changed"] and body["stream_id"] == report_stream("cur-a") and body["position"] > 0
    assert body["event_ids"] == [body["event_id"]] and body["positions"] == [body["position"]]
    assert "cur-a-retract" not in timeline_ids(base) and "cur-a-retract" not in event_ids(base)
    held = stream_types(url, "cur-a")  # the log keeps the event and records its retraction
    assert ("Clash", "cur-a-retract") in held and held[-1] == ("EventRetracted", "cur-a-retract")


def check_correct(base: str) -> None:
    before = timeline_ids(base)["cur-a-correct"]
    assert (before["place"]["name"], before["date"]["start"]) == ("Hilltop", "2015-05-05")
    changes = {
        "place": {"name": "Lowfield", "admin1": "Province C", "country": "IQ"},
        "date": {"start": "2015-05-07", "end": "2015-05-07", "precision": "day", "phrase": "on 7 May"},
    }
    response = post(base, "/events/cur-a-correct/correct", {"changes": changes, "reason": "misplaced"})
    assert response.status_code == 200, response.text
    after = timeline_ids(base)["cur-a-correct"]
    assert (after["place"]["name"], after["date"]["start"], after["date"]["phrase"]) == (
        "Lowfield", "2015-05-07", "on 7 May")  # fmt: skip
    assert after["place"]["admin1"] == "Province C"


def check_split(base: str, url: str) -> None:
    assert incident_of(base, "cur-a-merge") == {"cur-a-merge", "cur-b-merge"}
    response = post(base, "/events/cur-a-merge/split", {"reason": "a different assault"})
    assert response.status_code == 200, response.text
    assert incident_of(base, "cur-a-merge") == {"cur-a-merge"}
    assert incident_of(base, "cur-b-merge") == {"cur-b-merge"}
    assert stream_types(url, "cur-a")[-1] == ("IncidentSplit", "cur-a-merge")
    assert {"cur-a-merge", "cur-b-merge"} <= set(timeline_ids(base))  # split, not retracted


def check_reextract(base: str) -> None:
    stored = post(base, "/reports", OWN_REPORT)
    assert stored.status_code in (200, 201), stored.text
    report_id = stored.json()["report_id"]
    same = post(base, f"/reports/{report_id}/reextract")
    assert same.status_code == 200, same.text
    nothing: dict[str, object] = {"changed": False, "event_id": None, "position": None}
    nothing |= {"event_ids": [], "positions": []}
    assert same.json() == {**nothing, "stream_id": report_stream(report_id)}
    # A report the hand-written "extractor" did: re-extraction replaces its events with the real ones.
    redone = post(base, "/reports/cur-h/reextract")
    assert redone.status_code == 200, redone.text
    body = redone.json()
    assert body["changed"] and body["event_ids"][0] == body["event_id"]
    live = event_ids(base)
    assert "cur-h-1" not in live and set(body["event_ids"][1:]) <= live
    assert post(base, "/reports/cur-h/reextract").json()["changed"] is False


HUGE = 10**12  # more than a count column holds
FIX = "/events/cur-a-twice/correct"


def fix(changes: dict) -> dict:
    return {"changes": changes, "reason": "x"}


BAD = [  # (path, body, status, a word the message must hold)
    ("/events/no-such-event/retract", {"reason": "x"}, 404, "no-such-event"),
    ("/events/no-such-event/split", {"reason": "x"}, 404, "no-such-event"),
    ("/events/cur-a-received/retract", {"reason": "x"}, 404, "not a domain event"),
    ("/reports/no-such-report/reextract", None, 404, "no-such-report"),
    ("/events/cur-a-twice/retract", {"reason": ""}, 422, "reason"),
    ("/events/cur-a-twice/retract", {"reason": "   "}, 422, "reason"),
    ("/events/cur-a-twice/retract", {"reason": "nul \u0000 inside"}, 422, "NUL"),
    ("/events/cur-a-twice/retract", None, 422, ""),
    ("/events/cur-a-twice/split", {"reason": "x", "extra": 1}, 422, "extra"),
    ("/events/bad%00id/retract", {"reason": "x"}, 422, ""),
    (FIX, fix({"colour": "red"}), 422, "colour"),
    (FIX, fix({}), 422, "changes"),
    (FIX, fix({"confidence": 2}), 422, "confidence"),
    (FIX, fix({"date": {"start": "2015-02-09", "end": "2015-02-01"}}), 422, "date"),
    (FIX, fix({"fatalities": {"low": HUGE}}), 422, "fatalities"),
    (FIX, fix({"fatalities": {"low": float(HUGE)}}), 422, "fatalities"),
    (FIX, fix({"place": {"name": "a\u0000b"}}), 422, "NUL"),
    (FIX, fix({"kind": "picnic"}), 422, "picnic"),
]  # fmt: skip


def check_bad_input(base: str, url: str) -> None:
    before = stream_types(url, "cur-a")
    for path, body, status, word in BAD:
        assert word in assert_error(post(base, path, body), status), path
    not_json = httpx.post(f"{base}/events/cur-a-twice/retract", content=b"{reason",
                          headers={"content-type": "application/json", **EDITOR_KEYS[base]},
                          timeout=TIMEOUT)  # fmt: skip
    assert "JSON" in assert_error(not_json, 422)
    nan = httpx.post(f"{base}{FIX}", content=b'{"changes": {"confidence": NaN}, "reason": "x"}',
                     headers={"content-type": "application/json", **EDITOR_KEYS[base]},
                     timeout=TIMEOUT)  # fmt: skip
    assert_error(nan, 422)
    assert stream_types(url, "cur-a") == before  # nothing refused was stored
    assert post(base, "/events/cur-a-twice/retract", {"reason": "duplicate"}).status_code == 200
    again = post(base, "/events/cur-a-twice/retract", {"reason": "x"})
    assert "retracted already" in assert_error(again, 409)
    late = post(base, "/events/cur-a-twice/correct", {"changes": {"confidence": 0.9}, "reason": "x"})
    assert "retracted" in assert_error(late, 409)
    assert stream_types(url, "cur-a") == [*before, ("EventRetracted", "cur-a-twice")]


def test_retract_hides_the_event_but_the_log_keeps_it(sqlite_api: tuple[str, str]) -> None:
    check_retract(*sqlite_api)


def test_correct_changes_place_and_date(sqlite_api: tuple[str, str]) -> None:
    check_correct(sqlite_api[0])


def test_split_takes_an_event_out_of_its_incident(sqlite_api: tuple[str, str]) -> None:
    check_split(*sqlite_api)


def test_reextract(sqlite_api: tuple[str, str]) -> None:
    check_reextract(sqlite_api[0])


def test_bad_input_is_a_json_4xx_and_stores_nothing(sqlite_api: tuple[str, str]) -> None:
    check_bad_input(*sqlite_api)


def test_curation_on_postgres(postgres_url: str) -> None:
    seed(postgres_url)
    with serving({"TIMELINE_DATABASE_URL": postgres_url}) as base:
        EDITOR_KEYS[base] = bearer(new_key(postgres_url, "editor"))
        check_retract(base, postgres_url)
        check_correct(base)
        check_split(base, postgres_url)
        check_reextract(base)
        check_bad_input(base, postgres_url)
