"""The application service every entry point calls (HTTP routes, CLI commands): writes to the log
(ingest, curation), projection, and the read side. Built once by `timeline.bootstrap`; routes and commands
hold no wiring and no rules of their own."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from timeline.config import Settings
from timeline.domain.access import ApiKey, Author, Role
from timeline.domain.events import report_stream
from timeline.domain.history import EventHistory, event_history
from timeline.domain.serialization import decode
from timeline.extraction.cleaning import InvalidReport
from timeline.observability import metrics
from timeline.projections.base import ProjectionRunner
from timeline.query.service import QueryContext
from timeline.services import curation, keys
from timeline.services.curation import CurationResult, UnknownEvent
from timeline.services.extraction import Extraction
from timeline.services.extraction_pool import ExtractionPool
from timeline.services.files import ReportInputError
from timeline.services.ingest import IngestResult, ingest_files, ingest_report
from timeline.services.streams import UnknownReport, load
from timeline.store.base import EventStore
from timeline.store.keys import KeyStore


class Application:
    def __init__(
        self,
        settings: Settings,
        store: EventStore,
        engine: Engine,
        runner: ProjectionRunner,
        extraction: Extraction,
        queries: QueryContext,
        keys: KeyStore,
    ) -> None:
        self.settings = settings
        self.store = store
        self.keys = keys  # API keys, in the log's database
        self.engine = engine  # the projections' database
        self.runner = runner
        self.extraction = extraction
        # What writes call: the same extraction, each report timed into the extraction-time histogram.
        self._extraction = metrics.MeasuredExtraction(extraction)
        self.queries = queries
        self._projecting = threading.Lock()  # one catch-up at a time per process (others queue)

    # -- writing -------------------------------------------------------------------------------------
    def ingest(self, raw: bytes | str, **about: Any) -> IngestResult:
        """Store a report and its events (see `ingest_report` for `about`), then project."""
        try:
            result = ingest_report(self.store, self._extraction, raw, max_bytes=self.settings.max_body_bytes,
                                   **about)  # fmt: skip
        except InvalidReport:
            metrics.ingested("rejected")
            raise
        self._counted(result)
        self._after_write(result.created)
        return result

    def ingest_files(
        self,
        paths: list[Path],
        *,
        published: date | None = None,
        source: str | None = None,
        url: str | None = None,
        on_result: Callable[[Path, IngestResult], None] = lambda _path, _result: None,
        by: Author | None = None,
        on_error: Callable[[Path, str], None] | None = None,
        on_total: Callable[[int], None] = lambda _count: None,
    ) -> list[IngestResult]:
        """Store every report file under `paths`, then project once (see `ingest_files` for the
        callbacks: with `on_error`, unusable files are reported there and the others stored)."""

        def result(path: Path, found: IngestResult) -> None:
            self._counted(found)
            on_result(path, found)

        def error(path: Path, message: str) -> None:
            metrics.ingested("rejected")
            if on_error is not None:
                on_error(path, message)

        try:
            results = ingest_files(self.store, self._extraction, paths, published=published, source=source,
                                   url=url, on_result=result, on_error=error if on_error else None,
                                   on_total=on_total, by=by,
                                   max_bytes=self.settings.max_body_bytes)  # fmt: skip
        except ReportInputError:
            metrics.ingested("rejected")
            raise
        self._after_write(any(r.created for r in results))
        return results

    @staticmethod
    def _counted(result: IngestResult) -> None:
        if result.created:
            metrics.ingested("created", appended=len(result.positions))
        else:
            metrics.ingested("duplicate")

    # Curation records who made it (`by`): an API key's author over HTTP, the local operator in the CLI.
    def retract(self, event_id: str, reason: str, *, by: Author) -> CurationResult:
        return self._curated(curation.retract(self.store, event_id, reason, by=by))

    def correct(self, event_id: str, changes: dict[str, Any], reason: str, *, by: Author) -> CurationResult:
        return self._curated(curation.correct(self.store, event_id, changes, reason, by=by))

    def split(self, event_id: str, reason: str, *, by: Author) -> CurationResult:
        return self._curated(curation.split(self.store, event_id, reason, by=by))

    def reextract(self, report_id: str, *, by: Author) -> CurationResult:
        return self._curated(curation.reextract(self.store, self._extraction, report_id, by=by))

    def _curated(self, result: CurationResult) -> CurationResult:
        metrics.appended_events(len(result.positions) if result.changed else 0)
        self._after_write(result.changed)
        return result

    def _after_write(self, changed: bool) -> None:
        if changed and self.settings.project_on_write:
            self.project()

    # -- API keys ------------------------------------------------------------------------------------
    def authorize(self, token: str | None, needed: Role) -> Author:
        """Who is writing: the author of the active key `token`, when its role allows `needed`
        (Unauthenticated or Forbidden otherwise)."""
        return keys.authorize(self.keys, token, needed)

    def create_key(self, name: str, role: Role | str) -> tuple[ApiKey, str]:
        """A new key and its secret (returned once; only its hash is stored)."""
        return keys.create_key(self.keys, name, role)

    def revoke_key(self, key_id: str, *, by: Author) -> ApiKey:
        return keys.revoke_key(self.keys, key_id, by)

    def list_keys(self) -> list[ApiKey]:
        return self.keys.all()

    # -- projections ---------------------------------------------------------------------------------
    def project(self) -> dict[str, int]:
        """Catch every projection up with the log; returns their checkpoints."""
        with self._projecting:
            return self.runner.catch_up()

    def rebuild(self, name: str | None = None) -> dict[str, int]:
        """Replay the log into the projection(s) from position 0."""
        with self._projecting:
            return self.runner.rebuild(name)

    def health(self) -> dict[str, Any]:
        """Database reachable, log head, and how far behind each projection is ("ok" when none is)."""
        try:
            # checkpoints first: the head, read after, is at least each of them (a catch-up landing between
            # the two reads would otherwise show a projection ahead of the log, with a negative lag)
            checkpoints = self.runner.positions()
            last_position = self.store.last_position()
        except SQLAlchemyError as exc:
            return {"status": "error", "database": f"unreachable ({exc.__class__.__name__})",
                    "last_position": None, "checkpoints": {}, "lag": {}}  # fmt: skip
        lag = {name: last_position - checkpoints.get(name, 0) for name in self.runner.projections}
        return {"status": "ok" if not any(lag.values()) else "behind", "database": "ok",
                "last_position": last_position, "checkpoints": checkpoints, "lag": lag}  # fmt: skip

    # -- reading -------------------------------------------------------------------------------------
    def report(self, report_id: str) -> dict[str, Any]:
        """A report's catalogue entry, its stored text and its live events (UnknownReport if none)."""
        found = self.queries.report(report_id)
        if found is None:
            raise UnknownReport(f"no report with id {report_id!r}")
        received = load(self.store, report_stream(report_id)).received
        return {**found, "text": received.text if received else ""}

    def history(self, event_id: str) -> EventHistory:
        """A domain event's versions with who, when and why (UnknownEvent when there is no such event)."""
        stream_id = self.store.stream_of(event_id)
        found = None
        if stream_id is not None:
            found = event_history(stream_id, (decode(e) for e in self.store.read_stream(stream_id)), event_id)
        if found is None:
            raise UnknownEvent(f"no event with id {event_id!r}")
        return found

    def warm_up(self) -> None:
        """Open what the first request would otherwise wait for (the gazetteer, the extraction workers,
        which load in the background), and catch up."""
        if isinstance(self.extraction, ExtractionPool):
            self.extraction.start()
        opened = getattr(self.queries.gazetteer, "opened", None)
        if callable(opened):
            opened()
        self.project()

    def close(self) -> None:
        if isinstance(self.extraction, ExtractionPool):
            self.extraction.close()
        self.store.close()
