"""Curation: retract, correct or split one domain event, or re-extract a report, by appending a curation
event to the report's stream at the version the writer read (a concurrent change is retried, then raises
ConcurrencyError)."""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from timeline.domain.access import Author
from timeline.domain.corrections import check_changes, corrected_event
from timeline.domain.events import (
    EventCorrected,
    EventRetracted,
    IncidentSplit,
    ReportReextracted,
    report_stream,
)
from timeline.domain.report import Report
from timeline.domain.serialization import to_new_event
from timeline.services.extraction import Extraction
from timeline.services.streams import ReportStream, load
from timeline.store.base import ConcurrencyError, EventStore

ATTEMPTS = 3  # a write that lost a race reloads the stream and checks again this many times in all
# Projection integer columns are 32-bit on PostgreSQL: a bigger count stored in the log would stop them.
MAX_INT = 2**31 - 1


class UnknownEvent(LookupError):
    """No domain event has this id."""


class EventNotLive(UnknownEvent):
    """The event is stored but no longer live (retracted, or superseded by a re-extraction)."""


class InvalidCuration(ValueError):
    """A curation request that cannot be stored as asked (no reason, a bad field or value)."""


@dataclass(frozen=True)
class CurationResult:
    stream_id: str
    event_ids: list[str]  # what was appended (curation event first)
    positions: list[int]
    changed: bool = True


def _live_state(store: EventStore, event_id: str) -> ReportStream:
    stream_id = store.stream_of(event_id)
    if stream_id is None:
        raise UnknownEvent(f"no event with id {event_id!r}")
    state = load(store, stream_id)
    if event_id in state.live:
        return state
    if event_id in state.retracted:
        raise EventNotLive(f"event {event_id!r} is retracted already")
    if event_id in state.stored_ids:
        raise EventNotLive(f"event {event_id!r} was superseded by a re-extraction of its report")
    raise UnknownEvent(f"{event_id!r} is not a domain event (it is a report or curation record)")


def _append(store: EventStore, state: ReportStream, events: list[Any]) -> CurationResult:
    positions = store.append(state.stream_id, [to_new_event(e) for e in events], state.version)
    return CurationResult(state.stream_id, [e.event_id for e in events], positions)


def _retrying(attempt: Callable[[], CurationResult]) -> CurationResult:
    """Run a read-check-append; when another writer got to the stream first, read and check again."""
    for _ in range(ATTEMPTS - 1):
        try:
            return attempt()
        except ConcurrencyError:
            continue
    return attempt()  # the last try's ConcurrencyError goes to the caller


def _need_reason(reason: str, what: str) -> None:
    if not reason.strip():
        raise InvalidCuration(f"{what} needs a reason")
    _storable(reason, "reason")


def _storable(value: Any, where: str) -> None:
    """Refuse what the log or a projection cannot hold (NUL in PostgreSQL text, NaN in JSONB, counts
    beyond an integer column): once stored, such an event would stop every projection that reads it."""
    if isinstance(value, str) and "\x00" in value:
        raise InvalidCuration(f"{where}: text must not contain NUL (\\u0000) characters")
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidCuration(f"{where}: {value} is not a finite number")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
        raise InvalidCuration(f"{where}: {value} is too large (at most {MAX_INT})")
    if isinstance(value, dict):
        for key, item in value.items():
            _storable(key, where)
            _storable(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for item in value:
            _storable(item, where)


def retract(store: EventStore, event_id: str, reason: str, *, by: Author) -> CurationResult:
    """Withdraw a live domain event from every projection (EventNotLive if it is retracted already)."""
    _need_reason(reason, "a retraction")

    def attempt() -> CurationResult:
        state = _live_state(store, event_id)
        event = EventRetracted(event_id=str(uuid.uuid4()), target_event_id=event_id, reason=reason, by=by)
        return _append(store, state, [event])

    return _retrying(attempt)


def correct(
    store: EventStore, event_id: str, changes: dict[str, Any], reason: str, *, by: Author
) -> CurationResult:
    """Change fields of a live domain event; `changes` is checked before anything is stored."""
    _need_reason(reason, "a correction")
    _storable(changes, "changes")
    try:
        check_changes(changes)  # names the bad field
    except ValueError as exc:
        raise InvalidCuration(str(exc)) from exc

    def attempt() -> CurationResult:
        state = _live_state(store, event_id)
        try:  # the corrected event must be valid as a whole
            fixed = corrected_event(state.live[event_id].event, changes)
        except ValueError as exc:
            problem = " ".join(str(exc).split())  # one line, for the HTTP and CLI error
            raise InvalidCuration(f"the corrected event would be invalid: {problem}") from exc
        _storable(fixed.model_dump(mode="json"), "changes")  # e.g. 1e12 read as a count
        event = EventCorrected(
            event_id=str(uuid.uuid4()), target_event_id=event_id, changes=changes, reason=reason, by=by
        )
        return _append(store, state, [event])

    return _retrying(attempt)


def split(store: EventStore, event_id: str, reason: str, *, by: Author) -> CurationResult:
    """Take a live domain event out of its incident and keep it out of automatic merges."""
    _need_reason(reason, "a split")

    def attempt() -> CurationResult:
        state = _live_state(store, event_id)
        event = IncidentSplit(event_id=str(uuid.uuid4()), target_event_id=event_id, reason=reason, by=by)
        return _append(store, state, [event])

    return _retrying(attempt)


def reextract(store: EventStore, extraction: Extraction, report_id: str, *, by: Author) -> CurationResult:
    """Run the current extractor on the stored text again; the new events supersede the old ones.
    A report already extracted by this extractor version is left as it is (changed=False)."""
    return _retrying(lambda: _reextract_once(store, extraction, report_id, by))


def _reextract_once(store: EventStore, extraction: Extraction, report_id: str, by: Author) -> CurationResult:
    state = load(store, report_stream(report_id))
    if state.extractor_version == extraction.version:
        return CurationResult(state.stream_id, [], [], changed=False)
    received = state.received
    assert received is not None  # load() raises for a stream without its ReportReceived
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
        extractor_version=extraction.version,
        at=datetime.now(UTC),
        by=by,
    )
    events = extraction.extract(report)
    if events and all(e.event_id in state.stored_ids for e in events):
        return CurationResult(state.stream_id, [], [], changed=False)  # same extraction as stored
    return _append(store, state, [marker, *events])
