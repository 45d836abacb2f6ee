"""The JSON shape of an extracted event that `timeline extract --json` prints and the scorer reads."""

from __future__ import annotations

from typing import Any

from timeline.domain.events import DomainEvent


def _count(value: Any) -> dict[str, Any] | None:
    return None if value is None else {"low": value.low, "high": value.high, "phrase": value.phrase}


def to_score_json(event: DomainEvent) -> dict[str, Any]:
    place = event.place
    when = event.when
    return {
        "id": event.event_id,
        "type": event.kind,
        "place": None if place is None else {
            "name": place.name,
            "aliases": [place.resolved_name] if place.resolved_name not in (None, place.name) else [],
            "gazetteer_id": place.gazetteer_id,
            "admin1": place.admin1,
            "country": place.country,
            "lat": place.lat,
            "lon": place.lon,
            "precision": place.precision,
        },
        "date": None if when.start is None and when.end is None else {
            "start": when.start.isoformat() if when.start else None,
            "end": when.end.isoformat() if when.end else None,
            "precision": when.precision,
            "phrase": when.phrase,
        },
        "actors": list(event.actors),
        "fatalities": _count(event.fatalities),
        "injured": _count(event.injured),
        "evidence": {"text": event.evidence.text, "start": event.evidence.start, "end": event.evidence.end},
        "confidence": event.confidence,
        "rule_id": event.extractor.rule_id,
    }
