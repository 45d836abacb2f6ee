"""The SQLite event store: WAL so readers never wait, BEGIN IMMEDIATE so appending writers queue up."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event

from timeline.store.base import StoredEvent
from timeline.store.codec import dump_json, event_key, event_text, load_json
from timeline.store.schema import upgrade
from timeline.store.sql import WRITE_OPTION, SqlEventStore

# Pages the WAL may hold before a commit copies them into the database file (SQLite's default: 1,000, 4 MB).
# An append batch dirties index leaves at random places; the longer the WAL, the more often a leaf written
# by several commits is copied back once (batches of 1,000: +11%). Kept under the 4,096 frames of the
# WAL index's first hash block, past which every page read probes more blocks (10,000: reports of 8, -3%).
# Durability is the same: a commit is fsynced in the WAL either way.
WAL_CHECKPOINT_PAGES = 4_000
# Debian's and Ubuntu's SQLite are built to zero every freed page (secure_delete on; SQLite's own default is
# off), so swapping in a rebuilt timeline wrote the old tables' gigabyte of zeros into the WAL (20 s of a
# 121 s rebuild at 1M events). Nothing deleted here needs scrubbing: projection rows are derived from the
# log, which keeps every event anyway, and API keys are stored as hashes and revoked in place.
SECURE_DELETE = "OFF"
# Helper threads SQLite's sorter may use for a large sort (CREATE INDEX, GROUP BY over a million rows): a
# rebuild builds its indexes by sorting (1M rows: 1.4 s -> 0.9 s for the event-id index on two cores).
# Small sorts stay on the calling thread.
SORTER_THREADS = 2


def sqlite_engine(url: str, busy_timeout_ms: int = 30_000, synchronous: str = "FULL") -> Engine:
    """An engine whose connections use WAL and wait `busy_timeout_ms` for a lock instead of failing.

    pysqlite's own transaction handling is switched off so SQLAlchemy's "begin" emits the BEGIN itself:
    plain (deferred) BEGIN for readers, BEGIN IMMEDIATE for connections carrying WRITE_OPTION.
    """
    if synchronous.upper() not in ("OFF", "NORMAL", "FULL", "EXTRA"):
        raise ValueError(f"unknown SQLite synchronous mode {synchronous!r}")
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
                           json_serializer=dump_json, json_deserializer=load_json)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute(f"PRAGMA synchronous = {synchronous.upper()}")
        cursor.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
        cursor.execute(f"PRAGMA secure_delete = {SECURE_DELETE}")
        cursor.execute(f"PRAGMA threads = {SORTER_THREADS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "BEGIN")

    return engine


class SQLiteEventStore(SqlEventStore):
    """Event store in one SQLite file (`sqlite:///path.db`); creates the schema when it is missing."""

    def __init__(self, url: str, *, synchronous: str = "FULL", create: bool = True) -> None:
        super().__init__(sqlite_engine(url, synchronous=synchronous))
        if create:
            upgrade(self.engine)

    def lock_for_append(self, conn: Connection) -> None:
        """SQLite cannot take the write lock mid-transaction without risking SQLITE_BUSY, so the
        transaction must have begun holding it."""
        if not conn.get_execution_options().get(WRITE_OPTION):
            raise ValueError("on SQLite, append_in needs a connection from store.write_transaction()")

    def _begin_append(self, cursor: Any) -> None:
        cursor.execute("BEGIN IMMEDIATE")  # the driver is in autocommit mode (see sqlite_engine)

    def _end_append(self, raw: Any, cursor: Any, commit: bool) -> None:
        if commit:
            cursor.execute("COMMIT")
        elif raw.driver_connection.in_transaction:
            cursor.execute("ROLLBACK")

    def _recorded_at_param(self, when: datetime) -> str:
        return when.isoformat()  # keeps the +00:00 offset, so it reads back timezone-aware

    def _event_key(self, event_id: str) -> str | bytes:
        return event_key(event_id)  # a UUID as 16 bytes (migration 0004 converted the ids stored before)

    def _event_id(self, key: str | bytes) -> str:
        return event_text(key)

    def _to_stored(self, row: Any) -> StoredEvent:
        # Unpacked once: much cheaper than indexing the row nine times, on the path rebuilds stream through.
        position, stream_id, version, event_id, type_, schema_version, data, metadata, recorded_at = row
        return StoredEvent(
            position,
            stream_id,
            version,
            event_text(event_id),
            type_,
            schema_version,
            load_json(data),
            load_json(metadata),
            datetime.fromisoformat(recorded_at),
        )
