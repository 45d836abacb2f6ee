"""Extraction: a report's stored text -> the typed domain events it states, with provenance."""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import Any

from timeline.domain.events import BY_KIND, DomainEvent
from timeline.domain.report import Report
from timeline.domain.values import Evidence, Extractor

EXTRACTOR_NAME = "timeline-parse"
EXTRACTOR_VERSION = "2.0.0"
_ID_NAMESPACE = uuid.UUID("5b0e8a52-7d3c-4c1e-9a57-2f1c0c6b9e11")


@lru_cache(maxsize=1)
def _pipeline():  # type: ignore[no-untyped-def]
    from timeline.extraction.pipeline import Pipeline

    return Pipeline()  # loads the parser, trigger data, actors and the gazetteer once


def event_id(report_id: str, kind: str, start: int, end: int, place_id: str | None) -> str:
    """Same report + same extractor version + same statement -> same id."""
    key = f"{report_id}|{EXTRACTOR_VERSION}|{kind}|{start}:{end}|{place_id or '-'}"
    return str(uuid.uuid5(_ID_NAMESPACE, key))


def _events(report: Report, analysis: Any) -> list[tuple[DomainEvent, Any]]:
    pipeline = _pipeline()
    out = []
    for c in analysis.candidates:
        place = None
        if c.place is not None:
            place = pipeline.gazetteer.to_place(c.place.entry, c.place.surface)
            if c.place.entry is None and c.place.country_hint:  # unresolved: keep what the context gives
                place = place.model_copy(update={"country": c.place.country_hint})
        lo, hi = c.evidence
        out.append(
            (
                BY_KIND[c.kind](
                    event_id=event_id(
                        report.report_id, c.kind, lo, hi, c.place.key if c.place else c.designee
                    ),
                    report_id=report.report_id,
                    when=c.date.when,
                    place=place,
                    actors=tuple(c.actors),
                    evidence=Evidence(text=report.text[lo:hi], start=lo, end=hi),
                    confidence=round(c.confidence, 3),
                    extractor=Extractor(name=EXTRACTOR_NAME, version=EXTRACTOR_VERSION, rule_id=c.rule_id),
                    fatalities=c.fatalities,
                    injured=c.injured,
                ),
                c,
            )
        )
    return out


def extract(report: Report) -> list[DomainEvent]:
    """Every event the report states (reader comments skipped), in reading order."""
    return [event for event, _ in _events(report, _pipeline().analyse(report))]


def extract_explained(report: Report) -> tuple[list[DomainEvent], list[dict[str, Any]]]:
    """The events, and per trigger read: for an emitted one its rule id, trigger, frame, and how place,
    actors and date were chosen (with the dependency path from the trigger to each argument); for a
    rejected one, the reason (not factual, a condition unmet, no place)."""
    analysis = _pipeline().analyse(report)
    pairs = _events(report, analysis)
    rows = [{"emitted": True, "event_id": event.event_id, **c.explain()} for event, c in pairs]
    rows += [{"emitted": False, **r} for r in analysis.rejected]
    return [event for event, _ in pairs], rows


def explain(report: Report) -> list[dict[str, Any]]:
    return extract_explained(report)[1]
