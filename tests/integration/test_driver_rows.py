"""`driver_rows`, the driver-cursor read behind the log's head and the checkpoints (/health, the page
cache's key), on SQLite and PostgreSQL: rows as the database holds them, and a failed read raised as
SQLAlchemy's DBAPIError with its connection usable again, so /health can answer 503 instead of a 500."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import DBAPIError

from timeline.bootstrap import bootstrap
from timeline.config import Settings
from timeline.domain.events import ReportReceived, report_stream
from timeline.domain.serialization import to_new_event
from timeline.store.sql import driver_rows


@pytest.fixture(params=["sqlite", "postgres"])
def application(request: pytest.FixtureRequest):
    app = bootstrap(Settings(database_url=str(request.getfixturevalue(f"{request.param}_url"))))
    yield app
    app.close()


def test_checkpoints_read_through_the_driver_match_the_projections(application) -> None:
    application.project()
    positions = application.runner.positions()
    assert set(positions) == set(application.runner.projections)
    mark = "?" if application.runner.engine.dialect.name == "sqlite" else "%s"
    sql = f"SELECT position FROM projection_checkpoints WHERE name = {mark}"
    named = driver_rows(application.runner.engine, sql, ("timeline",))
    assert named == [(positions["timeline"],)]


def test_a_failed_read_is_a_dbapi_error_and_the_next_read_works(application) -> None:
    engine = application.runner.engine
    for _ in range(engine.pool.size() + 2):  # more failures than pooled connections: none left broken
        with pytest.raises(DBAPIError) as failed:
            driver_rows(engine, "SELECT position FROM no_such_table")
        assert "no_such_table" in str(failed.value)
    assert application.health()["database"] == "ok"


def test_health_never_shows_a_projection_ahead_of_the_log(application) -> None:
    """Another process appends and catches up between /health's two reads: every lag is zero (never
    negative), and the status says the projections are caught up."""
    application.project()
    read_checkpoints = application.runner.positions

    def written_meanwhile() -> dict[str, int]:
        received = ReportReceived(event_id="health-race-rr", report_id="health-race", source="Outlet",
                                  received_at=datetime(2016, 1, 1, tzinfo=UTC), text="words")  # fmt: skip
        application.store.append(report_stream("health-race"), [to_new_event(received)], 0)
        application.project()
        return read_checkpoints()

    application.runner.positions = written_meanwhile  # the other process's write, as the reads interleave
    report = application.health()
    assert report["lag"] and min(report["lag"].values()) == 0
    assert report["status"] == "ok"
