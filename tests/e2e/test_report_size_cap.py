"""The report size cap (Settings.max_body_bytes) as users meet it: the API over a real socket (uvicorn in a
subprocess, the cap set small through TIMELINE_MAX_BODY_BYTES) answers 413 with a one-line JSON detail,
before reading a body that declares itself too large; the CLI (a subprocess) exits non-zero with one line on
stderr and stores nothing. Nothing is extracted from an oversized report."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.e2e.keys import bearer, new_key
from tests.e2e.server_process import serving
from tests.e2e.test_api import assert_json_error
from tests.e2e.test_cli import FIXTURES, one_error_line, run
from timeline.extraction.cleaning import MAX_REPORT_BYTES

CAP = 200_000  # the server's and the CLI's cap in these tests (TIMELINE_MAX_BODY_BYTES)

SMALL = {
    "text": "Troops retook the river town of Example Ford on Sunday, officials said.",
    "published": "2016-05-04",
}


KEYS: dict[str, dict[str, str]] = {}  # the ingest key of the server at each base URL


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('cap') / 'cap.db'}"
    with serving({"TIMELINE_DATABASE_URL": url, "TIMELINE_MAX_BODY_BYTES": str(CAP)}) as base:
        KEYS[base] = bearer(new_key(url, "ingest"))
        yield base


def raw_exchange(base: str, head: bytes, body: bytes = b"", timeout: float = 30) -> bytes:
    """Send a request by hand (headers, then whatever body is given) and read the answer to its end."""
    where = urlsplit(base)
    with socket.create_connection((where.hostname, where.port), timeout=timeout) as sock:
        sock.sendall(head + body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def status_and_detail(answer: bytes) -> tuple[int, str]:
    head, _, body = answer.partition(b"\r\n\r\n")
    response = httpx.Response(int(head.split()[1]), content=body)
    return response.status_code, response.json()["detail"]


def test_api_refuses_a_report_over_the_cap_with_413_and_stays_up(api: str) -> None:
    oversized = {"text": "a " * (CAP // 2) + "b", "published": "2016-05-04"}
    detail = assert_json_error(
        httpx.post(f"{api}/reports", json=oversized, headers=KEYS[api], timeout=60), 413
    )
    assert f"{CAP:,} bytes a request may have" in detail
    assert httpx.get(f"{api}/events", timeout=30).json()["items"] == []  # nothing stored
    assert httpx.post(f"{api}/reports", json=SMALL, headers=KEYS[api], timeout=60).status_code == 201


def test_api_takes_a_report_just_under_the_cap(api: str) -> None:
    sentence = "Rebels shelled the market of Example Ford on Monday, witnesses said. "
    text = sentence * ((CAP - 200) // len(sentence))
    response = httpx.post(
        f"{api}/reports", json={"text": text, "published": "2016-05-06"}, headers=KEYS[api], timeout=120
    )
    assert response.status_code == 201, response.text
    assert len(response.request.content) <= CAP


def test_api_refuses_a_declared_oversized_body_without_reading_it(api: str) -> None:
    # Only the headers are sent: the answer must come without the server waiting for a gigabyte.
    head = (
        b"POST /reports HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        b"Content-Length: 1000000000\r\n\r\n"
    )
    status, detail = status_and_detail(raw_exchange(api, head, timeout=10))
    assert status == 413
    assert "1,000,000,000 bytes" in detail and f"{CAP:,} bytes a request may have" in detail


def test_api_refuses_a_chunked_body_once_it_passes_the_limit(api: str) -> None:
    size = CAP + 1  # one chunk, its closing CRLF never sent: the server must stop on its own
    head = (
        b"POST /reports HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    status, detail = status_and_detail(raw_exchange(api, head, b"%x\r\n" % size + b"a" * size))
    assert status == 413 and "longer than" in detail


def test_api_still_takes_a_small_chunked_body(api: str) -> None:
    def pieces() -> Iterator[bytes]:
        yield b'{"text": "Militants stormed the village of Example Hill on Friday, residents said.", '
        yield b'"published": "2016-05-04"}'

    response = httpx.post(
        f"{api}/reports",
        content=pieces(),
        headers={"content-type": "application/json", **KEYS[api]},
        timeout=60,
    )
    assert response.status_code == 201, response.text


def write_sparse(path: Path, size: int) -> Path:
    with path.open("wb") as f:
        f.truncate(size)
    return path


def test_cli_extract_refuses_a_file_over_the_cap_in_one_line(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("a " * (MAX_REPORT_BYTES // 2) + "b")
    line = one_error_line(run(tmp_path, "extract", str(big), "--json"))
    assert line == (
        f"error: {big} is {MAX_REPORT_BYTES + 1:,} bytes, more than the {MAX_REPORT_BYTES:,} "
        "bytes allowed; split it into smaller reports"
    )


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_cli_takes_its_cap_from_the_setting(tmp_path: Path, command: str) -> None:
    page = write_sparse(tmp_path / "page.html", CAP + 1)  # sparse: reading it would be the bug
    line = one_error_line(run(tmp_path, command, str(page), env={"TIMELINE_MAX_BODY_BYTES": str(CAP)}))
    assert line == (
        f"error: {page} is {CAP + 1:,} bytes, more than the {CAP:,} bytes allowed; "
        "split it into smaller reports"
    )


def test_cli_ingest_with_one_oversized_file_stores_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for report in sorted(FIXTURES.glob("*.txt"))[:2]:
        (folder / report.name).write_bytes(report.read_bytes())
    big = write_sparse(folder / "zz-big.txt", MAX_REPORT_BYTES + 1)
    line = one_error_line(run(tmp_path, "ingest", str(folder)))
    assert line.startswith(f"error: {big} is ")
    database = tmp_path / "cli.db"
    if database.exists():  # the store may have been created before the files were read: it must be empty
        engine = create_engine(f"sqlite:///{database}")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM events")).scalar() == 0
        engine.dispose()
