"""The extraction the services use, as a port: a version and report -> domain events. The service is
built with the package's rule-based extractor over the application's gazetteer and actor file; tests give
it a fake."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from timeline.domain.events import DomainEvent
from timeline.domain.report import Report

if TYPE_CHECKING:
    from timeline.extraction import RuleExtractor


class ExtractionBusy(Exception):
    """Every extraction worker is busy and the queue for them is full: try again shortly (HTTP 503)."""


class ExtractionTimedOut(Exception):
    """A report's extraction ran past the time limit; its worker was stopped and nothing was stored."""


class ExtractionWorkerFailed(RuntimeError):
    """An extraction worker died, would not start, or its extractor raised: a fault of the service, not of
    the report (the worker is replaced on next use; HTTP 503)."""


class Extraction(Protocol):
    @property
    def version(self) -> str: ...

    def extract(self, report: Report) -> list[DomainEvent]: ...


class RuleExtraction:
    """`timeline.extraction.RuleExtractor`, built on first use (loading the parser takes a second) over the
    gazetteer `gazetteer()` opens (the application's, shared with its queries) and the actor list with the
    user's `actors_file` merged in."""

    def __init__(self, gazetteer: Callable[[], object], actors_file: Path | None = None) -> None:
        self._gazetteer = gazetteer
        self._actors_file = actors_file
        self._extractor: RuleExtractor | None = None
        self._lock = threading.Lock()

    @property
    def version(self) -> str:
        from timeline.extraction import EXTRACTOR_VERSION

        return EXTRACTOR_VERSION

    def extract(self, report: Report) -> list[DomainEvent]:
        return self._built().extract(report)

    def _built(self) -> RuleExtractor:
        with self._lock:
            if self._extractor is None:
                from timeline.extraction import RuleExtractor
                from timeline.extraction.actors import load_actors

                self._extractor = RuleExtractor(self._gazetteer(), load_actors(self._actors_file))  # type: ignore[arg-type]
            return self._extractor
