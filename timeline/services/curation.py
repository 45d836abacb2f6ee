"""Curation: retract or correct one domain event, or re-extract a report, by appending a curation event
to the report's stream at the version the writer read (a concurrent change raises ConcurrencyError)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select

from timeline.domain.events import EventCorrected, EventRetracted, ReportReextracted, report_stream
from timeline.domain.report import Report
from timeline.domain.serialization import to_new_event
from timeline.extraction import EXTRACTOR_VERSION, extract
from timeline.projections.rows import change_columns, corrected_event
from timeline.projections.tables import TimelineRow
from timeline.services.streams import ReportState, load
from timeline.store.base import EventStore


class UnknownEvent(LookupError):
    """No live domain event has this id."""


@dataclass(frozen=True)
class CurationResult:
    stream_id: str
    event_ids: list[str]  # what was appended (curation event first)
    positions: list[int]
    changed: bool = True


def _stream_of(store: EventStore, event_id: str) -> str:
    """The stream holding a live domain event, found through the timeline projection."""
    engine: Engine | None = getattr(store, "engine", None)
    if engine is None:
        raise UnknownEvent(f"cannot locate event {event_id!r}: the store has no database engine")
    table = TimelineRow.__table__  # type: ignore[attr-defined]
    with engine.connect() as conn:
        report_id = conn.execute(select(table.c.report_id).where(table.c.event_id == event_id)).scalar()
    if report_id is None:
        raise UnknownEvent(f"no live event with id {event_id!r} (retracted, superseded or never stored)")
    return report_stream(str(report_id))


def _live_state(store: EventStore, event_id: str) -> ReportState:
    state = load(store, _stream_of(store, event_id))
    if event_id not in state.live:
        raise UnknownEvent(f"event {event_id!r} is no longer live in {state.stream_id}")
    return state


def _append(store: EventStore, state: ReportState, events: list[Any]) -> CurationResult:
    positions = store.append(state.stream_id, [to_new_event(e) for e in events], state.version)
    return CurationResult(state.stream_id, [e.event_id for e in events], positions)


def retract(store: EventStore, event_id: str, reason: str) -> CurationResult:
    """Withdraw a live domain event from every projection."""
    if not reason.strip():
        raise ValueError("a retraction needs a reason")
    state = _live_state(store, event_id)
    event = EventRetracted(event_id=str(uuid.uuid4()), target_event_id=event_id, reason=reason)
    return _append(store, state, [event])


def correct(store: EventStore, event_id: str, changes: dict[str, Any], reason: str) -> CurationResult:
    """Change fields of a live domain event; `changes` is checked before anything is stored."""
    if not reason.strip():
        raise ValueError("a correction needs a reason")
    change_columns(changes)  # raises ValueError naming the bad field
    state = _live_state(store, event_id)
    corrected_event(state.live[event_id], changes)  # the corrected event must be valid as a whole
    event = EventCorrected(
        event_id=str(uuid.uuid4()), target_event_id=event_id, changes=changes, reason=reason
    )
    return _append(store, state, [event])


def reextract(store: EventStore, report_id: str) -> CurationResult:
    """Run the current extractor on the stored text again; the new events supersede the old ones.
    A report already extracted by this extractor version is left as it is (changed=False)."""
    state = load(store, report_stream(report_id))
    if state.extractor_version == EXTRACTOR_VERSION:
        return CurationResult(state.stream_id, [], [], changed=False)
    received = state.received
    report = Report(
        report_id=received.report_id,
        text=received.text,
        published=received.published,
        source=received.source,
        url=received.url,
        title=received.title,
    )
    marker = ReportReextracted(
        event_id=str(uuid.uuid4()),
        report_id=report_id,
        extractor_version=EXTRACTOR_VERSION,
        at=datetime.now(UTC),
    )
    events = extract(report)
    if events and all(e.event_id in state.stored_ids for e in events):
        return CurationResult(state.stream_id, [], [], changed=False)  # same extraction as stored
    return _append(store, state, [marker, *events])
