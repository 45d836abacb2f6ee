"""The SQL recorder both backends share: append under the backend's write lock, read by index ranges."""

from __future__ import annotations

import abc
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from timeline.store.base import (
    ConcurrencyError,
    EventStore,
    NewEvent,
    Recorded,
    StoredEvent,
    check_batch,
    duplicate,
)
from timeline.store.codec import dump_json

_COLUMNS = "position, stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at"
# Driver-level SQL ({p} is the driver's placeholder): the append and read paths skip SQLAlchemy's statement
# and row machinery, which cost more than the database work on small appends and long reads.
_READ_ALL = f"SELECT {_COLUMNS} FROM events WHERE position > {{p}} ORDER BY position LIMIT {{p}}"
_READ_STREAM = (f"SELECT {_COLUMNS} FROM events WHERE stream_id = {{p}} AND stream_version > {{p}} "
                "ORDER BY stream_version")  # fmt: skip
_STREAM_VERSION = "SELECT COALESCE(MAX(stream_version), 0) FROM events WHERE stream_id = {p}"
_LAST_POSITION = "SELECT COALESCE(MAX(position), 0) FROM events"
_VERSION_AND_HEAD = (  # one round trip for both, under the write lock
    "SELECT (SELECT COALESCE(MAX(stream_version), 0) FROM events WHERE stream_id = {p}), "
    "(SELECT COALESCE(MAX(position), 0) FROM events)"
)
_STREAM_OF = "SELECT stream_id FROM events WHERE event_id = {p}"
_STORED_IDS = "SELECT event_id, position FROM events WHERE event_id IN ({marks})"


