"""The extraction the services use, as a port: a version and report -> domain events. The service is
built with the package's rule-based extractor; tests give it a fake."""

from __future__ import annotations

from typing import Protocol

from timeline.domain.events import DomainEvent
from timeline.domain.report import Report


class Extraction(Protocol):
    @property
    def version(self) -> str: ...

    def extract(self, report: Report) -> list[DomainEvent]: ...


class RuleExtraction:
    """`timeline.extraction`: the rules, the actor list and the gazetteer, loaded on first use."""

    @property
    def version(self) -> str:
        from timeline.extraction import EXTRACTOR_VERSION

        return EXTRACTOR_VERSION

    def extract(self, report: Report) -> list[DomainEvent]:
        from timeline.extraction import extract

        return extract(report)
