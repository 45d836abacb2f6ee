"""Shared fixtures: database URLs for a throw-away SQLite file and a fresh PostgreSQL schema.

PostgreSQL tests read TIMELINE_TEST_POSTGRES_URL and are skipped, with the reason, when it is unset or
the server does not answer, unless TIMELINE_REQUIRE_POSTGRES=1 (or --require-postgres): then they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError

POSTGRES_URL_ENV = "TIMELINE_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "TIMELINE_REQUIRE_POSTGRES"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--require-postgres",
        action="store_true",
        help=f"fail, not skip, PostgreSQL tests when no server answers (or {REQUIRE_POSTGRES_ENV}=1)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:  # so `-m "not postgres"` deselects everything that needs the server
        if {"postgres_url", "postgres_url_module"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


def _postgres_problem(url: str | None) -> str | None:
    if not url:
        return f"{POSTGRES_URL_ENV} is not set"
    engine = create_engine(url, connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as error:
        reason = str(error.orig or error).strip().splitlines()[0]
        return f"PostgreSQL at {make_url(url).render_as_string()} does not answer: {reason}"
    finally:
        engine.dispose()
    return None


@pytest.fixture(scope="session")
def postgres_server(request: pytest.FixtureRequest) -> str:
    """URL (psycopg 3 driver) of the test PostgreSQL database; skips, or fails when it is required."""
    raw = os.environ.get(POSTGRES_URL_ENV)
    url = make_url(raw).set(drivername="postgresql+psycopg").render_as_string(False) if raw else None
    problem = _postgres_problem(url)
    if problem:
        required = (
            request.config.getoption("--require-postgres") or os.environ.get(REQUIRE_POSTGRES_ENV) == "1"
        )
        if required:
            pytest.fail(f"PostgreSQL is required ({REQUIRE_POSTGRES_ENV}=1) but {problem}", pytrace=False)
        pytest.skip(f"PostgreSQL tests skipped: {problem}")
    assert url is not None
    return url


@contextmanager
def fresh_schema(postgres_server: str) -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh, empty schema, dropped on leaving."""
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(postgres_server)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(postgres_server).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text("SET LOCAL lock_timeout = '20s'"))
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh, empty schema, dropped after the test.

    Close (dispose) every engine opened on it before the test ends, or the drop waits for it.
    """
    with fresh_schema(postgres_server) as url:
        yield url


@pytest.fixture(scope="module")
def postgres_url_module(postgres_server: str) -> Iterator[str]:
    """The same, shared by a module's tests (one server started over it for the module)."""
    with fresh_schema(postgres_server) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A URL for a new SQLite file in the test's own temporary directory."""
    return f"sqlite:///{tmp_path / 'timeline.db'}"
