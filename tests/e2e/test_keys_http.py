"""The key workflow as an operator and a client live it, over a real server socket on SQLite and
PostgreSQL: keys made, listed and revoked with the `timeline keys` CLI against the server's database;
401 (JSON, WWW-Authenticate) without a key or with an unknown or revoked one, 403 with a weaker role,
201/200 with the right one; the audit trail (`GET /events/{id}/history`) naming the key or the CLI's
operator behind each step; reads closed by a setting; `timeline up` printing a local editor key once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.e2e.keys import bearer
from tests.e2e.server_process import REPO, free_port, serving, stop, wait_for_health

TIMELINE = str(Path(sys.executable).with_name("timeline"))
TIMEOUT = 60
START = 240  # seconds for a server to come up: the test machine is shared and often loaded
REPORT = {
    "text": "Rebel fighters seized the town of Oakford on 2 May 2016, residents said.",
    "source": "Test Wire",
    "published": "2016-05-04",
}


def cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TIMELINE_DATABASE_URL": url}
    return subprocess.run([TIMELINE, *args], env=env, capture_output=True, text=True, timeout=240, cwd=REPO)


def created_key(url: str, role: str, name: str) -> tuple[str, str]:
    """`timeline keys create`: the key's id and its secret (the last line, printed once)."""
    done = cli(url, "keys", "create", "--role", role, "--name", name)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("created key ")
    return lines[0].split()[2], lines[1]


def assert_refused(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail
    return detail


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue(f"{request.param}_url"))


def test_key_workflow_and_audit_trail(database: str) -> None:
    ingest_id, ingest = created_key(database, "ingest", "feed bot")
    editor_id, editor = created_key(database, "editor", "Ana (desk)")
    with serving({"TIMELINE_DATABASE_URL": database}, timeout=START) as base:
        # no key, a malformed one, another scheme, an unknown one: 401, and nothing is stored
        for headers in (
            {},
            bearer("nonsense"),
            {"Authorization": "Basic YTpi"},
            bearer(f"tlk_{ingest_id}_" + "A" * 43),
            bearer("tlk_00000000_" + "A" * 43),
        ):
            detail = assert_refused(httpx.post(f"{base}/reports", json=REPORT, headers=headers), 401)
            assert ingest not in detail
        assert httpx.get(f"{base}/events", timeout=TIMEOUT).json()["items"] == []

        posted = httpx.post(f"{base}/reports", json=REPORT, headers=bearer(ingest), timeout=TIMEOUT)
        assert posted.status_code == 201, posted.text
        again = httpx.post(f"{base}/reports", json=REPORT, headers=bearer(editor), timeout=TIMEOUT)
        assert again.status_code == 200  # an editor may ingest too
        event_id = posted.json()["event_ids"][0]

        # an ingest key may not curate
        retract = f"{base}/events/{event_id}/retract"
        assert "editor" in assert_refused(
            httpx.post(retract, json={"reason": "x"}, headers=bearer(ingest)), 403
        )
        fixed = httpx.post(
            f"{base}/events/{event_id}/correct",
            headers=bearer(editor),
            timeout=TIMEOUT,
            json={"changes": {"actors": ["Rebel fighters"]}, "reason": "actor missed"},
        )
        assert fixed.status_code == 200, fixed.text
        # the local operator curates through the CLI, straight on the database
        split = cli(database, "split", event_id, "--reason", "not the same capture")
        assert split.returncode == 0, split.stderr

        history = httpx.get(f"{base}/events/{event_id}/history", timeout=TIMEOUT).json()
        assert history["status"] == "live" and history["report_id"] == posted.json()["report_id"]
        steps = [
            (v["action"], v["by"] and v["by"]["kind"], v["by"] and v["by"]["id"]) for v in history["versions"]
        ]
        assert steps[:2] == [("extracted", "key", ingest_id), ("corrected", "key", editor_id)]
        assert steps[2][:2] == ("split", "cli") and steps[2][2].startswith("cli:")
        corrected = history["versions"][1]
        assert corrected["by"]["name"] == "Ana (desk)" and corrected["reason"] == "actor missed"
        assert corrected["changes"] == {"actors": ["Rebel fighters"]}
        assert corrected["event"]["actors"] == ["Rebel fighters"] and corrected["recorded_at"].endswith("Z")
        assert history["versions"][0]["event"]["actors"] != ["Rebel fighters"]
        assert_refused(httpx.get(f"{base}/events/no-such-event/history"), 404)

        # revoked while the server runs: refused from the next request on
        revoked = cli(database, "keys", "revoke", editor_id)
        assert revoked.returncode == 0 and editor_id in revoked.stdout, revoked.stderr
        late = httpx.post(retract, json={"reason": "too late"}, headers=bearer(editor), timeout=TIMEOUT)
        assert "revoked" in assert_refused(late, 401)
        assert httpx.get(f"{base}/events/{event_id}/history").json()["status"] == "live"

    listed = cli(database, "keys", "list")
    assert listed.returncode == 0
    # the two made here, and the key the test server's harness made for itself (named "tests")
    lines = [line for line in listed.stdout.strip().splitlines() if not line.endswith("  tests")]
    assert len(lines) == 2 and ingest not in listed.stdout and editor not in listed.stdout
    assert any(line.startswith(f"{editor_id}  editor  revoked") for line in lines)
    assert any(line.startswith(f"{ingest_id}  ingest  active") for line in lines)
    again = cli(database, "keys", "revoke", editor_id)
    assert again.returncode == 1 and again.stderr.strip() == f"error: key '{editor_id}' is revoked already"
    bad_role = cli(database, "keys", "create", "--role", "owner", "--name", "x")
    assert bad_role.returncode != 0 and "owner" in bad_role.stderr


