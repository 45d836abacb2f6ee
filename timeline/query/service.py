"""The read side routes and the CLI call: resolve a filter (gazetteer, question, actors, as_of), pick the
database (live, or a replay for as_of), and answer every query (timeline, incidents, stats, places,
actors, control, the live feed, exports)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from typing import Any

from sqlalchemy import Connection, Engine, select

from timeline.config import Settings
from timeline.domain.actors import ActorVocabulary
from timeline.exports import FORMATS, ExportContext, export_metadata
from timeline.projections.base import Projection
from timeline.projections.registry import default_projections
from timeline.projections.tables import reports as report_rows
from timeline.query import browse, control_query, incidents_query
from timeline.query.cache import PageCache, read_model_version
from timeline.query.feed import changes_after
from timeline.query.filters import (
    BadFilter,
    GazetteerLike,
    ResolvedFilter,
    TimelineFilter,
    resolve,
    resolve_place,
)
from timeline.query.replay import position_at, replayed
from timeline.query.sql import count_matching
from timeline.query.timeline_query import iter_entries, page, report_entries
from timeline.query.vocabulary import load_actor_vocabulary
from timeline.store.base import EventStore


class LazyGazetteer:
    """The package's gazetteer at the locations the settings name, opened on first use (its index built
    first when missing or stale); the application's extraction resolves places with the same one."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._opened: GazetteerLike | None = None
        self._lock = threading.Lock()

    def opened(self) -> GazetteerLike:
        with self._lock:
            if self._opened is None:
                from timeline.gazetteer import Gazetteer

                settings = self.settings
                self._opened = Gazetteer.open(settings.gazetteer_path, settings.gazetteer_supplement)
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
    the actor vocabulary, and the projections a replay for `as_of` runs (the service's own)."""

    store: EventStore
    engine: Engine
    gazetteer: GazetteerLike
    actors: ActorVocabulary = field(default_factory=load_actor_vocabulary)
    projections: Callable[[], Sequence[Projection]] | None = None
    pages: PageCache = field(default_factory=PageCache)

    def resolve(self, flt: TimelineFilter) -> ResolvedFilter:
        r = resolve(flt, self.gazetteer, self.actors, lambda moment: position_at(self.store, moment))
        if r.as_of_position is not None and r.as_of_position > self.store.last_position():
            raise BadFilter(f"as_of {r.as_of_position} is beyond the store's last position "
                            f"{self.store.last_position()}")
        return r

    @contextmanager
    def engine_for(self, r: ResolvedFilter) -> Iterator[Engine]:
        if r.as_of_position is None:
            yield self.engine
            return
        fresh = self.projections() if self.projections else default_projections(self.actors)
        with replayed(self.store, r.as_of_position, fresh) as engine:
            yield engine

    @contextmanager
    def reading(self, flt: TimelineFilter) -> Iterator[tuple[Connection, ResolvedFilter]]:
        """A connection to the database the filter is answered from (a replay for as_of), and the filter
        resolved."""
        r = self.resolve(flt)
        with self.engine_for(r) as engine, engine.connect() as conn:
            yield conn, r

    def timeline(self, flt: TimelineFilter, cursor: str | None, limit: int) -> dict[str, Any]:
        """One page (the same as last time while no projection has moved: see timeline.query.cache)."""
        if flt.as_of:
            with self.reading(flt) as (conn, r):
                return page(conn, r, cursor, limit, self.actors)
        version = read_model_version(self.engine)
        key = _timeline_key(flt, cursor, limit, version)

        def compute() -> dict[str, Any]:
            with self.engine.connect() as conn:
                r = self.resolve(flt)
                # every page of a filter has the same total while the read models stand: counted once
                total_key = ("total", flt, version)

                def total() -> int:
                    return int(self.pages.get_or_compute(total_key, lambda: count_matching(r, conn)))

                return page(conn, r, cursor, limit, self.actors, total=total)

        return self.pages.get_or_compute(key, compute)  # type: ignore[no-any-return]

    def cached_timeline(self, flt: TimelineFilter, cursor: str | None, limit: int) -> dict[str, Any] | None:
        """The page `timeline` would answer if it is cached for the read models as they stand, else None:
        one checkpoint look-up and nothing computed, so a caller may ask it on an event loop."""
        if flt.as_of:
            return None
        return self.pages.peek(_timeline_key(flt, cursor, limit, read_model_version(self.engine)))

    def incidents(self, flt: TimelineFilter, cursor: str | None, limit: int) -> dict[str, Any]:
        with self.reading(flt) as (conn, r):
            return incidents_query.page(conn, r, cursor, limit, self.actors)

    def stats(self, flt: TimelineFilter) -> dict[str, Any]:
        with self.reading(flt) as (conn, r):
            return browse.stats(conn, r)

    def places(self, q: str | None, limit: int) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return browse.places(conn, self.gazetteer, q, limit)

    def actor_counts(self, q: str | None, limit: int) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return browse.actors(conn, self.actors, q, limit)

    def place_control(self, place: str) -> list[dict[str, Any]]:
        scope = resolve_place(place, self.gazetteer)
        with self.engine.connect() as conn:
            return control_query.place_control(conn, scope)

    def control_on(self, place: str, day: date) -> dict[str, Any]:
        scope = resolve_place(place, self.gazetteer)
        with self.engine.connect() as conn:
            return control_query.control_on(conn, scope, day)

    def report(self, report_id: str) -> dict[str, Any] | None:
        """A report's catalogue entry with its live entries, or None when no report has this id."""
        with self.engine.connect() as conn:
            row = conn.execute(select(report_rows).where(report_rows.c.report_id == report_id)).first()
            if row is None:
                return None
            return {**row._mapping, "events": report_entries(conn, report_id, self.actors)}

    def changes_after(self, after: int) -> tuple[list[tuple[int, dict[str, Any]]], int]:
        """The live feed: timeline changes after a store position (see timeline.query.feed)."""
        return changes_after(self.store, self.engine, self.actors, after)

    def export(self, flt: TimelineFilter, fmt: str) -> Export:
        """The export's metadata and its chunks. Resolution errors, and any error of the query itself, are
        raised here, before the first chunk is asked for: the query runs up to its first row now, so an
        HTTP export fails with a 4xx rather than a 200 whose stream is cut."""
        if fmt not in FORMATS:
            raise BadFilter(f"unknown export format {fmt!r}; one of: {', '.join(FORMATS)}")
        r = self.resolve(flt)
        position = r.as_of_position if r.as_of_position is not None else self.store.last_position()
        metadata = export_metadata(fmt, position, flt.echo(), r.understood)
        form = FORMATS[fmt]
        context = ExportContext(metadata, self.actors)
        held = ExitStack()
        try:
            rows = iter_entries(held.enter_context(self.engine_for(r)), r, self.actors)
            first = next(rows, None)
        except BaseException:
            held.close()
            raise

        def chunks() -> Iterator[str]:
            with held:
                yield from form.serialize(chain(() if first is None else (first,), rows), context)

        return Export(metadata, chunks(), form.media_type, f"timeline.{form.suffix}")


@dataclass(frozen=True)
class Export:
    """A streamed export: its metadata (known before the first chunk, so it can go in HTTP headers), the
    chunks, the media type and a file name."""

    metadata: dict[str, Any]
    chunks: Iterator[str]
    media_type: str
    filename: str


def _timeline_key(flt: TimelineFilter, cursor: str | None, limit: int, version: Any) -> tuple[Any, ...]:
    return ("timeline", flt, cursor, limit, version)
