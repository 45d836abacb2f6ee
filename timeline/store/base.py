"""The recorder interface every backend implements, and the records it takes and gives."""

from __future__ import annotations

import abc
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple


class ConcurrencyError(Exception):
    """The stream is not at the version the writer expected."""

    def __init__(self, stream_id: str, expected: int, actual: int) -> None:
        super().__init__(f"stream {stream_id!r} is at version {actual}, but version {expected} was expected")
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual


class DuplicateEventError(Exception):
    """Some, but not all, of a batch's event ids are already stored: neither a retry nor new."""


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event to append: the store assigns position, stream version and recorded_at."""

    event_id: str
    type: str
    schema_version: int
    data: dict[str, Any]
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StoredEvent:
    position: int  # global, gap-free order of commit as readers see it
    stream_id: str
    stream_version: int  # 1 for the first event of a stream
    event_id: str
    type: str
    schema_version: int
    data: dict[str, Any]
    metadata: dict[str, Any]
    recorded_at: datetime  # UTC, timezone-aware


class Recorded(NamedTuple):
    """What an append did: the batch's positions, and whether this call wrote it (False for a retry of a
    batch already stored, e.g. by a writer that raced this one). Decided inside the append's transaction,
    so of writers racing with the same batch exactly one is told `written`."""

    positions: list[int]
    written: bool


def check_batch(stream_id: str, events: Sequence[NewEvent], expected_version: int) -> None:
    """What every backend refuses before touching the log: an empty batch, a negative expected version,
    an event id twice in one batch."""
    if not events:
        raise ValueError(f"append to {stream_id!r}: the batch is empty")
    if expected_version < 0:
        raise ValueError(f"append to {stream_id!r}: expected_version must be >= 0, got {expected_version}")
    if len({e.event_id for e in events}) != len(events):
        raise ValueError(f"append to {stream_id!r}: the batch repeats an event id")


def duplicate(stream_id: str, stored: Sequence[str]) -> DuplicateEventError:
    return DuplicateEventError(
        f"stream {stream_id!r}: {len(stored)} event id(s) of the batch are already stored "
        f"(e.g. {stored[0]!r}) but the others are not"
    )


class EventStore(abc.ABC):
    """Append a batch to one stream, read a stream, read everything after a global position, and find
    the stream of an event. Every backend (SQLite, PostgreSQL, memory) passes one shared contract suite
    (tests/integration/store_contract.py).

    `expected_version` is the stream's current version as the writer last saw it (0 for a stream
    that does not exist yet). A batch whose event ids are all stored already is a retry: the
    stored positions are returned and nothing is written (`record` says which happened).
    """

    def append(self, stream_id: str, events: Sequence[NewEvent], expected_version: int) -> list[int]:
        """The batch's positions (see `record`)."""
        return self.record(stream_id, events, expected_version).positions

    @abc.abstractmethod
    def record(self, stream_id: str, events: Sequence[NewEvent], expected_version: int) -> Recorded:
        """Append the batch, or find it stored already (a retry): its positions and whether this call
        wrote it."""

    @abc.abstractmethod
    def read_stream(self, stream_id: str, after_version: int = 0) -> list[StoredEvent]: ...

    @abc.abstractmethod
    def read_all(self, after_position: int = 0, limit: int = 1000) -> list[StoredEvent]: ...

    @abc.abstractmethod
    def stream_version(self, stream_id: str) -> int: ...

    @abc.abstractmethod
    def last_position(self) -> int: ...

    @abc.abstractmethod
    def stream_of(self, event_id: str) -> str | None:
        """The stream that holds the event, or None when no event has this id."""

    def iter_all(self, after_position: int = 0, batch: int = 5000) -> Iterator[StoredEvent]:
        """Every event after `after_position`, in global order, fetched in batches."""
        while True:
            page = self.read_all(after_position, batch)
            if not page:
                return
            yield from page
            after_position = page[-1].position

    def close(self) -> None:  # noqa: B027 - optional hook
        pass
