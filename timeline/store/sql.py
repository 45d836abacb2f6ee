"""The SQL recorder both backends share: append under the backend's write lock, read by index ranges."""

from __future__ import annotations

import abc
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, text
from sqlalchemy.exc import IntegrityError

from timeline.store.base import (
    ConcurrencyError,
    EventStore,
    NewEvent,
    StoredEvent,
    check_batch,
    duplicate,
)
from timeline.store.codec import dump_json

_COLUMNS = "position, stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at"
_READ_ALL = text(f"SELECT {_COLUMNS} FROM events WHERE position > :after ORDER BY position LIMIT :limit")
_READ_STREAM = text(
    f"SELECT {_COLUMNS} FROM events WHERE stream_id = :stream AND stream_version > :after "
    "ORDER BY stream_version"
)
_STREAM_VERSION = text("SELECT COALESCE(MAX(stream_version), 0) FROM events WHERE stream_id = :stream")
_LAST_POSITION = text("SELECT COALESCE(MAX(position), 0) FROM events")
_VERSION_AND_HEAD = text(  # one round trip for both, under the write lock
    "SELECT (SELECT COALESCE(MAX(stream_version), 0) FROM events WHERE stream_id = :stream), "
    "(SELECT COALESCE(MAX(position), 0) FROM events)"
)
_STREAM_OF = text("SELECT stream_id FROM events WHERE event_id = :id")
_STORED_IDS = text("SELECT event_id, position FROM events WHERE event_id IN :ids").bindparams(
    bindparam("ids", expanding=True)
)


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


class SqlEventStore(EventStore):
    """An EventStore over one SQLAlchemy engine; subclasses supply the write lock and value codecs.

    `engine` is public so projections can share the database and, through `write_transaction()` and
    `append_in()`, one transaction with an append.
    """

    _json_placeholder = "{}"  # how a JSON text parameter is written into the INSERT

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        values = ", ".join(
            f":{name}" if name not in ("data", "metadata") else self._json_placeholder.format(f":{name}")
            for name in _COLUMNS.split(", ")
        )
        self._insert = text(f"INSERT INTO events ({_COLUMNS}) VALUES ({values})")

    # -- backend hooks ----------------------------------------------------------------------------
    def lock_for_append(self, conn: Connection) -> None:
        """Make this transaction the only writer of the log until it ends (backend specific)."""

    def _recorded_at_param(self, when: datetime) -> Any:
        return when

    @abc.abstractmethod
    def _to_stored(self, row: Any) -> StoredEvent:
        """One selected row (in `_COLUMNS` order) as a StoredEvent."""

    def write_transaction(self) -> AbstractContextManager[Connection]:
        """`write_transaction(self.engine)`: the transaction to pass to `append_in`."""
        return write_transaction(self.engine)

    # -- writing ----------------------------------------------------------------------------------
    def append(self, stream_id: str, events: Sequence[NewEvent], expected_version: int) -> list[int]:
        try:
            with self.write_transaction() as conn:
                return self.append_in(conn, stream_id, events, expected_version)
        except LostAppendRace:
            # The transaction has been rolled back: look again with a fresh one to say why.
            with self.engine.connect() as conn:
                stored = self._stored_positions(conn, [e.event_id for e in events])
                if len(stored) == len(events):
                    return [stored[e.event_id] for e in events]
                if stored:
                    raise duplicate(stream_id, list(stored)) from None
                actual = conn.execute(_STREAM_VERSION, {"stream": stream_id}).scalar_one()
            if actual == expected_version:
                raise  # the stream is as expected: the clash was over a global position
            raise ConcurrencyError(stream_id, expected_version, actual) from None

    def append_in(
        self, conn: Connection, stream_id: str, events: Sequence[NewEvent], expected_version: int
    ) -> list[int]:
        """Append inside the caller's transaction (begun with `write_transaction()`); see `append`."""
        rows = _validated_rows(stream_id, events, expected_version)
        self.lock_for_append(conn)
        stored = self._stored_positions(conn, [row["event_id"] for row in rows])
        if len(stored) == len(rows):
            return [stored[row["event_id"]] for row in rows]  # a retry of a batch already stored
        if stored:
            raise duplicate(stream_id, list(stored))
        actual, head = conn.execute(_VERSION_AND_HEAD, {"stream": stream_id}).one()
        if actual != expected_version:
            raise ConcurrencyError(stream_id, expected_version, actual)
        first = head + 1
        recorded_at = self._recorded_at_param(datetime.now(UTC))
        for offset, row in enumerate(rows):
            row["position"] = first + offset
            row["stream_version"] = expected_version + 1 + offset
            row["recorded_at"] = recorded_at
        try:
            conn.execute(self._insert, rows)
        except IntegrityError as error:
            # Only a writer that skipped the lock (or a stale snapshot) can get here.
            raise LostAppendRace(stream_id, expected_version, actual) from error
        return [row["position"] for row in rows]

    def _stored_positions(self, conn: Connection, event_ids: list[str]) -> dict[str, int]:
        return {row[0]: row[1] for row in conn.execute(_STORED_IDS, {"ids": event_ids})}

    # -- reading ----------------------------------------------------------------------------------
    def read_stream(self, stream_id: str, after_version: int = 0) -> list[StoredEvent]:
        with self.engine.connect() as conn:
            rows = conn.execute(_READ_STREAM, {"stream": stream_id, "after": after_version}).all()
        return [self._to_stored(row) for row in rows]

    def read_all(self, after_position: int = 0, limit: int = 1000) -> list[StoredEvent]:
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        with self.engine.connect() as conn:
            rows = conn.execute(_READ_ALL, {"after": after_position, "limit": limit}).all()
        return [self._to_stored(row) for row in rows]

    def stream_version(self, stream_id: str) -> int:
        with self.engine.connect() as conn:
            return conn.execute(_STREAM_VERSION, {"stream": stream_id}).scalar_one()

    def last_position(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(_LAST_POSITION).scalar_one()

    def stream_of(self, event_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(_STREAM_OF, {"id": event_id}).scalar()

    def close(self) -> None:
        self.engine.dispose()


class LostAppendRace(ConcurrencyError):
    """Another transaction stored a clashing row first (only possible for a writer that skipped the
    write lock, or read under a stale snapshot); `append` re-reads to say what clashed."""

    def __init__(self, stream_id: str, expected: int, actual: int) -> None:
        super().__init__(stream_id, expected, actual)
        self.args = (f"stream {stream_id!r}: another writer appended first (expected version {expected})",)


def _validated_rows(stream_id: str, events: Sequence[NewEvent], expected_version: int) -> list[dict]:
    check_batch(stream_id, events, expected_version)
    # Encoded before any lock is taken, so a value JSON cannot hold fails without blocking writers.
    return [
        {
            "stream_id": stream_id,
            "event_id": e.event_id,
            "type": e.type,
            "schema_version": e.schema_version,
            "data": dump_json(e.data),
            "metadata": dump_json(e.metadata),
        }
        for e in events
    ]
