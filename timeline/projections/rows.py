"""A domain event's data (the JSON shape its class dumps and the log stores) -> the columns of its timeline
row. Read straight from the data: the projections never validate a stored event to project it."""

from __future__ import annotations

from datetime import date
from typing import Any

from timeline.domain.events import DomainEvent
from timeline.projections.spans import span_class

Columns = dict[str, Any]
_NO_PLACE: dict[str, Any] = {}
_NO_COUNT: dict[str, Any] = {}


def day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def event_columns(cls: type[DomainEvent], data: dict[str, Any]) -> Columns:
    """Every column of a timeline row that comes from the event itself (not from its report)."""
    when = data.get("when") or _NO_PLACE
    place = data.get("place") or _NO_PLACE
    actors = [str(a) for a in data.get("actors") or ()]
    evidence, extractor = data["evidence"], data["extractor"]
    fatalities = data.get("fatalities") or _NO_COUNT
    injured = data.get("injured") or _NO_COUNT
    start = day(when.get("start"))
    return {
        "event_id": data["event_id"], "report_id": data["report_id"], "kind": cls.kind,
        "type_name": cls.type_name, "date_start": start, "date_end": day(when.get("end")),
        "date_precision": when.get("precision", "unknown"), "date_phrase": when.get("phrase"),
        "place_name": place.get("name"), "place_resolved": place.get("resolved_name"),
        "gazetteer_id": place.get("gazetteer_id"), "admin1": place.get("admin1"),
        "country": place.get("country"), "lat": place.get("lat"), "lon": place.get("lon"),
        "place_precision": place.get("precision", "locality") if place else None,
        "actors": actors, "actor1": actors[0] if actors else None,
        "evidence_text": evidence["text"], "evidence_start": evidence["start"],
        "evidence_end": evidence["end"], "confidence": data.get("confidence", 0.5),
        "extractor_name": extractor["name"], "extractor_version": extractor["version"],
        "rule_id": extractor.get("rule_id"),
        "fatalities_low": fatalities.get("low"), "fatalities_high": fatalities.get("high"),
        "injured_low": injured.get("low"), "injured_high": injured.get("high"),
        "span_class": span_class(start, day(when.get("end")) or start),
    }  # fmt: skip
