"""The shared event store suite on PostgreSQL, plus TRUNCATE, schemas via the URL and late commits."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.exc import DBAPIError

from tests.integration.store_contract import SqlEventStoreContract, batch
from timeline.store.base import EventStore, StoredEvent
from timeline.store.factory import open_store
from timeline.store.postgres import PostgresEventStore, search_path_schema


class TestPostgresEventStore(SqlEventStoreContract):
    @pytest.fixture
    def store(self, postgres_url: str) -> Iterator[EventStore]:
        store = open_store(postgres_url)
        yield store
        store.close()

    @pytest.fixture
    def reopen(self, postgres_url: str) -> Callable[[], EventStore]:
        return lambda: open_store(postgres_url)

    @pytest.mark.parametrize(
        "statement",
        ["TRUNCATE events", "UPDATE events SET type = 'x' WHERE false", "DELETE FROM events WHERE false"],
    )
    def test_truncate_and_even_empty_updates_are_refused(
        self, store: PostgresEventStore, statement: str
    ) -> None:
        store.append("s", batch(2), 0)
        with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as conn:
            conn.execute(text(statement))
        assert len(store.read_all()) == 2

    @pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg2"])
    def test_any_postgres_scheme_opens_with_psycopg3_in_the_url_schema(
        self, store: PostgresEventStore, postgres_url: str, scheme: str
    ) -> None:
        store.append("s", batch(1), 0)
        url = make_url(postgres_url).set(drivername=scheme).render_as_string(hide_password=False)
        opened = open_store(url)
        try:
            assert isinstance(opened, PostgresEventStore)
            assert opened.engine.dialect.driver == "psycopg"
            assert [e.stream_id for e in opened.read_all()] == ["s"]
            with opened.engine.connect() as conn:
                current = conn.execute(text("SELECT current_schema()")).scalar()
            assert current == search_path_schema(postgres_url)
        finally:
            opened.close()

    def test_a_schema_in_the_url_isolates_the_log_and_is_created(
        self, store: EventStore, postgres_url: str
    ) -> None:
        store.append("s", batch(2), 0)
        base = make_url(postgres_url)
        own = f"{search_path_schema(postgres_url)}_b"
        url = base.set(drivername="postgresql").update_query_dict({"options": f"-csearch_path={own}"})
        other = open_store(url.render_as_string(hide_password=False))
        try:
            assert other.read_all() == []
            assert other.append("s", batch(1), 0) == [1]
            assert store.last_position() == 2
        finally:
            other.close()
            with store.engine.begin() as conn:  # type: ignore[attr-defined]
                conn.execute(text(f'DROP SCHEMA "{own}" CASCADE'))

    def test_a_late_committing_append_is_never_skipped_by_a_tailing_reader(
        self, store: PostgresEventStore, reopen: Callable[[], EventStore]
    ) -> None:
        store.append("seed", batch(2), 0)
        cursor = store.last_position()
        writer = reopen()
        assert isinstance(writer, PostgresEventStore)
        with writer.engine.connect() as conn:  # the connection its append will use (pool of one idle)
            writer_pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()

        # A tailing reader: polls read_all from the last position it saw, as a projection or SSE feed does.
        seen: list[StoredEvent] = []
        stop = threading.Event()

        def tail() -> None:
            position = cursor
            while not stop.is_set() and len(seen) < 3:
                page = store.read_all(position, 100)
                seen.extend(page)
                position = page[-1].position if page else position
                time.sleep(0.005)

        late_events, early_events = batch(2, "Late"), batch(1, "Early")
        outcome: dict[str, object] = {}

        def second_writer() -> None:
            try:
                outcome["positions"] = writer.append("early", early_events, 0)
            except Exception as error:  # reported through the assertion below
                outcome["error"] = error

        holder = store.engine.connect()
        reader = threading.Thread(target=tail)
        thread = threading.Thread(target=second_writer)
        try:
            transaction = holder.begin()
            # The first append runs the real lock + insert path but does not commit yet.
            late_positions = store.append_in(holder, "late", late_events, 0)
            reader.start()
            thread.start()
            assert _waits_on_a_lock(store, writer_pid), "the second writer did not wait for the first"
            assert thread.is_alive()
            assert store.read_all(cursor) == []  # nothing is visible while the first is open
            transaction.commit()
            thread.join(timeout=30)
            reader.join(timeout=30)
        finally:
            holder.close()  # rolls back if the test failed before committing, releasing the writer
            stop.set()
            for started in (thread, reader):
                if started.is_alive():
                    started.join(timeout=30)
            writer.close()
        assert "error" not in outcome, outcome.get("error")
        assert late_positions == [cursor + 1, cursor + 2]
        assert outcome["positions"] == [cursor + 3]
        # The reader saw every event exactly once, in position order, none skipped.
        assert [e.event_id for e in seen] == [e.event_id for e in late_events + early_events]
        assert [e.position for e in seen] == [cursor + 1, cursor + 2, cursor + 3]


def _waits_on_a_lock(store: PostgresEventStore, pid: int) -> bool:
    """True once backend `pid` is blocked waiting for a lock (checked for up to 20 s)."""
    deadline = time.monotonic() + 20
    with store.engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.execute(
                text("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
            ).scalar()
            conn.rollback()  # a fresh snapshot of pg_stat_activity on each look
            if waiting:
                return True
            time.sleep(0.02)
    return False
