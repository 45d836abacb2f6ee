"""Extraction: a report's stored text -> the typed domain events it states."""

from __future__ import annotations

from timeline.domain.events import DomainEvent
from timeline.domain.report import Report

EXTRACTOR_NAME = "timeline-rules"
EXTRACTOR_VERSION = "0.0.1"


def extract(report: Report) -> list[DomainEvent]:
    """Every event the report states, with provenance. (Placeholder: the extraction helper replaces it.)"""
    return []
