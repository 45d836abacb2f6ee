"""`as_of`: the timeline as the store held it at a position, rebuilt by replaying the log up to that
position into a throw-away SQLite database with the service's own projections (slow, but exact)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine

from timeline.projections.base import Projection, ProjectionRunner
from timeline.store.base import EventStore, NewEvent, Recorded, StoredEvent


class CappedStore(EventStore):
    """A read-only view of a store that ends at `cap`."""

    def __init__(self, inner: EventStore, cap: int) -> None:
        self.inner = inner
        self.cap = cap

    def record(self, stream_id: str, events: Sequence[NewEvent], expected_version: int) -> Recorded:
        raise PermissionError("a replay view of the log is read-only")

    def read_stream(self, stream_id: str, after_version: int = 0) -> list[StoredEvent]:
        return [e for e in self.inner.read_stream(stream_id, after_version) if e.position <= self.cap]

    def read_all(self, after_position: int = 0, limit: int = 1000) -> list[StoredEvent]:
        if after_position >= self.cap:
            return []
        return [e for e in self.inner.read_all(after_position, limit) if e.position <= self.cap]

    def stream_version(self, stream_id: str) -> int:
        return len(self.read_stream(stream_id))

    def last_position(self) -> int:
        return min(self.cap, self.inner.last_position())

    def stream_of(self, event_id: str) -> str | None:
        stream_id = self.inner.stream_of(event_id)
        if stream_id is None:
            return None
        return stream_id if any(e.event_id == event_id for e in self.read_stream(stream_id)) else None


def position_at(store: EventStore, moment: datetime) -> int:
    """The last position recorded at or before `moment` (0 if none); binary search on positions."""
    lo, hi = 0, store.last_position()
    while lo < hi:
        mid = (lo + hi + 1) // 2
        found = store.read_all(mid - 1, 1)
        if found and found[0].recorded_at <= moment:
            lo = mid
        else:
            hi = mid - 1
    return lo


@contextmanager
def replayed(store: EventStore, position: int, projections: Sequence[Projection]) -> Iterator[Engine]:
    """An engine whose tables hold `projections` (fresh instances) fed the log up to `position`."""
    with tempfile.TemporaryDirectory(prefix="timeline-asof-") as folder:
        engine = create_engine(f"sqlite:///{Path(folder) / 'asof.db'}")
        try:
            ProjectionRunner(CappedStore(store, position), engine, projections).catch_up()
            yield engine
        finally:
            engine.dispose()
