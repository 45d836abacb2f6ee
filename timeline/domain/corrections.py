"""A curator's correction: which fields may change, how a value is checked, and the event a correction
leaves. The write side checks changes with these rules before storing them; the live-events fold applies
them (`timeline.domain.live`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from timeline.domain.events import BY_KIND, BY_TYPE_NAME, DomainEvent
from timeline.domain.values import Count, Evidence, Place, When


def _event_type(value: Any) -> type[DomainEvent]:
    cls = BY_KIND.get(str(value)) or BY_TYPE_NAME.get(str(value))
    if cls is None or not issubclass(cls, DomainEvent):
        raise ValueError(f"unknown event type {value!r}; known: {', '.join(sorted(BY_KIND))}")
    return cls


def _actors(value: Any) -> list[str]:
    names = value if isinstance(value, list | tuple) else [value]
    if not all(isinstance(name, str) for name in names):
        raise TypeError("actors must be names (strings)")
    return list(names)


def _confidence(value: Any) -> float:
    number = float(value)
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"confidence must be between 0 and 1, not {value!r}")
    return number


# field -> (the event field it sets, check returning the value to store)
_FIELDS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "when": ("when", When.model_validate),
    "date": ("when", When.model_validate),
    "place": ("place", lambda v: None if v is None else Place.model_validate(v)),
    "actors": ("actors", _actors),
    "kind": ("kind", _event_type),
    "type": ("kind", _event_type),
    "evidence": ("evidence", Evidence.model_validate),
    "confidence": ("confidence", _confidence),
    "fatalities": ("fatalities", lambda v: None if v is None else Count.model_validate(v)),
    "injured": ("injured", lambda v: None if v is None else Count.model_validate(v)),
}
CORRECTABLE_FIELDS: tuple[str, ...] = tuple(_FIELDS)


def check_changes(changes: Mapping[str, Any]) -> None:
    """Raise ValueError naming the field for an unknown field or a value its type rejects."""
    if not changes:
        raise ValueError("a correction must change at least one field")
    for field, value in changes.items():
        if field not in _FIELDS:
            known = ", ".join(CORRECTABLE_FIELDS)
            raise ValueError(f"field {field!r} cannot be corrected; correctable: {known}")
        try:
            _FIELDS[field][1](value)
        except (ValidationError, TypeError, ValueError) as exc:
            raise ValueError(f"invalid value for {field!r}: {_first_error(exc)}") from exc


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError) and exc.errors():
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ()))
        return f"{where}: {err['msg']}" if where else str(err["msg"])
    return str(exc)


def corrected_event(event: DomainEvent, changes: Mapping[str, Any]) -> DomainEvent:
    """The event as a correction leaves it: a `kind`/`type` change makes it an instance of that class,
    `date` is `when`. Raises ValueError like check_changes, or when the event as a whole is invalid."""
    check_changes(changes)
    data = event.model_dump(mode="json")
    cls: type[DomainEvent] = type(event)
    for field, value in changes.items():
        target, check = _FIELDS[field]
        if target == "kind":
            cls = check(value)
        else:
            data[target] = _actors(value) if target == "actors" else value
    return cls.model_validate(data)
