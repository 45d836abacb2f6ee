"""The event store behaviour every backend must show, written once and run on memory, SQLite and
PostgreSQL (like the `eventsourcing` library's recorder suites).

A backend's test module subclasses `EventStoreContract` (or, for a SQL backend, `SqlEventStoreContract`,
which adds what the SQL recorders promise about raw SQL and transactions) and provides two fixtures:
`store` (an empty store) and `reopen` (a callable opening another store, with its own connections, on the
same database).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from timeline.store.base import ConcurrencyError, DuplicateEventError, EventStore, NewEvent, Recorded
from timeline.store.schema import upgrade


def batch(n: int, kind: str = "Thing", **data: object) -> list[NewEvent]:
    """`n` new events with fresh ids and a little payload each."""
    return [
        NewEvent(
            event_id=str(uuid.uuid4()),
            type=kind,
            schema_version=1,
            data={"n": i, **data},
            metadata={"report_id": "r-1", "extractor_version": "0.1", "causation_id": None},
        )
        for i in range(n)
    ]


def race(writers: Sequence[Callable[[], object]]) -> tuple[list[object], list[BaseException]]:
    """Start every writer at once (one thread each); returns their results and their exceptions."""
    start = threading.Barrier(len(writers))
    results: list[object] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(write: Callable[[], object]) -> None:
        start.wait()
        try:
            outcome = write()
        except BaseException as error:  # collected for the test to assert on
            with lock:
                errors.append(error)
        else:
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=run, args=(w,)) for w in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a writer hung"
    return results, errors


class EventStoreContract:
    # -- appending and reading ---------------------------------------------------------------------
    def test_empty_store(self, store: EventStore) -> None:
        assert store.last_position() == 0
        assert store.read_all() == []
        assert store.read_stream("nope") == []
        assert store.stream_version("nope") == 0

    def test_append_returns_positions_and_numbers_versions(self, store: EventStore) -> None:
        first = store.append("report-a", batch(3), expected_version=0)
        second = store.append("report-b", batch(2), expected_version=0)
        third = store.append("report-a", batch(1), expected_version=3)
        assert (first, second, third) == ([1, 2, 3], [4, 5], [6])
        assert [e.stream_version for e in store.read_stream("report-a")] == [1, 2, 3, 4]
        assert store.stream_version("report-a") == 4
        assert store.stream_version("report-b") == 2
        assert store.last_position() == 6

    def test_read_stream_in_version_order_from_after_version(self, store: EventStore) -> None:
        a1, b1, a2 = batch(2), batch(1), batch(3)
        store.append("a", a1, 0)
        store.append("b", b1, 0)
        store.append("a", a2, 2)
        stream = store.read_stream("a")
        assert [e.event_id for e in stream] == [e.event_id for e in a1 + a2]
        assert {e.stream_id for e in stream} == {"a"}
        tail = store.read_stream("a", after_version=3)
        assert [(e.stream_version, e.event_id) for e in tail] == [(4, a2[1].event_id), (5, a2[2].event_id)]
        assert store.read_stream("a", after_version=5) == []

    def test_read_all_in_global_order_with_paging(self, store: EventStore) -> None:
        appended = []
        for i in range(7):
            events = batch(3)
            store.append(f"s{i % 3}", events, store.stream_version(f"s{i % 3}"))
            appended += [e.event_id for e in events]
        everything = store.read_all(0, limit=100)
        assert [e.event_id for e in everything] == appended
        assert [e.position for e in everything] == list(range(1, 22))
        page = store.read_all(after_position=5, limit=4)
        assert [e.position for e in page] == [6, 7, 8, 9]
        assert store.read_all(after_position=21) == []
        assert [e.event_id for e in store.iter_all(0, batch=4)] == appended
        assert [e.position for e in store.iter_all(19, batch=4)] == [20, 21]

    def test_read_all_rejects_a_limit_below_one(self, store: EventStore) -> None:
        with pytest.raises(ValueError, match="limit"):
            store.read_all(0, limit=0)

    def test_data_and_metadata_round_trip(self, store: EventStore) -> None:
        data = {
            "text": "Ḥadītha — «quoted»",
            "n": 3,
            "f": 0.25,
            "ok": True,
            "none": None,
            "nested": {"list": [1, "two", {"three": 3}]},
        }
        meta = {"report_id": "r-9", "extractor_version": "2.1", "causation_id": "e-1"}
        store.append("s", [NewEvent("e-round", "Kind", 4, data, meta)], 0)
        (stored,) = store.read_stream("s")
        assert (stored.event_id, stored.type, stored.schema_version) == ("e-round", "Kind", 4)
        assert (stored.data, stored.metadata) == (data, meta)
        assert store.read_all()[0] == stored

    def test_recorded_at_is_timezone_aware_utc(self, store: EventStore) -> None:
        before = datetime.now(UTC)
        store.append("s", batch(2), 0)
        after = datetime.now(UTC)
        for stored in store.read_all() + store.read_stream("s"):
            assert stored.recorded_at.tzinfo == UTC
            assert before <= stored.recorded_at <= after

    # -- idempotency and duplicates ----------------------------------------------------------------
    def test_reappending_a_stored_batch_returns_its_positions_and_stores_nothing(
        self, store: EventStore
    ) -> None:
        events = batch(3)
        store.append("other", batch(1), 0)
        positions = store.append("s", events, 0)
        assert store.append("s", events, 0) == positions
        assert store.last_position() == 4
        assert [e.event_id for e in store.read_stream("s")] == [e.event_id for e in events]

    def test_retry_is_idempotent_even_after_the_stream_moved_on(self, store: EventStore) -> None:
        events = batch(2)
        positions = store.append("s", events, 0)
        store.append("s", batch(2), 2)
        assert store.append("s", events, 0) == positions
        assert store.append("s", list(reversed(events)), 0) == list(reversed(positions))
        assert store.stream_version("s") == 4

    def test_a_partly_stored_batch_raises_and_writes_nothing(self, store: EventStore) -> None:
        stored = batch(2)
        store.append("s", stored, 0)
        with pytest.raises(DuplicateEventError, match="'s'"):
            store.append("s", [stored[1], *batch(1)], 2)
        assert store.last_position() == 2

    def test_event_ids_are_unique_across_streams(self, store: EventStore) -> None:
        (event,) = batch(1)
        store.append("s", [event], 0)
        # A whole batch already stored (wherever it lives) is a retry, not a second copy.
        assert store.append("t", [event], 0) == [1]
        assert store.read_stream("t") == []

    def test_ids_that_differ_only_in_spelling_are_different_events(self, store: EventStore) -> None:
        # SQLite keys a canonical UUID by its 16 bytes: the upper-case spelling of the same UUID, one
        # without hyphens and a non-UUID id must each stay a distinct id that reads back as written.
        canonical = str(uuid.uuid4())
        spellings = [canonical, canonical.upper(), canonical.replace("-", ""), f"e-{canonical[2:]}", "event"]
        for number, event_id in enumerate(spellings):
            store.append(f"report-{number}", [NewEvent(event_id, "Kind", 1, {"n": number}, {})], 0)
        assert [e.event_id for e in store.read_all()] == spellings
        assert [store.stream_of(i) for i in spellings] == [f"report-{n}" for n in range(len(spellings))]
        # A retry of each is recognised as stored, and each id stays refused with other ids in a new stream.
        for number, event_id in enumerate(spellings):
            again = NewEvent(event_id, "Kind", 1, {"n": number}, {})
            assert store.record(f"report-{number}", [again], 0) == Recorded([number + 1], False)
            with pytest.raises(DuplicateEventError):
                store.append("elsewhere", [again, *batch(1)], 0)
        assert store.last_position() == len(spellings)

    def test_stream_of_names_the_stream_holding_an_event(self, store: EventStore) -> None:
        first, second = batch(2), batch(1)
        store.append("report-a", first, 0)
        store.append("report-b", second, 0)
        assert store.stream_of(first[1].event_id) == "report-a"
        assert store.stream_of(second[0].event_id) == "report-b"
        assert store.stream_of("no-such-event") is None

    # -- expected versions -------------------------------------------------------------------------
    @pytest.mark.parametrize("expected", [0, 1, 5])
    def test_a_version_mismatch_names_the_stream_and_both_versions(
        self, store: EventStore, expected: int
    ) -> None:
        store.append("report-x", batch(2), 0)
        with pytest.raises(ConcurrencyError) as caught:
            store.append("report-x", batch(1), expected)
        error = caught.value
        assert (error.stream_id, error.expected, error.actual) == ("report-x", expected, 2)
        message = str(error)
        assert "report-x" in message and str(expected) in message and "2" in message
        assert store.last_position() == 2

    def test_appending_to_a_missing_stream_with_a_version_conflicts(self, store: EventStore) -> None:
        with pytest.raises(ConcurrencyError) as caught:
            store.append("new", batch(1), 3)
        assert (caught.value.expected, caught.value.actual) == (3, 0)

    def test_bad_batches_are_refused(self, store: EventStore) -> None:
        with pytest.raises(ValueError, match="empty"):
            store.append("s", [], 0)
        with pytest.raises(ValueError, match="expected_version"):
            store.append("s", batch(1), -1)
        (event,) = batch(1)
        with pytest.raises(ValueError, match="repeats"):
            store.append("s", [event, event], 0)
        with pytest.raises(TypeError):
            store.append("s", [NewEvent("e-bad", "T", 1, {"when": object()})], 0)
        assert store.last_position() == 0
        assert store.append("s", batch(1), 0) == [1]  # nothing was left locked

    # -- concurrent writers ------------------------------------------------------------------------
    def test_racing_writers_with_one_expected_version_exactly_one_wins(self, store: EventStore) -> None:
        writers = [lambda: store.append("contested", batch(2), 0) for _ in range(6)]
        results, errors = race(writers)
        assert results == [[1, 2]]
        assert len(errors) == 5
        for error in errors:
            assert isinstance(error, ConcurrencyError), repr(error)
            assert (error.stream_id, error.expected, error.actual) == ("contested", 0, 2)
        assert [e.stream_version for e in store.read_stream("contested")] == [1, 2]

    def test_racing_writers_on_separate_connections_exactly_one_wins(
        self, store: EventStore, reopen: Callable[[], EventStore]
    ) -> None:
        store.append("contested", batch(1), 0)
        others = [reopen() for _ in range(4)]
        try:
            results, errors = race([partial(s.append, "contested", batch(1), 1) for s in others])
        finally:
            for other in others:
                other.close()
        assert results == [[2]]
        assert len(errors) == 3
        assert all(isinstance(e, ConcurrencyError) and e.actual == 2 for e in errors), errors
        assert [e.stream_version for e in store.read_stream("contested")] == [1, 2]

    def test_record_says_whether_this_call_wrote_the_batch(self, store: EventStore) -> None:
        events = batch(2)
        first = store.record("s", events, 0)
        assert first.written and first.positions == [1, 2]
        assert store.record("s", events, 0) == (first.positions, False)  # a retry: stored, not written
        assert store.last_position() == 2

    def test_of_writers_racing_with_one_batch_exactly_one_is_told_it_wrote(
        self, store: EventStore, reopen: Callable[[], EventStore]
    ) -> None:
        others = [store, reopen(), reopen(), reopen()]
        try:
            for round_ in range(10):
                events = batch(3, round=round_)
                results, errors = race([partial(s.record, f"new-{round_}", events, 0) for s in others])
                assert errors == []
                recorded = [r for r in results if isinstance(r, Recorded)]
                assert sorted(r.written for r in recorded) == [False, False, False, True], results
                assert len({tuple(r.positions) for r in recorded}) == 1
        finally:
            for other in others[1:]:
                other.close()
        assert store.last_position() == 30

    def test_retrying_writers_leave_no_gaps_in_versions_or_positions(
        self, store: EventStore, reopen: Callable[[], EventStore]
    ) -> None:
        stores = [store, store, reopen(), reopen()]
        conflicts = []

        def writer(s: EventStore, name: str) -> None:
            for i in range(8):
                events = batch(2, writer=name, i=i)
                while True:
                    try:
                        s.append("shared", events, s.stream_version("shared"))
                        break
                    except ConcurrencyError:
                        conflicts.append(name)

        try:
            results, errors = race([partial(writer, s, f"w{n}") for n, s in enumerate(stores)])
        finally:
            stores[2].close()
            stores[3].close()
        assert errors == []
        stream = store.read_stream("shared")
        assert [e.stream_version for e in stream] == list(range(1, 65))
        assert [e.position for e in store.read_all(0, 1000)] == list(range(1, 65))
        # each batch stayed together: its two events have consecutive versions
        for first, second in zip(stream[::2], stream[1::2], strict=True):
            assert (first.data["writer"], first.data["i"], first.data["n"]) == (
                second.data["writer"],
                second.data["i"],
                0,
            )
            assert second.data["n"] == 1



class SqlEventStoreContract(EventStoreContract):
    """What the SQL recorders promise beyond the interface: the table refuses changes even to raw SQL,
    and a caller's write transaction can hold an append."""

    # -- append-only -------------------------------------------------------------------------------
    @pytest.mark.parametrize(
        "statement",
        [
            "UPDATE events SET type = 'Tampered' WHERE position = 1",
            "UPDATE events SET data = metadata",
            "DELETE FROM events WHERE position = 2",
            "DELETE FROM events",
        ],
    )
    def test_raw_sql_cannot_change_or_remove_stored_events(self, store: EventStore, statement: str) -> None:
        store.append("s", batch(3), 0)
        before = store.read_all()
        with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as conn:  # type: ignore[attr-defined]
            conn.execute(text(statement))
        assert store.read_all() == before

    def test_a_failed_transaction_leaves_nothing_behind(self, store: EventStore) -> None:
        store.append("s", batch(1), 0)
        with pytest.raises(RuntimeError), store.write_transaction() as conn:  # type: ignore[attr-defined]
            store.append_in(conn, "s", batch(2), 1)  # type: ignore[attr-defined]
            raise RuntimeError("caller fails after appending")
        assert store.last_position() == 1
        assert store.append("s", batch(1), 1) == [2]

    def test_a_write_transaction_can_read_then_write_while_others_append(
        self, store: EventStore, reopen: Callable[[], EventStore]
    ) -> None:
        # The shape of a projection step: read a checkpoint, then write, while an ingest appends.
        with store.write_transaction() as conn:  # type: ignore[attr-defined]
            conn.execute(text("CREATE TABLE probe_checkpoint (n INTEGER NOT NULL)"))
            conn.execute(text("INSERT INTO probe_checkpoint VALUES (0)"))
        other = reopen()
        appender = threading.Thread(target=other.append, args=("s", batch(1), 0))
        try:
            with store.write_transaction() as conn:  # type: ignore[attr-defined]
                seen = conn.execute(text("SELECT n FROM probe_checkpoint")).scalar_one()
                appender.start()
                time.sleep(0.2)  # room for the append to commit in between, were it not kept out
                conn.execute(text("UPDATE probe_checkpoint SET n = :n"), {"n": seen + 1})
            appender.join(timeout=30)
        finally:
            other.close()
        assert store.stream_version("s") == 1
        with store.engine.connect() as conn:  # type: ignore[attr-defined]
            assert conn.execute(text("SELECT n FROM probe_checkpoint")).scalar_one() == 1

    def test_creating_the_schema_again_keeps_the_events(
        self, store: EventStore, reopen: Callable[[], EventStore]
    ) -> None:
        store.append("s", batch(2), 0)
        upgrade(store.engine)  # type: ignore[attr-defined]
        again = reopen()
        try:
            assert [e.position for e in again.read_all()] == [1, 2]
            assert again.append("s", batch(1), 2) == [3]
        finally:
            again.close()
