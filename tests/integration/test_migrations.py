"""Migrations of the log's tables (Alembic): the revision the code calls newest is the scripts' head; a
database made by the previous release (main at 6f714c7, before migrations: no alembic_version) is
upgraded by `timeline db upgrade` and then rebuilds, projects and exports; a first-release checkpoint table
is replaced (see test_projection_framework); and opening an upgraded database again changes nothing."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from timeline.bootstrap import opened
from timeline.config import Settings
from timeline.domain.events import ReportReceived, report_stream
from timeline.domain.serialization import to_new_event
from timeline.query.filters import TimelineFilter
from timeline.store.base import DuplicateEventError, NewEvent, Recorded
from timeline.store.factory import open_store
from timeline.store.schema import HEAD, current_revision
from timeline.store.sql import SqlEventStore

PREVIOUS_RELEASE = Path(__file__).resolve().parent.parent / "data" / "release-6f714c7.sql"


def test_the_newest_revision_the_code_knows_is_the_scripts_head() -> None:
    config = Config()
    config.set_main_option("script_location", "timeline.store:migrations")
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def timeline_cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TIMELINE_DATABASE_URL": url}
    command = [sys.executable, "-c", "from timeline.cli import app; app()", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, check=False)


@pytest.fixture
def previous_release(tmp_path: Path) -> str:
    """A SQLite file as the previous release left it: three reports, projected, no migration table."""
    path = tmp_path / "previous.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(PREVIOUS_RELEASE.read_text())
    return f"sqlite:///{path}"


def test_a_database_of_the_previous_release_is_upgraded_and_still_works(previous_release: str) -> None:
    engine = create_engine(previous_release)
    assert current_revision(engine) is None
    done = timeline_cli(previous_release, "db", "upgrade")
    assert done.returncode == 0, done.stderr
    assert f"revision {HEAD} (was none)" in done.stdout
    assert current_revision(engine) == HEAD
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM events")).scalar_one() == 6
    exported = timeline_cli(previous_release, "export", "--format", "jsonl")
    assert exported.returncode == 0, exported.stderr
    rows = [json.loads(line) for line in exported.stdout.splitlines() if line.strip()]
    assert sorted(r["id"] for r in rows if "id" in r) == ["prev0-0", "prev1-0", "prev2-0"]
    with opened(Settings(database_url=previous_release)) as app:
        assert app.rebuild()["timeline"] == 6
        assert app.queries.timeline(TimelineFilter(), None, 10)["total"] == 3
    assert current_revision(engine) == HEAD
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_store_made_before_migrations_is_stamped_and_upgraded_in_place(
    backend: str, request: pytest.FixtureRequest
) -> None:
    url = str(request.getfixturevalue(f"{backend}_url"))
    with opened(Settings(database_url=url)) as app:
        received = ReportReceived(event_id="e1", report_id="r1", received_at=datetime(2016, 1, 1, tzinfo=UTC),
                                  text="Words.")  # fmt: skip
        app.store.append(report_stream("r1"), [to_new_event(received)], 0)
        positions = app.project()
        with app.store.engine.begin() as conn:  # the previous release's tables: this release's, no Alembic
            conn.execute(text("DROP TABLE alembic_version"))
    with opened(Settings(database_url=url)) as app:
        assert current_revision(app.store.engine) == HEAD
        assert app.runner.positions() == positions  # checkpoints kept: nothing rebuilt, nothing lost
        assert [e.event_id for e in app.store.read_all()] == ["e1"]


def _downgrade(url: str, revision: str) -> None:
    from alembic import command

    engine = create_engine(url)
    with engine.begin() as conn:
        config = Config()
        config.set_main_option("script_location", "timeline.store:migrations")
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
    engine.dispose()


def _stored_ids(path: Path) -> list[tuple[str, object]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT typeof(event_id), event_id FROM events ORDER BY position").fetchall()


def test_sqlite_ids_stored_as_text_by_revision_0003_are_rekeyed_and_still_found(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    url = f"sqlite:///{path}"
    ids = [str(uuid.uuid4()), str(uuid.uuid4()), "not-a-uuid"]
    batch = [NewEvent(i, "Kind", 1, {"n": n}, {}) for n, i in enumerate(ids)]
    store = open_store(url)
    store.append("report-a", batch, 0)
    store.close()
    assert [kind for kind, _ in _stored_ids(path)] == ["blob", "blob", "text"]
    _downgrade(url, "0003")  # as a release before 0004 stored them
    assert _stored_ids(path) == [("text", i) for i in ids]

    store = open_store(url)  # upgrades to the head again
    assert isinstance(store, SqlEventStore) and current_revision(store.engine) == HEAD
    assert [kind for kind, _ in _stored_ids(path)] == ["blob", "blob", "text"]
    assert [e.event_id for e in store.read_all()] == ids
    assert store.record("report-a", batch, 0) == Recorded([1, 2, 3], False)  # a retry, found by its keys
    with pytest.raises(DuplicateEventError):
        store.append("report-b", [batch[0], NewEvent(str(uuid.uuid4()), "Kind", 1, {}, {})], 0)
    assert store.stream_of(ids[1]) == "report-a"
    store.close()
    with sqlite3.connect(path) as conn, pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE events SET type = 'Other'")  # the guard lifted for the rewrite is back
