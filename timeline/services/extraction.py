"""The extraction the services use, as a port: a version and report -> domain events. The service is
built with the package's rule-based extractor; tests give it a fake."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from timeline.domain.events import DomainEvent
from timeline.domain.report import Report


class Extraction(Protocol):
    @property
    def version(self) -> str: ...

    def extract(self, report: Report) -> list[DomainEvent]: ...


class RuleExtraction:
    """`timeline.extraction`: the rules, the actor list and the gazetteer, loaded on first use. `prepare`
    runs once before the first extraction: the application opens (and shares) its gazetteer there, so
    the extraction resolves places with the one the settings name."""

    def __init__(self, prepare: Callable[[], object] | None = None) -> None:
        self._prepare = prepare

    @property
    def version(self) -> str:
        from timeline.extraction import EXTRACTOR_VERSION

        return EXTRACTOR_VERSION

    def extract(self, report: Report) -> list[DomainEvent]:
        from timeline.extraction import extract

        if self._prepare is not None:
            self._prepare()
            self._prepare = None

        return extract(report)
