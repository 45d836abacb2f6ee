"""Attacks on the service's bounds, over a real server socket (uvicorn in a subprocess): oversized bodies
(200 MB, declared and chunked, four at once) are refused with 413 JSON while the server's memory stays
put; racing POSTs of one new report get exactly one 201 (SQLite and PostgreSQL); a report over the
extraction time limit gets 422 and stores nothing, and a POST while the extraction pool is full gets 503
with Retry-After. Writes go through `write_headers(base)`, the one place a client credential would go."""

from __future__ import annotations

import select
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import orjson
import pytest
from sqlalchemy import create_engine, text

from benchmarks.war_text import generate
from tests.e2e.server_process import Server, running, write_headers
from tests.e2e.test_api import assert_json_error

MB = 1_000_000
HUGE = 200 * MB


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    url = f"sqlite:///{tmp_path_factory.mktemp('attack') / 'attack.db'}"
    with running({"TIMELINE_DATABASE_URL": url}) as started:
        yield started


def push_body(base: str, chunked: bool, size: int = HUGE) -> tuple[int, dict[str, str], int]:
    """POST /reports with a `size`-byte body sent in 64 KB pieces, stopping as soon as the server answers
    (or closes). Returns the status, the JSON body and how many body bytes were sent."""
    where = urlsplit(base)
    framing = b"Transfer-Encoding: chunked" if chunked else b"Content-Length: %d" % size
    head = (
        b"POST /reports HTTP/1.1\r\nHost: attack\r\n"
        + b"".join(f"{k}: {v}\r\n".encode() for k, v in write_headers(base).items())
        + framing
        + b"\r\n\r\n"
    )
    piece = b"a" * 65536
    sent = 0
    answer = b""
    with socket.create_connection((where.hostname, where.port), timeout=30) as sock:
        sock.sendall(head)
        try:
            while sent < size:
                readable, _, _ = select.select([sock], [], [], 0)
                if readable:
                    break  # the server has answered: no need to send the rest
                sock.sendall(b"%x\r\n" % len(piece) + piece + b"\r\n" if chunked else piece)
                sent += len(piece)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed the connection on a body it refused: read the answer
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass  # the reset that follows the answer (the server did not read what was still coming)
    head_bytes, _, body = answer.partition(b"\r\n\r\n")
    assert head_bytes, f"no answer after {sent:,} bytes were sent"
    return int(head_bytes.split()[1]), orjson.loads(body), sent


def test_four_200_mb_bodies_at_once_are_refused_and_memory_stays_bounded(server: Server) -> None:
    httpx.get(f"{server.base}/timeline", timeout=30)  # the read path warmed before the baseline
    before = server.rss_bytes()
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda chunked: push_body(server.base, chunked), [False, True, False, True]))
    after = server.rss_bytes()
    for status, body, sent in results:
        assert status == 413 and "bytes a request may have" in body["detail"]
        assert sent < HUGE  # refused long before the end
    grew = (after - before) / MB
    assert grew < 50, f"server RSS grew {grew:.1f} MB ({before / MB:.0f} MB before)"
    assert httpx.get(f"{server.base}/health", timeout=30).json()["status"] == "ok"


def test_a_declared_200_mb_body_is_refused_before_any_of_it_is_sent(server: Server) -> None:
    status, body, sent = push_body(server.base, chunked=False)
    assert status == 413 and "200,000,000 bytes" in body["detail"]
    assert sent < 8 * MB  # the answer came on the headers (a few pieces may be in flight meanwhile)


def test_a_body_just_over_the_cap_is_refused_with_json(server: Server) -> None:
    headers = write_headers(server.base)
    response = httpx.post(f"{server.base}/reports", content=b"x" * (5 * MB + 1), headers=headers, timeout=60)
    assert "5,000,000 bytes a request may have" in assert_json_error(response, 413)


# -- exactly one 201 -------------------------------------------------------------------------------------
@pytest.fixture(params=["sqlite", "postgres"])
def racing_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Server, str]]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'race.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    # two extraction workers, so racing POSTs really extract and append at the same time
    with running({"TIMELINE_DATABASE_URL": url, "TIMELINE_EXTRACTION_WORKERS": "2"}) as started:
        yield started, url


