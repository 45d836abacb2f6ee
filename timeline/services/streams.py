"""A report's stream replayed in memory: its ReportReceived, the live domain events and the current
extractor version. The write side's own view, so curation checks the log, not a projection."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from timeline.domain.events import (
    DomainEvent,
    EventCorrected,
    EventRetracted,
    ReportReceived,
    ReportReextracted,
)
from timeline.domain.serialization import from_stored
from timeline.store.base import EventStore, StoredEvent

# Namespace for ids the services derive (ReportReceived, ReportReextracted), so a retried write
# carries the same ids and the store treats it as the same write.
ID_NAMESPACE = uuid.UUID("5b0c7d1e-3f6a-4c59-9a8e-2f1d6c3b7e10")


def derived_id(*parts: str) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, "|".join(parts)))


@dataclass
class ReportState:
    """What a report stream says now."""

    stream_id: str
    version: int
    received: ReportReceived
    received_position: int
    live: dict[str, DomainEvent] = field(default_factory=dict)
    positions: dict[str, int] = field(default_factory=dict)
    extractor_version: str | None = None
    stored_ids: set[str] = field(default_factory=set)  # every domain event id the stream holds
    retracted: set[str] = field(default_factory=set)  # domain event ids a curator withdrew


class UnknownReport(LookupError):
    """No stream holds this report."""


def replay(stream_id: str, stored: list[StoredEvent]) -> ReportState:
    """Fold a report stream into its current state; raises UnknownReport for an empty stream."""
    if not stored:
        raise UnknownReport(f"no report stored in stream {stream_id!r}")
    first = from_stored(stored[0])
    if not isinstance(first, ReportReceived):
        raise ValueError(f"stream {stream_id!r} does not start with ReportReceived")
    state = ReportState(stream_id, stored[-1].stream_version, first, stored[0].position)
    state.extractor_version = stored[0].metadata.get("extractor_version")
    for record in stored[1:]:
        event = from_stored(record)
        if isinstance(event, DomainEvent):
            state.live[event.event_id] = event
            state.stored_ids.add(event.event_id)
            state.positions[event.event_id] = record.position
            state.extractor_version = event.extractor.version
        elif isinstance(event, EventRetracted):
            state.live.pop(event.target_event_id, None)
            state.retracted.add(event.target_event_id)
        elif isinstance(event, EventCorrected) and event.target_event_id in state.live:
            state.positions[event.target_event_id] = record.position
        elif isinstance(event, ReportReextracted):
            state.live.clear()
            state.extractor_version = event.extractor_version
    return state


def load(store: EventStore, stream_id: str) -> ReportState:
    return replay(stream_id, store.read_stream(stream_id))
