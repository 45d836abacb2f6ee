"""Domain events <-> store records: the only place that knows how an event is laid out in the log."""

from __future__ import annotations

from typing import Any

from timeline.domain.events import BY_TYPE_NAME, DOMAIN_EVENT_TYPES, DomainEvent, Event
from timeline.domain.live import Recorded
from timeline.domain.upcasting import register_domain_upcasters, upcast
from timeline.store.base import NewEvent, StoredEvent

register_domain_upcasters([cls.type_name for cls in DOMAIN_EVENT_TYPES])


def to_new_event(event: Event, causation_id: str | None = None) -> NewEvent:
    metadata: dict[str, Any] = {"causation_id": causation_id}
    report_id = getattr(event, "report_id", None)
    if report_id:
        metadata["report_id"] = report_id
    if isinstance(event, DomainEvent):
        metadata["extractor_version"] = event.extractor.version
    return NewEvent(
        event_id=event.event_id,
        type=event.type_name,
        schema_version=event.schema_version,
        data=event.model_dump(mode="json"),
        metadata=metadata,
    )


def decode(stored: StoredEvent) -> Recorded:
    """The stored event for the live-events fold: its class and data upcast to the class's shape (the
    typed event is built from them on demand)."""
    cls = _class_of(stored)
    data = stored.data
    if stored.schema_version != cls.schema_version:
        data = upcast(stored.type, stored.schema_version, cls.schema_version, data)
    return Recorded(stored.position, stored.stream_id, stored.stream_version, cls, data, stored.metadata,
                    stored.recorded_at)  # fmt: skip


def from_stored(stored: StoredEvent) -> Event:
    """The typed event, upcast from whatever schema version it was stored with."""
    return decode(stored).event


def _class_of(stored: StoredEvent) -> type[Event]:
    cls = BY_TYPE_NAME.get(stored.type)
    if cls is None:
        raise LookupError(f"unknown event type {stored.type!r} at position {stored.position}")
    return cls
