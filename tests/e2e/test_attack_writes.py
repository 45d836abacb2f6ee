"""Attacks on the write side over a real server socket, on SQLite and PostgreSQL: anonymous writes to
every write route (found from the OpenAPI document, so a new one cannot be left out), forged cross-site
form posts (the content types an HTML form or a no-preflight fetch can send, with and without a key),
cross-origin preflights asking to write. Each is refused with a JSON 4xx, carries no
`access-control-allow-origin`, and appends nothing to the log; then a correct key works."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.keys import bearer, new_key
from tests.e2e.server_process import serving
from tests.e2e.test_curation_api import seed

TIMEOUT = 60
START = 240  # seconds for a server to come up: the test machine is shared and often loaded
EVIL = {"Origin": "https://evil.example"}
# A valid JSON body for each write route, on the seeded log (tests/e2e/test_curation_api.seed).
WRITES: dict[tuple[str, str], tuple[str, dict | None]] = {
    ("post", "/reports"): ("/reports", {"text": "Raiders seized Oakford on 2 May 2016, residents said."}),
    ("post", "/events/{event_id}/retract"): ("/events/cur-a-retract/retract", {"reason": "forged"}),
    ("post", "/events/{event_id}/correct"): (
        "/events/cur-a-correct/correct",
        {"changes": {"place": {"name": "Baghdad"}}, "reason": "forged"},
    ),
    ("post", "/events/{event_id}/split"): ("/events/cur-a-merge/split", {"reason": "forged"}),
    ("post", "/reports/{report_id}/reextract"): ("/reports/cur-a/reextract", None),
}
FORMS = [  # what a cross-site <form> (or a fetch without preflight) can send
    ("application/x-www-form-urlencoded", b"reason=forged&changes=x"),
    (
        "multipart/form-data; boundary=xyz",
        b'--xyz\r\nContent-Disposition: form-data; name="reason"\r\n\r\nforged\r\n--xyz--\r\n',
    ),
    (
        "text/plain",
        b'{"reason": "forged", "changes": {"place": {"name": "Baghdad"}}}',
    ),  # JSON smuggled as text
    ("application/x-www-form-urlencoded", b""),  # the body-less form post that re-extracted before
]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], scope="module")
def target(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """(base URL, database URL) of a server over a seeded log; the editor key is made by the tests."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('attack') / 'attack.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    seed(url)
    with serving({"TIMELINE_DATABASE_URL": url}, timeout=START) as base:
        yield base, url


@pytest.fixture(scope="module")
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A module-wide fresh PostgreSQL schema (the conftest's is per test)."""
    import uuid

    from sqlalchemy import create_engine, make_url, text

    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(postgres_server)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield (
            make_url(postgres_server)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def head_of_log(base: str) -> int:
    return int(httpx.get(f"{base}/health", timeout=TIMEOUT).json()["last_position"])


def refused(response: httpx.Response, status: int) -> None:
    assert response.status_code == status, (response.request.url, response.text)
    assert response.headers["content-type"].startswith("application/json")
    assert isinstance(response.json()["detail"], str)
    assert "access-control-allow-origin" not in response.headers
    assert "access-control-allow-credentials" not in response.headers


def test_every_write_route_is_known_here(target: tuple[str, str]) -> None:
    spec = httpx.get(f"{target[0]}/openapi.json", timeout=TIMEOUT).json()
    writes = {(method, path) for path, ops in spec["paths"].items() for method in ops if method != "get"}
    assert writes == set(WRITES), "a write route was added: add it to WRITES so it is attacked too"


def test_anonymous_writes_are_refused_and_append_nothing(target: tuple[str, str]) -> None:
    base = target[0]
    before = head_of_log(base)
    for path, body in WRITES.values():
        for headers in ({}, EVIL, {**EVIL, "Authorization": "Bearer  x"}, {"Authorization": "Bearer tlk_x"}):
            response = httpx.post(f"{base}{path}", json=body, headers=headers, timeout=TIMEOUT)
            refused(response, 401)
            assert response.headers["www-authenticate"] == "Bearer"
    assert head_of_log(base) == before
    events = httpx.get(f"{base}/events", params={"limit": 500}, timeout=TIMEOUT).json()["items"]
    assert {"cur-a-retract", "cur-a-correct"} <= {e["id"] for e in events}  # still live, uncorrected
    assert all(e["place"]["name"] != "Baghdad" for e in events if e.get("place"))


def test_forged_cross_site_form_posts_are_refused_with_or_without_a_key(target: tuple[str, str]) -> None:
    base, url = target
    key = bearer(new_key(url, "admin", "stolen-by-no-one"))
    before = head_of_log(base)
    for path, _ in WRITES.values():
        for content_type, body in FORMS:
            headers = {**EVIL, "Content-Type": content_type}
            refused(httpx.post(f"{base}{path}", content=body, headers=headers, timeout=TIMEOUT), 401)
            # even a client holding a key cannot write with a form's content type
            refused(
                httpx.post(f"{base}{path}", content=body, headers={**headers, **key}, timeout=TIMEOUT), 415
            )
    assert head_of_log(base) == before


def test_cross_origin_preflights_allow_reads_only(target: tuple[str, str]) -> None:
    base = target[0]
    for path, _ in WRITES.values():
        asked = {**EVIL, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization, content-type"}  # fmt: skip
        answer = httpx.options(f"{base}{path}", headers=asked, timeout=TIMEOUT)
        assert answer.status_code >= 400 and "access-control-allow-origin" not in answer.headers
    read = httpx.options(f"{base}/timeline", headers={**EVIL, "Access-Control-Request-Method": "GET"})
    assert read.status_code == 200 and read.headers["access-control-allow-origin"] == "*"
    assert set(read.headers["access-control-allow-methods"].replace(" ", "").split(",")) == {"GET", "HEAD"}
    for method in ("GET", "HEAD"):
        answer = httpx.request(method, f"{base}/timeline", headers=EVIL, timeout=TIMEOUT)
        assert answer.status_code == 200 and answer.headers["access-control-allow-origin"] == "*"


def test_a_correct_key_works_and_still_answers_no_cors_origin(target: tuple[str, str]) -> None:
    base, url = target
    editor = bearer(new_key(url, "editor", "desk"))
    before = head_of_log(base)
    split = f"{base}/events/cur-h-1/split"
    done = httpx.post(split, json={"reason": "a real split"}, headers={**editor, **EVIL}, timeout=TIMEOUT)
    assert done.status_code == 200, done.text
    assert "access-control-allow-origin" not in done.headers
    no_type = httpx.post(f"{base}/reports/cur-h/reextract", headers=editor, timeout=TIMEOUT)  # curl -X POST
    assert no_type.status_code == 200, no_type.text
    assert head_of_log(base) > before
