"""Domain event <-> timeline row columns, and curator changes -> column updates (shared by the timeline
projection and the curation service, which validates changes with the same rules before storing them)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from timeline.domain.events import BY_KIND, BY_TYPE_NAME, DomainEvent
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


def kind_columns(value: Any) -> Columns:
    cls = BY_KIND.get(str(value)) or BY_TYPE_NAME.get(str(value))
    if cls is None or not issubclass(cls, DomainEvent):
        raise ValueError(f"unknown event type {value!r}; known: {', '.join(sorted(BY_KIND))}")
    return {"kind": cls.kind, "type_name": cls.type_name}


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


_CHANGERS: dict[str, Callable[[Any], Columns]] = {
    "when": lambda v: when_columns(When.model_validate(v)),
    "date": lambda v: when_columns(When.model_validate(v)),
    "place": lambda v: place_columns(None if v is None else Place.model_validate(v)),
    "actors": lambda v: actor_columns(v if isinstance(v, list | tuple) else [v]),
    "kind": kind_columns,
    "type": kind_columns,
    "evidence": lambda v: evidence_columns(Evidence.model_validate(v)),
    "confidence": lambda v: {"confidence": _confidence(v)},
    "fatalities": lambda v: count_columns("fatalities", None if v is None else Count.model_validate(v)),
    "injured": lambda v: count_columns("injured", None if v is None else Count.model_validate(v)),
}
CORRECTABLE_FIELDS: tuple[str, ...] = tuple(_CHANGERS)


def _confidence(value: Any) -> float:
    number = float(value)
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"confidence must be between 0 and 1, not {value!r}")
    return number


def change_columns(changes: Mapping[str, Any]) -> Columns:
    """The row columns a correction sets. Raises ValueError naming the field for an unknown field or
    a value its type rejects."""
    if not changes:
        raise ValueError("a correction must change at least one field")
    columns: Columns = {}
    for field, value in changes.items():
        changer = _CHANGERS.get(field)
        if changer is None:
            known = ", ".join(CORRECTABLE_FIELDS)
            raise ValueError(f"field {field!r} cannot be corrected; correctable: {known}")
        try:
            columns.update(changer(value))
        except (ValidationError, TypeError) as exc:
            raise ValueError(f"invalid value for {field!r}: {_first_error(exc)}") from exc
    return columns


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError) and exc.errors():
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ()))
        return f"{where}: {err['msg']}" if where else str(err["msg"])
    return str(exc)


def corrected_event(event: DomainEvent, changes: Mapping[str, Any]) -> DomainEvent:
    """The event as a correction leaves it, for projections that keep whole events: a `kind`/`type`
    change makes it an instance of that class, `date` is `when`. Raises ValueError like change_columns."""
    change_columns(changes)
    data = event.model_dump(mode="json")
    cls: type[DomainEvent] = type(event)
    for field, value in changes.items():
        if field in ("kind", "type"):
            found = BY_KIND.get(str(value)) or BY_TYPE_NAME.get(str(value))
            assert found is not None and issubclass(found, DomainEvent)  # checked by change_columns
            cls = found
        elif field == "actors":
            data["actors"] = value if isinstance(value, list | tuple) else [value]
        else:
            data["when" if field == "date" else field] = value
    return cls.model_validate(data)
