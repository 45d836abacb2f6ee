"""The `timeline` command as a user runs it: a subprocess per call, a temporary SQLite file."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from timeline.domain.events import Clash, ReportReceived, report_stream
from timeline.domain.serialization import to_new_event
from timeline.domain.values import Evidence, Extractor, Place, When
from timeline.store.factory import open_store

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures" / "reports"
TIMELINE = str(Path(sys.executable).with_name("timeline"))


def run(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        "TIMELINE_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "PATH": str(Path(sys.executable).parent),
        **(env or {}),
    }
    return subprocess.run(
        [TIMELINE, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and "Traceback" not in result.stderr
    return lines[0]


def test_ingest_fixtures_twice_reports_already_stored(tmp_path: Path) -> None:
    first = run(tmp_path, "ingest", str(FIXTURES))
    assert first.returncode == 0, first.stderr
    lines = first.stdout.strip().splitlines()
    reports = sorted(FIXTURES.glob("*.txt"))
    assert len(lines) == len(reports) and all(line.startswith("stored ") for line in lines)
    second = run(tmp_path, "ingest", *map(str, reports))
    assert second.returncode == 0, second.stderr
    again = second.stdout.strip().splitlines()
    assert all(line.startswith("already stored") for line in again)
    ids = [line.split()[1] for line in lines]
    assert [line.split()[2] for line in again] == ids  # same report ids, same order
    engine = create_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM reports")).scalar() == len(reports)
        assert conn.execute(text("SELECT count(*) FROM events WHERE type = 'ReportReceived'")).scalar() == 5
    engine.dispose()


def test_extract_prints_scorer_shape_and_stores_nothing(tmp_path: Path) -> None:
    report = FIXTURES / "uskowi-2014-08-16-jalula.txt"
    result = run(tmp_path, "extract", str(report), "--published", "2014-08-16", "--json", "--explain")
    assert result.returncode == 0, result.stderr
    events = json.loads(result.stdout)["events"]
    assert isinstance(events, list)
    for event in events:
        assert {"type", "place", "date", "actors", "evidence"} <= set(event)
        assert event["place"] is None or {"name", "admin1", "country", "lat", "lon"} <= set(event["place"])
        assert event["date"] is None or {"start", "end", "precision"} <= set(event["date"])
        assert isinstance(event["actors"], list)
        assert {"text", "start", "end"} <= set(event["evidence"]) and event["evidence"]["text"]
    assert not (tmp_path / "cli.db").exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["ingest", "missing.txt"], "no such file"),
        (["ingest", "empty_folder"], "no .txt or .html"),
        (["ingest", "binary.txt"], "binary.txt"),
        (["ingest", "blank.txt"], "blank.txt"),
        (["ingest", "notes.pdf"], "not a report file"),
        (["ingest", str(FIXTURES), "--published", "31/12/2014"], "YYYY-MM-DD"),
        (["extract", "missing.html", "--json"], "no such file"),
        (["extract", "blank.txt", "--json"], "empty"),
        (
            ["extract", str(FIXTURES / "uskowi-2014-08-16-jalula.txt"), "--published", "2014-02-30"],
            "YYYY-MM-DD",
        ),
        (["rebuild", "nonsense"], "nonsense"),
        (["retract", "no-such-event", "--reason", "test"], "no-such-event"),
        (["reextract", "no-such-report"], "no-such-report"),
    ],
)
def test_bad_input_exits_with_one_line(tmp_path: Path, args: list[str], needle: str) -> None:
    (tmp_path / "empty_folder").mkdir()
    (tmp_path / "binary.txt").write_bytes(b"\xff\xfe\x00\x9c\x80 not text \xc3")
    (tmp_path / "blank.txt").write_text("  \n\n\t\n")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    assert needle in one_error_line(run(tmp_path, *args))


def test_curation_commands_change_the_projection(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'cli.db'}")
    received = ReportReceived(event_id="r0", report_id="rep", received_at=datetime(2020, 1, 1, tzinfo=UTC),
                              text="Two clashes were reported.", published=date(2020, 1, 2))  # fmt: skip
    clashes = [Clash(event_id=f"c{n}", report_id="rep", when=When(start=date(2020, 1, 1), precision="day"),
                     place=Place(name="Lowfield"), evidence=Evidence(text="clashes", start=8, end=15),
                     extractor=Extractor(name="hand", version="1")) for n in (1, 2)]  # fmt: skip
    store.append(report_stream("rep"), [to_new_event(e) for e in (received, *clashes)], 0)
    store.close()
    assert "timeline" in run(tmp_path, "project").stdout

    assert run(tmp_path, "retract", "c1", "--reason", "duplicate").returncode == 0
    corrected = run(tmp_path, "correct", "c2", "--set", "kind=attack", "--set", 'place={"name": "Highfield"}',
                    "--reason", "misread")  # fmt: skip
    assert corrected.returncode == 0, corrected.stderr
    assert "c1" in one_error_line(run(tmp_path, "retract", "c1", "--reason", "again"))
    assert "colour" in one_error_line(run(tmp_path, "correct", "c2", "--set", "colour=red", "--reason", "x"))
    engine = create_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT event_id, kind, place_name FROM timeline_entries")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("c2", "attack", "Highfield")]
    rebuilt = run(tmp_path, "rebuild", "timeline")
    assert rebuilt.returncode == 0 and "timeline" in rebuilt.stdout


def test_serve_with_two_workers_answers(tmp_path: Path) -> None:
    """`timeline serve --workers 2`: two processes on one database; both catch up at start and answer."""
    import httpx

    from tests.e2e.server_process import serving

    db = f"sqlite:///{tmp_path / 'served.db'}"
    with serving({"TIMELINE_DATABASE_URL": db}, command=[TIMELINE, "serve", "--workers", "2"]) as base:
        for _ in range(20):
            response = httpx.get(base + "/health")
            assert response.status_code == 200 and response.json()["database"] == "ok"
        assert httpx.get(base + "/timeline", params={"limit": 5}).status_code == 200
