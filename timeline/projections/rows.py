"""A domain event -> the columns of its timeline row."""

from __future__ import annotations

from typing import Any

from timeline.domain.events import DomainEvent
from timeline.domain.values import Count, Evidence, Place, When

Columns = dict[str, Any]


def when_columns(when: When) -> Columns:
    return {
        "date_start": when.start,
        "date_end": when.end,
        "date_precision": when.precision,
        "date_phrase": when.phrase,
    }


def place_columns(place: Place | None) -> Columns:
    if place is None:
        keys = ("place_name", "place_resolved", "gazetteer_id", "admin1", "country", "lat", "lon")
        return {**dict.fromkeys(keys), "place_precision": None}
    return {
        "place_name": place.name,
        "place_resolved": place.resolved_name,
        "gazetteer_id": place.gazetteer_id,
        "admin1": place.admin1,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "place_precision": place.precision,
    }


def actor_columns(actors: Any) -> Columns:
    names = [str(a) for a in actors]
    return {"actors": names, "actor1": names[0] if names else None}


def count_columns(prefix: str, count: Count | None) -> Columns:
    return {f"{prefix}_low": count.low if count else None, f"{prefix}_high": count.high if count else None}


def evidence_columns(evidence: Evidence) -> Columns:
    return {"evidence_text": evidence.text, "evidence_start": evidence.start, "evidence_end": evidence.end}


def event_columns(event: DomainEvent) -> Columns:
    """Every column of a timeline row that comes from the event itself (not from its report)."""
    return {
        "event_id": event.event_id,
        "report_id": event.report_id,
        "kind": event.kind,
        "type_name": event.type_name,
        **when_columns(event.when),
        **place_columns(event.place),
        **actor_columns(event.actors),
        **evidence_columns(event.evidence),
        "confidence": event.confidence,
        "extractor_name": event.extractor.name,
        "extractor_version": event.extractor.version,
        "rule_id": event.extractor.rule_id,
        **count_columns("fatalities", event.fatalities),
        **count_columns("injured", event.injured),
    }