# Execution option marking a connection that will write: on SQLite its transaction begins with
# BEGIN IMMEDIATE (see timeline.store.sqlite); PostgreSQL ignores it.
WRITE_OPTION = "timeline_write"


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that may write, on an engine from `open_store`: commits on success, rolls back on error.

    Use it (not `engine.begin()`) for any transaction that reads and then writes, e.g. a projection's
    checkpoint: on SQLite it holds the write lock from the start, so a writer committing in between cannot
    make it fail with "database is locked"; on PostgreSQL it is a plain transaction.
    """
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            yield conn


def driver_rows(engine: Engine, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    """The rows of one read through the driver's own cursor on a pooled connection: for the small look-ups
    asked on every request (the log's head, the checkpoints), where SQLAlchemy's execution costs several
    times the query. A driver error, connecting or reading, is raised as SQLAlchemy's would be
    (DBAPIError), so callers handle one family of database errors."""
    failure = engine.dialect.loaded_dbapi.Error
    try:
        connection = engine.raw_connection()  # back to the pool, rolled back, on close()
        try:
            cursor = connection.cursor()
            try:
                cursor.execute(sql, params)
                return list(cursor.fetchall())
            finally:
                cursor.close()
        finally:
            connection.close()
    except failure as exc:
        raise DBAPIError.instance(sql, params, exc, failure) from exc


class SqlEventStore(EventStore):
    """An EventStore over one SQLAlchemy engine; subclasses supply the write lock and value codecs.

    `engine` is public so projections can share the database and, through `write_transaction()` and
    `append_in()`, one transaction with an append.
    """

    _json_placeholder = "{}"  # how a JSON text parameter is written into the INSERT
    _mark = "?"  # the driver's placeholder

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        values = ", ".join(
            self._mark if name not in ("data", "metadata") else self._json_placeholder.format(self._mark)
            for name in _COLUMNS.split(", ")
        )
        self._insert = f"INSERT INTO events ({_COLUMNS}) VALUES ({values})"
        self._sql = {name: sql.format(p=self._mark) for name, sql in (
            ("read_all", _READ_ALL), ("read_stream", _READ_STREAM), ("stream_version", _STREAM_VERSION),
            ("last_position", _LAST_POSITION), ("version_and_head", _VERSION_AND_HEAD),
            ("stream_of", _STREAM_OF))}  # fmt: skip

    # -- backend hooks ----------------------------------------------------------------------------
    def lock_for_append(self, conn: Connection) -> None:
        """Make this transaction the only writer of the log until it ends (backend specific)."""

    def _begin_append(self, cursor: Any) -> None:
        """Start an append transaction holding the write lock, on a driver cursor."""

    def _end_append(self, raw: Any, cursor: Any, commit: bool) -> None:
        if commit:
            raw.commit()
        else:
            raw.rollback()

    def _recorded_at_param(self, when: datetime) -> Any:
        return when

    def _event_key(self, event_id: str) -> Any:
        """An event id as the backend stores and looks it up (the inverse is the backend's `_to_stored`)."""
        return event_id

    def _event_id(self, key: Any) -> str:
        return str(key)

    @abc.abstractmethod
    def _to_stored(self, row: Any) -> StoredEvent:
        """One selected row (in `_COLUMNS` order) as a StoredEvent."""

    def write_transaction(self) -> AbstractContextManager[Connection]:
        """`write_transaction(self.engine)`: the transaction to pass to `append_in`."""
        return write_transaction(self.engine)

    # -- writing ----------------------------------------------------------------------------------
    def record(self, stream_id: str, events: Sequence[NewEvent], expected_version: int) -> Recorded:
        rows = self._validated_rows(stream_id, events, expected_version)
        try:
            # On a pooled driver connection, without SQLAlchemy's connection and transaction objects: for a
            # report-sized append they cost more than all the database's work but the commit.
            raw = self.engine.raw_connection()
            try:
                cursor = raw.cursor()
                try:
                    self._begin_append(cursor)
                    try:
                        recorded = self._append_rows(cursor, stream_id, events, rows, expected_version)
                    except BaseException:
                        self._end_append(raw, cursor, commit=False)
                        raise
                    self._end_append(raw, cursor, commit=True)
                finally:
                    cursor.close()
            finally:
                raw.close()
            return recorded
        except LostAppendRace:
            # The transaction has been rolled back: look again with a fresh one to say why.
            with self.engine.connect() as conn:
                cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
                stored = self._stored_positions(cursor, [e.event_id for e in events])
                cursor.close()
            if len(stored) == len(events):  # the other writer stored this very batch: this call did not
                return Recorded([stored[e.event_id] for e in events], False)
            if stored:
                raise duplicate(stream_id, list(stored)) from None
            actual = self.stream_version(stream_id)
            if actual == expected_version:
                raise  # the stream is as expected: the clash was over a global position
            raise ConcurrencyError(stream_id, expected_version, actual) from None

    def append_in(
        self, conn: Connection, stream_id: str, events: Sequence[NewEvent], expected_version: int
    ) -> list[int]:
        """Append inside the caller's transaction (begun with `write_transaction()`); see `append`. A batch
        whose ids another stream holds already makes the transaction fail (`append` then says why)."""
        rows = self._validated_rows(stream_id, events, expected_version)
        self.lock_for_append(conn)
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            return self._append_rows(cursor, stream_id, events, rows, expected_version).positions
        finally:
            cursor.close()

    def _append_rows(self, cursor: Any, stream_id: str, events: Sequence[NewEvent],
                     rows: list[tuple[Any, ...]], expected_version: int) -> Recorded:  # fmt: skip
        """The append itself, on a driver cursor whose transaction holds the write lock."""
        cursor.execute(self._sql["version_and_head"], (stream_id,))
        actual, head = cursor.fetchall()[0]
        if actual != expected_version:  # a retry of a stored batch, a duplicate, or a lost race
            stored = self._stored_positions(cursor, [e.event_id for e in events])
            if len(stored) == len(events):
                return Recorded([stored[e.event_id] for e in events], False)
            if stored:
                raise duplicate(stream_id, list(stored))
            raise ConcurrencyError(stream_id, expected_version, actual)
        recorded_at = self._recorded_at_param(datetime.now(UTC))
        params = [(head + 1 + i, stream_id, expected_version + 1 + i, *row, recorded_at)
                  for i, row in enumerate(rows)]  # fmt: skip
        try:
            cursor.executemany(self._insert, params)
        except self.engine.dialect.dbapi.IntegrityError as error:  # type: ignore[union-attr]
            # Ids stored in another stream (the unique index says so), or a writer that skipped the lock.
            raise LostAppendRace(stream_id, expected_version, actual) from error
        return Recorded([param[0] for param in params], True)

    def _validated_rows(
        self, stream_id: str, events: Sequence[NewEvent], expected_version: int
    ) -> list[tuple[Any, ...]]:
        """(event id's key, type, schema_version, data, metadata) per event, in `_COLUMNS` order. Encoded
        before any lock is taken, so a value JSON cannot hold fails without blocking writers."""
        check_batch(stream_id, events, expected_version)
        key = self._event_key
        return [(key(e.event_id), e.type, e.schema_version, dump_json(e.data), dump_json(e.metadata))
                for e in events]  # fmt: skip

    def _stored_positions(self, cursor: Any, event_ids: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for part in range(0, len(event_ids), 500):
            ids = event_ids[part : part + 500]
            cursor.execute(_STORED_IDS.format(marks=", ".join([self._mark] * len(ids))),
                           [self._event_key(i) for i in ids])
            found.update({self._event_id(row[0]): row[1] for row in cursor.fetchall()})
        return found

    # -- reading ----------------------------------------------------------------------------------
    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        return driver_rows(self.engine, self._sql[sql], params)

    def read_stream(self, stream_id: str, after_version: int = 0) -> list[StoredEvent]:
        return [self._to_stored(row) for row in self._rows("read_stream", (stream_id, after_version))]

    def read_all(self, after_position: int = 0, limit: int = 1000) -> list[StoredEvent]:
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        return [self._to_stored(row) for row in self._rows("read_all", (after_position, limit))]

    def stream_version(self, stream_id: str) -> int:
        return int(self._rows("stream_version", (stream_id,))[0][0])

    def last_position(self) -> int:
        return int(self._rows("last_position")[0][0])

    def stream_of(self, event_id: str) -> str | None:
        rows = self._rows("stream_of", (self._event_key(event_id),))
        return str(rows[0][0]) if rows else None

    def close(self) -> None:
        self.engine.dispose()


class LostAppendRace(ConcurrencyError):
    """Another transaction stored a clashing row first (only possible for a writer that skipped the
    write lock, or read under a stale snapshot); `append` re-reads to say what clashed."""

    def __init__(self, stream_id: str, expected: int, actual: int) -> None:
        super().__init__(stream_id, expected, actual)
        self.args = (f"stream {stream_id!r}: another writer appended first (expected version {expected})",)
