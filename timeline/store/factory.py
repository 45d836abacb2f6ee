"""Open the event store a database URL names: SQLite file or PostgreSQL (psycopg 3)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError

from timeline.store.postgres import PostgresEventStore
from timeline.store.sql import SqlEventStore
from timeline.store.sqlite import SQLiteEventStore

_POSTGRES_DRIVERS = {"postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2"}
_SQLITE_DRIVERS = {"sqlite", "sqlite+pysqlite"}


def open_store(url: str, *, create: bool = True) -> SqlEventStore:
    """Open (and unless `create=False`, create the table and triggers of) the event store at `url`.

    - `sqlite:///relative/path.db` or `sqlite:////absolute/path.db`: one SQLite file (in-memory is refused:
      its connections would not share one database).
    - `postgresql://user@host:5432/db`, `postgres://...`, `postgresql+psycopg2://...`: all opened with the
      psycopg 3 driver (`postgresql+psycopg://`).
    - PostgreSQL schema: add `?options=-csearch_path%3Dmyschema` to keep the tables in `myschema`
      (created if missing), e.g. so tests or parallel users each have their own log in one database.

    The store's `engine` is its SQLAlchemy Engine, for projections to share; `store.write_transaction()`
    (or `timeline.store.write_transaction(engine)`) opens a transaction that reads then writes safely on
    both databases, and `store.append_in(conn, ...)` appends inside it.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise ValueError(f"not a database URL: {url!r}") from error
    driver = parsed.drivername
    if driver in _SQLITE_DRIVERS:
        if not parsed.database or parsed.database == ":memory:":
            raise ValueError(f"SQLite URL needs a file path, like sqlite:///timeline.db (got {url!r})")
        folder = Path(parsed.database).absolute().parent
        if not folder.is_dir():
            raise ValueError(f"cannot open SQLite file {parsed.database!r}: no directory {str(folder)!r}")
        return SQLiteEventStore(
            parsed.set(drivername="sqlite").render_as_string(hide_password=False), create=create
        )
    if driver in _POSTGRES_DRIVERS:
        normalised = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        return PostgresEventStore(normalised, create=create)
    raise ValueError(f"unsupported database URL scheme {driver!r}: use sqlite:///FILE or postgresql://...")