def test_openapi_declares_the_bearer_scheme_on_every_write_and_no_read(sqlite_url: str) -> None:
    with serving({"TIMELINE_DATABASE_URL": sqlite_url}, timeout=START) as base:
        spec = httpx.get(f"{base}/openapi.json", timeout=TIMEOUT).json()
    scheme = spec["components"]["securitySchemes"]["ApiKey"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer") and "timeline keys create" in scheme[
        "description"
    ]
    operations = [(path, method, op) for path, ops in spec["paths"].items() for method, op in ops.items()]
    writes = {(p, m) for p, m, op in operations if op.get("security") == [{"ApiKey": []}]}
    assert writes == {(p, m) for p, m, _ in operations if m != "get"}
    assert ("/reports", "post") in writes and len(writes) == 5
    for path, method in writes:
        assert {"401", "403", "415"} <= set(spec["paths"][path][method]["responses"])


def test_closed_reads_need_a_key_of_any_role(sqlite_url: str) -> None:
    _, ingest = created_key(sqlite_url, "ingest", "reader")
    with serving(
        {"TIMELINE_DATABASE_URL": sqlite_url, "TIMELINE_READ_REQUIRES_KEY": "true"}, timeout=START
    ) as base:
        assert_refused(httpx.get(f"{base}/timeline", timeout=TIMEOUT), 401)
        assert_refused(httpx.get(f"{base}/events/x/history", timeout=TIMEOUT), 401)
        assert httpx.get(f"{base}/timeline", headers=bearer(ingest), timeout=TIMEOUT).status_code == 200
        assert httpx.get(f"{base}/health", timeout=TIMEOUT).status_code == 200  # stays open


def run_up(folder: Path, log: Path) -> str:
    """`timeline up` on an SQLite file in `folder` (no fixtures to ingest), until it serves; its output."""
    port = free_port()
    env = {
        **os.environ,
        "TIMELINE_DATABASE_URL": f"sqlite:///{folder / 'up.db'}",
        "TIMELINE_PORT": str(port),
        "TIMELINE_FIXTURES_DIR": str(folder / "none"),
    }
    with log.open("w+b") as out:
        proc = subprocess.Popen([TIMELINE, "up"], env=env, cwd=folder, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_for_health(f"http://127.0.0.1:{port}", proc, out, START)
            posted = "(no key)"
            lines = log.read_text().splitlines()
            keys = [line.split("Bearer ", 1)[1] for line in lines if "Authorization: Bearer " in line]
            if keys:
                answer = httpx.post(
                    f"http://127.0.0.1:{port}/reports", json=REPORT, headers=bearer(keys[0]), timeout=TIMEOUT
                )
                posted = f"posted {answer.status_code}"
        finally:
            stop(proc)
    return log.read_text() + posted


def test_up_prints_a_local_editor_key_once(tmp_path: Path) -> None:
    first = run_up(tmp_path, tmp_path / "first.log")
    assert "local editor key" in first and first.count("Authorization: Bearer tlk_") == 1
    assert first.endswith("posted 201")
    second = run_up(tmp_path, tmp_path / "second.log")
    assert "Bearer" not in second and second.endswith("(no key)")
    listed = cli(f"sqlite:///{tmp_path / 'up.db'}", "keys", "list")
    assert "editor  active" in listed.stdout and "local editor (timeline up)" in listed.stdout
