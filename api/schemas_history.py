"""Response bodies of `GET /events/{id}/history`: an event's versions with who, when and why."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api import examples as E


class HistoryAuthorOut(BaseModel):
    """Who made a step: an API key (id and name) or the CLI's local operator (`cli:<user>`)."""

    kind: Literal["key", "cli"]
    id: str
    name: str


class EventVersionOut(BaseModel):
    """One step of the event's life, in log order."""

    action: Literal["extracted", "corrected", "split", "retracted", "superseded"]
    position: int = Field(description="the log position of the step")
    recorded_at: datetime = Field(description="when the log recorded it (UTC)")
    by: HistoryAuthorOut | None = Field(description="who made it; null when the log did not record who")
    reason: str | None = Field(description="why: the curator's reason, or which extractor")
    changes: dict[str, Any] | None = Field(description="a correction's field -> new value")
    event: dict[str, Any] | None = Field(description="the event as this step left it; null once withdrawn")
    curation_event_id: str | None = Field(description="the curation event that made the step")


class EventHistoryOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=E.examples(E.HISTORY))

    event_id: str
    report_id: str
    stream_id: str
    status: Literal["live", "retracted", "superseded"]
    versions: list[EventVersionOut]
