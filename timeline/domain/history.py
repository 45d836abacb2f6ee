"""An event's versions, for the audit trail: as extracted, then each correction, split, retraction or
re-extraction that changed it, each with who made it (the `by` the log recorded), when and why. Read by
folding the report's stream with the one live-events rule (`timeline.domain.live`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from timeline.domain.access import Author
from timeline.domain.events import (
    DomainEvent,
    EventCorrected,
    EventRetracted,
    IncidentSplit,
    ReportReceived,
    ReportReextracted,
)
from timeline.domain.live import Recorded, Remove, ReportStream, Upsert

Action = Literal["extracted", "corrected", "split", "retracted", "superseded"]


@dataclass(frozen=True, slots=True)
class Version:
    """One step of an event's life. `event` is the event as this step left it (None once withdrawn)."""

    action: Action
    position: int
    recorded_at: datetime
    by: Author | None
    reason: str | None
    changes: dict[str, Any] | None
    event: dict[str, Any] | None
    curation_event_id: str | None  # the curation event that made this step (None for "extracted")


@dataclass(frozen=True, slots=True)
class EventHistory:
    event_id: str
    report_id: str
    stream_id: str
    status: Literal["live", "retracted", "superseded"]
    versions: list[Version] = field(default_factory=list)


def event_history(stream_id: str, recorded: Iterable[Recorded], event_id: str) -> EventHistory | None:
    """The history of domain event `event_id` of this stream, or None when the stream holds no such
    domain event."""
    state = ReportStream(stream_id)
    versions: list[Version] = []
    writer: Author | None = None  # who appended the domain events that follow (ingest or re-extraction)
    for rec in recorded:
        changes = [c for c in state.apply(rec) if _concerns(c, event_id)]
        if issubclass(rec.cls, DomainEvent):
            if rec.data["event_id"] == event_id:
                version = rec.data["extractor"]["version"]
                versions.append(Version("extracted", rec.position, rec.recorded_at, writer,
                                        f"extracted by {rec.data['extractor']['name']} {version}", None,
                                        rec.data, None))  # fmt: skip
            continue
        event = rec.event
        if isinstance(event, ReportReceived | ReportReextracted):
            writer = event.by
        if not versions:
            continue  # before the event was extracted
        if isinstance(event, ReportReextracted):
            if changes:  # it was live, and this re-extraction replaced it
                versions.append(Version("superseded", rec.position, rec.recorded_at, event.by,
                                        f"re-extracted by extractor {event.extractor_version}", None, None,
                                        event.event_id))  # fmt: skip
        elif isinstance(event, EventRetracted | EventCorrected | IncidentSplit):
            if event.target_event_id != event_id:
                continue
            action: Action = ("retracted" if isinstance(event, EventRetracted)
                              else "corrected" if isinstance(event, EventCorrected) else "split")  # fmt: skip
            after = state.live.get(event_id)
            versions.append(Version(action, rec.position, rec.recorded_at, event.by, event.reason,
                                    event.changes if isinstance(event, EventCorrected) else None,
                                    after.data if after is not None else None, event.event_id))  # fmt: skip
    if not versions or state.report is None:
        return None
    status: Literal["live", "retracted", "superseded"] = (
        "live" if event_id in state.live else "retracted" if event_id in state.retracted else "superseded"
    )
    return EventHistory(event_id, state.report.report_id, stream_id, status, versions)


def _concerns(change: object, event_id: str) -> bool:
    return isinstance(change, Upsert | Remove) and change.event_id == event_id
