"""The query entry points routes and the CLI share: resolve a filter (gazetteer, question, as_of),
pick the database (live, or a replay for as_of), and page or stream entries."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from timeline.config import Settings
from timeline.exports import FORMATS, export_metadata
from timeline.projections.base import Projection
from timeline.projections.registry import default_projections
from timeline.query.filters import BadFilter, GazetteerLike, ResolvedFilter, TimelineFilter, resolve
from timeline.query.replay import position_at, replayed
from timeline.query.timeline_query import iter_entries, page
from timeline.store.base import EventStore


class LazyGazetteer:
    """The package's gazetteer, opened on first use (building its index first if it is missing)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._opened: GazetteerLike | None = None
        self._lock = threading.Lock()

    def opened(self) -> GazetteerLike:
        with self._lock:
            if self._opened is None:
                from timeline.gazetteer import Gazetteer

                self._opened = Gazetteer.default()
            return self._opened

    def get(self, entry_id: str) -> Any:
        return self.opened().get(entry_id)

    def lookup(self, name: str) -> list[Any]:
        return self.opened().lookup(name)

    def suggest(self, name: str, limit: int = 5) -> list[Any]:
        return self.opened().suggest(name, limit)

    def search(self, prefix: str, limit: int = 10) -> list[Any]:
        return self.opened().search(prefix, limit)


@dataclass
class QueryContext:
    """The read side: the log (for as_of and export metadata), the projections' database, the gazetteer,
    and the projections a replay for `as_of` runs (the service's own)."""

    store: EventStore
    engine: Engine
    gazetteer: GazetteerLike
    projections: Callable[[], Sequence[Projection]] = default_projections

    def resolve(self, flt: TimelineFilter) -> ResolvedFilter:
        r = resolve(flt, self.gazetteer, position_at=lambda moment: position_at(self.store, moment))
        if r.as_of_position is not None and r.as_of_position > self.store.last_position():
            raise BadFilter(f"as_of {r.as_of_position} is beyond the store's last position "
                            f"{self.store.last_position()}")
        return r

    @contextmanager
    def engine_for(self, r: ResolvedFilter) -> Iterator[Engine]:
        if r.as_of_position is None:
            yield self.engine
            return
        with replayed(self.store, r.as_of_position, self.projections()) as engine:
            yield engine

    def timeline(self, flt: TimelineFilter, cursor: str | None, limit: int) -> dict[str, Any]:
        r = self.resolve(flt)
        with self.engine_for(r) as engine, engine.connect() as conn:
            return page(conn, r, cursor, limit)

    def export(self, flt: TimelineFilter, fmt: str) -> Iterator[str]:
        """Chunks of the export; resolution errors are raised before the first chunk is asked for."""
        if fmt not in FORMATS:
            raise BadFilter(f"unknown export format {fmt!r}; one of: {', '.join(FORMATS)}")
        r = self.resolve(flt)
        position = r.as_of_position if r.as_of_position is not None else self.store.last_position()
        metadata = export_metadata(fmt, position, flt.echo(), r.understood)
        serializer = FORMATS[fmt][0]

        def chunks() -> Iterator[str]:
            with self.engine_for(r) as engine:
                yield from serializer(iter_entries(engine, r), metadata)

        return chunks()
