"""Which events of a report are live: the one fold of a report's stream (received, extracted, retracted,
corrected, re-extracted, split) into its live events, giving typed changes (`Upsert`, `Remove`,
`ReportChanged`) that every projection, the live feed and the write side consume.

`ReportStream.apply` folds one recorded event; `LiveFold` folds a batch of the global log, asking for
the earlier part of a stream (`history`) the first time it meets a stream it has not seen from its start.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
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


class Recorded:
    """An event as the log recorded it: its class and its data in the class's current shape. The typed
    event is built (validated) only when asked for: the fold and the projections read a domain event's
    few fields they need from `data`, which halves a rebuild's time."""

    __slots__ = ("position", "stream_id", "stream_version", "cls", "data", "metadata", "recorded_at",
                 "_event")

    def __init__(self, position: int, stream_id: str, stream_version: int, cls: type[Event],
                 data: dict[str, Any], metadata: dict[str, Any], recorded_at: datetime,
                 event: Event | None = None) -> None:  # fmt: skip
        self.position, self.stream_id, self.stream_version = position, stream_id, stream_version
        self.cls, self.data, self.metadata, self.recorded_at = cls, data, metadata, recorded_at
        self._event = event

    @classmethod
    def of(cls, position: int, stream_id: str, stream_version: int, event: Event, metadata: dict[str, Any],
           recorded_at: datetime) -> Recorded:  # fmt: skip
        return cls(position, stream_id, stream_version, type(event), event.model_dump(mode="json"), metadata,
                   recorded_at, event)  # fmt: skip

    @property
    def event(self) -> Event:
        if self._event is None:
            self._event = self.cls.model_validate(self.data)
        return self._event


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


class LiveEvent:
    """A live domain event as curation left it: its class and data (corrections applied; the typed event
    is built when asked for), the position of its latest change (the event itself, a correction or a
    split), and whether a curator split it out of its incident (`pinned`: never merged automatically)."""

    __slots__ = ("cls", "data", "position", "corrected", "pinned", "_event")

    def __init__(self, cls: type[DomainEvent], data: dict[str, Any], position: int, corrected: bool = False,
                 pinned: bool = False, event: DomainEvent | None = None) -> None:  # fmt: skip
        self.cls, self.data, self.position = cls, data, position
        self.corrected, self.pinned, self._event = corrected, pinned, event

    def _key(self) -> tuple[Any, ...]:
        return (self.cls, self.data, self.position, self.corrected, self.pinned)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LiveEvent) and self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  # mutable data: not hashable

    def __repr__(self) -> str:
        return f"LiveEvent({self.cls.__name__} {self.event_id} @{self.position})"

    @property
    def event_id(self) -> str:
        return str(self.data["event_id"])

    @property
    def event(self) -> DomainEvent:
        if self._event is None:
            self._event = self.cls.model_validate(self.data)
        return self._event

    def corrected_by(self, changes: dict[str, Any], position: int) -> LiveEvent:
        fixed = corrected_event(self.event, changes)
        return LiveEvent(type(fixed), fixed.model_dump(mode="json"), position, True, self.pinned, fixed)

    def split_at(self, position: int) -> LiveEvent:
        return LiveEvent(self.cls, self.data, position, self.corrected, True, self._event)


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

    @property
    def event_id(self) -> str:
        return self.live.event_id


@dataclass(frozen=True, slots=True)
class Remove:
    """An event stopped being live (retracted, or superseded by a re-extraction of its report)."""

    event_id: str
    report_id: str
    position: int


@dataclass(frozen=True, slots=True)
class ReportChanged:
    """A report's catalogue entry as a batch leaves it (one per report the batch touched, after its
    other changes)."""

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
        changes: list[Change] = []
        if issubclass(rec.cls, DomainEvent):  # the common case, read from the data: no validation
            if self.report is None:
                raise ValueError(f"stream {self.stream_id!r} does not start with ReportReceived")
            event_id = rec.data["event_id"]
            live = self.live[event_id] = LiveEvent(rec.cls, rec.data, rec.position)
            self.stored_ids.add(event_id)
            self.extractor_version = rec.data["extractor"]["version"]
            changes.append(Upsert(live, self.report, rec.position, first=True))
            return changes
        event = rec.event
        if isinstance(event, ReportReceived):
            self.received = event
            self.report = ReportInfo.of(event, rec.stream_id, rec.position)
            self.extractor_version = rec.metadata.get("extractor_version")
        elif self.report is None:
            raise ValueError(f"stream {self.stream_id!r} does not start with ReportReceived")
        elif isinstance(event, EventRetracted):
            if self.live.pop(event.target_event_id, None) is not None:
                self.retracted.add(event.target_event_id)
                changes.append(Remove(event.target_event_id, self.report.report_id, rec.position))
        elif isinstance(event, EventCorrected | IncidentSplit):
            current = self.live.get(event.target_event_id)
            if current is None:
                return []  # correcting or splitting a withdrawn event changes nothing visible
            if isinstance(event, EventCorrected):
                live = current.corrected_by(event.changes, rec.position)
            else:
                live = current.split_at(rec.position)
            self.live[event.target_event_id] = live
            changes.append(Upsert(live, self.report, rec.position, first=False))
        elif isinstance(event, ReportReextracted):
            changes.extend(Remove(i, self.report.report_id, rec.position) for i in self.live)
            self.live.clear()
            self.extractor_version = event.extractor_version
        return changes

    def settled(self) -> list[Change]:
        """The stream as it stands, as changes for a read model that holds none of it: each live event
        new (`first`), then the catalogue entry."""
        if self.report is None:
            return []
        changes: list[Change] = [Upsert(live, self.report, live.position, first=True)
                                 for live in self.live.values()]  # fmt: skip
        last = max([self.report.position, *(live.position for live in self.live.values())])
        entry = self.catalogue(last)
        return [*changes, entry] if entry is not None else changes

    def catalogue(self, position: int) -> ReportChanged | None:
        """The report's catalogue entry now (None before its ReportReceived)."""
        if self.report is None:
            return None
        return ReportChanged(self.report, self.extractor_version, len(self.live), position)


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
        last: dict[str, int] = {}
        for rec in batch:
            out.extend(kept[rec.stream_id].apply(rec))
            last[rec.stream_id] = rec.position
        for stream_id, position in last.items():
            entry = kept[stream_id].catalogue(position)
            if entry is not None:
                out.append(entry)
        return out
