"""The event store in one process's memory: the same contract as the SQL backends (positions, versions,
idempotent retries, duplicates, concurrency errors, JSON round trip), for tests and fakes. Not durable."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import UTC, datetime

from timeline.store.base import (
    ConcurrencyError,
    EventStore,
    NewEvent,
    Recorded,
    StoredEvent,
    check_batch,
    duplicate,
)
from timeline.store.codec import dump_json, load_json


class MemoryLog:
    """The events several InMemoryEventStore objects share, as one database is shared by connections."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.events: list[StoredEvent] = []
        self.streams: dict[str, list[StoredEvent]] = {}
        self.by_id: dict[str, StoredEvent] = {}


class InMemoryEventStore(EventStore):
    def __init__(self, log: MemoryLog | None = None) -> None:
        self.log = log or MemoryLog()

    def reopen(self) -> InMemoryEventStore:
        """Another store over the same log (what a second connection is to a database)."""
        return InMemoryEventStore(self.log)

    def record(self, stream_id: str, events: Sequence[NewEvent], expected_version: int) -> Recorded:
        check_batch(stream_id, events, expected_version)
        # Through JSON, like the databases: what cannot be stored fails here, and what is read back is
        # a copy the caller cannot change.
        encoded = [(e, dump_json(e.data), dump_json(e.metadata)) for e in events]
        log = self.log
        with log.lock:
            stored = [log.by_id[e.event_id] for e in events if e.event_id in log.by_id]
            if len(stored) == len(events):
                return Recorded([s.position for s in stored], False)  # a retry of a batch already stored
            if stored:
                raise duplicate(stream_id, [s.event_id for s in stored])
            stream = log.streams.setdefault(stream_id, [])
            if len(stream) != expected_version:
                raise ConcurrencyError(stream_id, expected_version, len(stream))
            recorded_at = datetime.now(UTC)
            positions = []
            for offset, (event, data, metadata) in enumerate(encoded):
                record = StoredEvent(len(log.events) + 1, stream_id, expected_version + 1 + offset,
                                     event.event_id, event.type, event.schema_version, load_json(data),
                                     load_json(metadata), recorded_at)  # fmt: skip
                log.events.append(record)
                stream.append(record)
                log.by_id[record.event_id] = record
                positions.append(record.position)
            return Recorded(positions, True)

    def read_stream(self, stream_id: str, after_version: int = 0) -> list[StoredEvent]:
        with self.log.lock:
            return list(self.log.streams.get(stream_id, [])[after_version:])

    def read_all(self, after_position: int = 0, limit: int = 1000) -> list[StoredEvent]:
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        with self.log.lock:
            return self.log.events[max(after_position, 0) : max(after_position, 0) + limit]

    def stream_version(self, stream_id: str) -> int:
        with self.log.lock:
            return len(self.log.streams.get(stream_id, []))

    def last_position(self) -> int:
        with self.log.lock:
            return len(self.log.events)

    def stream_of(self, event_id: str) -> str | None:
        with self.log.lock:
            found = self.log.by_id.get(event_id)
        return found.stream_id if found else None
