"""Request and response bodies of the curation endpoints (retract, correct, split, re-extract)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api import examples as E
from timeline.domain.corrections import CORRECTABLE_FIELDS

REASON = Field(min_length=1, max_length=2000, description="why (kept in the log)")


class ReasonIn(BaseModel):
    """A retraction or split: the reason is required."""

    model_config = ConfigDict(json_schema_extra=E.examples(E.REASON), extra="forbid")

    reason: str = REASON


class CorrectionIn(BaseModel):
    """New values for some fields of an event, and why."""

    model_config = ConfigDict(json_schema_extra=E.examples(E.CORRECTION), extra="forbid")

    changes: dict[str, Any] = Field(
        min_length=1,
        max_length=len(CORRECTABLE_FIELDS),
        description=f"field -> new value; correctable: {', '.join(CORRECTABLE_FIELDS)}",
        examples=[{"place": {"name": "Jalula", "admin1": "Diyala", "country": "IQ"}}],
    )
    reason: str = REASON


class CurationOut(BaseModel):
    """What the request appended to the report's stream (nothing when `changed` is false)."""

    model_config = ConfigDict(json_schema_extra=E.examples(E.CURATION))

    changed: bool = Field(description="false when nothing was appended (re-extraction with the same version)")
    stream_id: str
    event_id: str | None = Field(description="the curation event appended, null when nothing changed")
    position: int | None = Field(description="its global position in the log")
    event_ids: list[str] = Field(description="everything appended, curation event first")
    positions: list[int]
