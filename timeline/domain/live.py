"""Which events of a report are live: the one fold of a report's stream (received, extracted, retracted,
corrected, re-extracted, split) into its live events, giving typed changes (`Upsert`, `Remove`,
`ReportChanged`) that every projection, the live feed and the write side consume.

`ReportStream.apply` folds one recorded event; `LiveFold` folds a batch of the global log, asking for
the earlier part of a stream (`history`) the first time it meets a stream it has not seen from its start.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from timeline.domain.corrections import corrected_event
from timeline.domain.events import (
    DomainEvent,
    Event,
    EventCorrected,
    EventRetracted,
    IncidentSplit,
    ReportReceived,
    ReportReextracted,
    is_report_stream,
)


@dataclass(frozen=True, slots=True)
class Recorded:
    """An event as the log recorded it, decoded once."""

    position: int
    stream_id: str
    stream_version: int
    event: Event
    metadata: dict[str, Any]
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class ReportInfo:
    """What a report's ReportReceived says, without its text."""

    report_id: str
    stream_id: str
    source: str | None
    url: str | None
    title: str | None
    published: date | None
    published_rule: str | None
    received_at: datetime
    content_type: str
    text_length: int
    position: int

    @classmethod
    def of(cls, received: ReportReceived, stream_id: str, position: int) -> ReportInfo:
        return cls(received.report_id, stream_id, received.source, received.url, received.title,
                   received.published, received.published_rule, received.received_at, received.content_type,
                   len(received.text), position)  # fmt: skip


@dataclass(frozen=True, slots=True)
class LiveEvent:
    """A live domain event as curation left it."""

    event: DomainEvent  # corrections applied
    position: int  # of the latest change: the event itself, a correction or a split
    corrected: bool = False
    pinned: bool = False  # split out of its incident by a curator: never merged automatically


@dataclass(frozen=True, slots=True)
class Upsert:
    """An event is live, new or changed. `first`: it was just appended, so no projection has it yet."""

    live: LiveEvent
    report: ReportInfo
    position: int
    first: bool

    @property
    def event(self) -> DomainEvent:
        return self.live.event


@dataclass(frozen=True, slots=True)
class Remove:
    """An event stopped being live (retracted, or superseded by a re-extraction of its report)."""

    event_id: str
    report_id: str
    position: int


@dataclass(frozen=True, slots=True)
class ReportChanged:
    """A report's catalogue entry after an event of its stream."""

    report: ReportInfo
    extractor_version: str | None
    live_count: int
    position: int


Change = Upsert | Remove | ReportChanged


class UnknownReport(LookupError):
    """No stream holds this report."""


@dataclass
class ReportStream:
    """What a report's stream says after the events folded so far."""

    stream_id: str
    version: int = 0
    received: ReportReceived | None = None
    report: ReportInfo | None = None
    live: dict[str, LiveEvent] = field(default_factory=dict)  # in log order
    stored_ids: set[str] = field(default_factory=set)  # every domain event id the stream holds
    retracted: set[str] = field(default_factory=set)  # live events a curator withdrew
    extractor_version: str | None = None

    def apply(self, rec: Recorded) -> list[Change]:
        """Fold one event of this stream; returns what changed."""
        self.version = rec.stream_version
        event = rec.event
        changes: list[Change] = []
        if isinstance(event, ReportReceived):
            self.received = event
            self.report = ReportInfo.of(event, rec.stream_id, rec.position)
            self.extractor_version = rec.metadata.get("extractor_version")
        elif self.report is None:
            raise ValueError(f"stream {self.stream_id!r} does not start with ReportReceived")
        elif isinstance(event, DomainEvent):
            live = self.live[event.event_id] = LiveEvent(event, rec.position)
            self.stored_ids.add(event.event_id)
            self.extractor_version = event.extractor.version
            changes.append(Upsert(live, self.report, rec.position, first=True))
        elif isinstance(event, EventRetracted):
            if self.live.pop(event.target_event_id, None) is not None:
                self.retracted.add(event.target_event_id)
                changes.append(Remove(event.target_event_id, self.report.report_id, rec.position))
        elif isinstance(event, EventCorrected | IncidentSplit):
            current = self.live.get(event.target_event_id)
            if current is None:
                return []  # correcting or splitting a withdrawn event changes nothing visible
            if isinstance(event, EventCorrected):
                fixed = corrected_event(current.event, event.changes)
                live = replace(current, event=fixed, position=rec.position, corrected=True)
            else:
                live = replace(current, position=rec.position, pinned=True)
            self.live[event.target_event_id] = live
            changes.append(Upsert(live, self.report, rec.position, first=False))
        elif isinstance(event, ReportReextracted):
            changes.extend(Remove(i, self.report.report_id, rec.position) for i in self.live)
            self.live.clear()
            self.extractor_version = event.extractor_version
        changes.append(ReportChanged(self.report, self.extractor_version, len(self.live), rec.position))
        return changes


def fold_stream(stream_id: str, recorded: Iterable[Recorded]) -> ReportStream:
    """A report's stream folded from its start; raises UnknownReport when it holds nothing."""
    state = ReportStream(stream_id)
    for rec in recorded:
        state.apply(rec)
    if state.received is None:
        raise UnknownReport(f"no report stored in stream {stream_id!r}")
    return state


History = Callable[[str, int], Iterable[Recorded]]  # (stream, before position) -> its earlier events


class LiveFold:
    """Folds batches of the global log into changes. A stream met after its start is first folded from
    `history` (without changes); states are kept only while their streams keep appearing in batches."""

    def __init__(self, history: History) -> None:
        self.history = history
        self.streams: dict[str, ReportStream] = {}

    def changes(self, batch: Sequence[Recorded]) -> list[Change]:
        if not batch:
            return []
        start = batch[0].position
        batch = [rec for rec in batch if is_report_stream(rec.stream_id)]  # only these hold domain events
        kept: dict[str, ReportStream] = {}
        for rec in batch:
            if rec.stream_id in kept:
                continue
            state = self.streams.get(rec.stream_id)
            if state is None or state.version != rec.stream_version - 1:
                state = ReportStream(rec.stream_id)
                if rec.stream_version > 1:
                    for earlier in self.history(rec.stream_id, start):
                        state.apply(earlier)
            kept[rec.stream_id] = state
        self.streams = kept  # memory stays bounded by one batch's streams
        out: list[Change] = []
        for rec in batch:
            out.extend(kept[rec.stream_id].apply(rec))
        return out
