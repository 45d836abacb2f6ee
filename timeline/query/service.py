"""The query entry points routes and the CLI share: resolve a filter (gazetteer, question, as_of),
pick the database (live, or a replay for as_of), and page or stream entries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from timeline.exports import FORMATS, export_metadata
from timeline.query.filters import BadFilter, GazetteerLike, ResolvedFilter, TimelineFilter, resolve
from timeline.query.replay import position_at, replayed
from timeline.query.timeline_query import iter_entries, page
from timeline.store.base import EventStore


def default_gazetteer() -> GazetteerLike:
    from timeline.gazetteer import Gazetteer

    return Gazetteer.default()  # type: ignore[no-any-return]


@dataclass
class QueryContext:
    store: EventStore
    engine: Engine
    gazetteer: GazetteerLike

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
        with replayed(self.store, r.as_of_position) as engine:
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
