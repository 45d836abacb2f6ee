"""The shared event store suite on SQLite, plus what only SQLite has: WAL, separate processes, the factory."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.integration.store_contract import SqlEventStoreContract, batch
from timeline.store.base import EventStore
from timeline.store.factory import open_store
from timeline.store.sqlite import SORTER_THREADS, WAL_CHECKPOINT_PAGES, SQLiteEventStore

_RACER = """
import sys
from timeline.store.base import ConcurrencyError, NewEvent
from timeline.store.factory import open_store
store = open_store(sys.argv[1])
try:
    store.append("contested", [NewEvent(sys.argv[2], "Race", 1, {})], 0)
    print("won")
except ConcurrencyError as error:
    print("conflict", error.actual)
"""


class TestSQLiteEventStore(SqlEventStoreContract):
    @pytest.fixture
    def store(self, sqlite_url: str) -> Iterator[EventStore]:
        store = open_store(sqlite_url)
        yield store
        store.close()

    @pytest.fixture
    def reopen(self, sqlite_url: str) -> Callable[[], EventStore]:
        return lambda: open_store(sqlite_url)

    def test_uses_wal_and_waits_for_locks(self, store: SQLiteEventStore) -> None:
        assert isinstance(store, SQLiteEventStore)
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30_000
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL: each commit fsynced
            assert conn.execute(text("PRAGMA wal_autocheckpoint")).scalar() == WAL_CHECKPOINT_PAGES
            assert conn.execute(text("PRAGMA secure_delete")).scalar() == 0  # Debian's build says 1
            assert conn.execute(text("PRAGMA threads")).scalar() == SORTER_THREADS

    def test_writers_in_separate_processes_exactly_one_wins(self, store: EventStore, sqlite_url: str) -> None:
        store.append("warm-up", batch(1), 0)  # the file and its schema exist before the racers start
        racers = [
            subprocess.Popen(
                [sys.executable, "-c", _RACER, sqlite_url, f"racer-{i}"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for i in range(4)
        ]
        outcomes = []
        for racer in racers:
            out, err = racer.communicate(timeout=120)
            assert racer.returncode == 0, err
            outcomes.append(out.strip())
        assert sorted(outcomes) == ["conflict 1"] * 3 + ["won"]
        assert [e.stream_version for e in store.read_stream("contested")] == [1]


def test_factory_refuses_memory_missing_folders_and_unknown_urls(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no directory"):
        open_store(f"sqlite:///{tmp_path / 'missing' / 'timeline.db'}")
    for url in ("sqlite://", "sqlite:///:memory:"):
        with pytest.raises(ValueError, match="file path"):
            open_store(url)
    with pytest.raises(ValueError, match="unsupported"):
        open_store("mysql://localhost/db")
    with pytest.raises(ValueError, match="not a database URL"):
        open_store("timeline.db")


def test_append_in_needs_a_write_transaction_on_sqlite(sqlite_url: str) -> None:
    store = SQLiteEventStore(sqlite_url)
    try:
        with pytest.raises(ValueError, match="write_transaction"), store.engine.begin() as conn:
            store.append_in(conn, "s", batch(1), 0)
        assert store.last_position() == 0
    finally:
        store.close()
