"""`timeline split` as a user runs it (a subprocess on a temporary SQLite file): the merge is undone in the
incidents projection, and bad input is one error line."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text

from tests.e2e.test_cli import one_error_line, run
from tests.integration.test_split_service import seed_two_reports
from timeline.store.factory import open_store


def incidents_by_event(tmp_path: Path) -> dict[str, str]:
    engine = create_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT event_id, incident_id FROM incident_events")).all()
    finally:
        engine.dispose()
    return {row.event_id: row.incident_id for row in rows}


def test_split_command(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'cli.db'}")
    first, second = seed_two_reports(store)
    store.close()
    assert run(tmp_path, "project").returncode == 0
    merged = incidents_by_event(tmp_path)
    assert merged[first] == merged[second]

    done = run(tmp_path, "split", first, "--reason", "two different raids")
    assert done.returncode == 0, done.stderr
    assert f"split {first}" in done.stdout and "report-split-0" in done.stdout
    apart = incidents_by_event(tmp_path)
    assert apart[first] != apart[second]

    assert "no-such-event" in one_error_line(run(tmp_path, "split", "no-such-event", "--reason", "x"))
    assert "reason" in one_error_line(run(tmp_path, "split", second, "--reason", " "))
    assert run(tmp_path, "split", second).returncode != 0  # --reason is required