RECEIVED_PER_STREAM = text(
    "SELECT stream_id, count(*) FROM events WHERE type = 'ReportReceived' GROUP BY stream_id"
)


def race_report(n: int) -> dict[str, str]:
    return {
        "text": f"Race {n}: government troops retook the town of Tikrit on Sunday after clashes with "
        f"militants, officials said ({n} of the series).",
        "published": f"2015-03-0{1 + n % 9}",
    }


def test_racing_posts_of_one_new_report_get_exactly_one_201(racing_server: tuple[Server, str]) -> None:
    server, url = racing_server
    races = 50
    outcomes: list[list[httpx.Response]] = []
    with httpx.Client(timeout=120) as first, httpx.Client(timeout=120) as second:
        for n in range(races):
            start = threading.Barrier(2)

            def post(client: httpx.Client, n: int = n, start: threading.Barrier = start) -> httpx.Response:
                start.wait()
                return client.post(
                    f"{server.base}/reports", json=race_report(n), headers=write_headers(server.base)
                )

            with ThreadPoolExecutor(2) as pool:
                outcomes.append(list(pool.map(post, [first, second])))
    statuses = [sorted(r.status_code for r in pair) for pair in outcomes]
    assert statuses == [[200, 201]] * races, [s for s in statuses if s != [200, 201]]
    for a, b in outcomes:
        assert a.json()["report_id"] == b.json()["report_id"]
        assert sorted(a.json()["event_ids"]) == sorted(b.json()["event_ids"])
        assert a.json()["created"] != b.json()["created"]
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            received = conn.execute(RECEIVED_PER_STREAM).all()
    finally:
        engine.dispose()
    assert len(received) == races and all(count == 1 for _, count in received)
    again = httpx.post(
        f"{server.base}/reports", json=race_report(0), headers=write_headers(server.base), timeout=60
    )
    assert again.status_code == 200


# -- the extraction pool's bounds --------------------------------------------------------------------
LIMIT_SECONDS = 10  # well after the busy post below, whether or not the worker had loaded before the report


def test_a_report_over_the_time_limit_gets_422_and_a_post_meanwhile_gets_503(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'limits.db'}"
    env = {
        "TIMELINE_DATABASE_URL": url,
        "TIMELINE_EXTRACTION_WORKERS": "1",
        "TIMELINE_EXTRACTION_QUEUE": "0",
        "TIMELINE_EXTRACTION_TIME_LIMIT": str(LIMIT_SECONDS),
    }
    small = race_report(1)
    with running(env) as server:
        # about a megabyte: tens of seconds of extraction, far past the limit on any machine
        long_report = {"text": generate(1_000_000, seed=11), "published": "2015-06-01"}
        slow: list[httpx.Response] = []
        poster = threading.Thread(
            target=lambda: slow.append(
                httpx.post(
                    f"{server.base}/reports",
                    json=long_report,
                    headers=write_headers(server.base),
                    timeout=120,
                )
            )
        )
        poster.start()
        # the long report is in the pool's hands from its arrival until the limit has passed after its worker
        # started extracting: a post well inside that stretch always finds the pool full
        time.sleep(3)
        busy = httpx.post(
            f"{server.base}/reports", json=small, headers=write_headers(server.base), timeout=60
        )
        poster.join(timeout=120)
        assert "try again" in assert_json_error(busy, 503)
        assert busy.headers["retry-after"] == "10"
        assert f"longer than the {LIMIT_SECONDS} s" in assert_json_error(slow[0], 422)
        assert httpx.get(f"{server.base}/events", timeout=30).json()["items"] == []  # nothing stored
        assert httpx.get(f"{server.base}/health", timeout=30).json()["last_position"] == 0
        stored = httpx.post(
            f"{server.base}/reports", json=small, headers=write_headers(server.base), timeout=60
        )
        assert stored.status_code == 201, stored.text  # a fresh worker took it
