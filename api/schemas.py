"""Request and response bodies of the HTTP API (kept apart from the domain events they describe)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from api import examples as E
from api.schemas_query import Entry
from api.schemas_query import ErrorOut as ErrorOut  # the one error body; defined beside the query shapes
from timeline.domain.report import EARLIEST_PUBLISHED

NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL characters: refuse them up front (422)


class ReportIn(BaseModel):
    """A report to ingest: its text (plain or HTML) and what is known about it."""

    model_config = ConfigDict(json_schema_extra=E.examples(E.REPORT_IN), extra="forbid")

    # No length limit here: the request body cap (Settings.max_body_bytes, api/errors.py) bounds the text, and
    # prepare_page checks the page against the same cap.
    text: str = Field(
        min_length=1,
        description="the report, plain text or HTML; a request body over the size cap "
                    "(TIMELINE_MAX_BODY_BYTES, default 5,000,000 bytes) gets 413")
    content_type: Literal["text/plain", "text/html"] | None = Field(
        default=None, description="guessed from the text when omitted"
    )
    source: str | None = Field(default=None, max_length=500, description="outlet")
    url: str | None = Field(default=None, max_length=2000)
    title: str | None = Field(default=None, max_length=1000)
    published: date | None = Field(
        default=None,
        description=f"publication date YYYY-MM-DD, from {EARLIEST_PUBLISHED.isoformat()} to tomorrow (UTC); "
                    "found in the text if omitted")
    date_order: str | None = Field(default=None, max_length=8, description="e.g. DMY for 2/1/2019 bylines")

    @field_validator("text", "source", "url", "title", "date_order")
    @classmethod
    def _no_nul(cls, value: str | None) -> str | None:
        if value is not None and "\x00" in value:
            raise ValueError("must not contain NUL (\\u0000) characters")
        return value

    @field_validator("published", mode="before")
    @classmethod
    def _date_as_text(cls, value: object) -> object:
        # pydantic reads a number as a Unix time (0 -> 1970-01-01): a date must be written as one
        if value is not None and not isinstance(value, str | date):
            raise PydanticCustomError("date_type", "must be a date written YYYY-MM-DD")
        return value


class IngestOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=E.examples(E.INGEST))

    report_id: str
    event_ids: list[str]
    created: bool = Field(description="false when the same report was stored already")
    published: date | None
    published_rule: str | None


class ReportOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=E.examples(E.REPORT_OUT))

    report_id: str
    stream_id: str
    source: str | None
    url: str | None
    title: str | None
    published: date | None
    published_rule: str | None
    received_at: datetime
    content_type: str
    extractor_version: str | None
    event_count: int = Field(description="live events")
    text: str
    events: list[Entry] = Field(description="its live events, as /timeline shows them")


class HealthOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=E.examples(E.HEALTH))

    status: Literal["ok", "behind", "error"]
    database: str
    last_position: int | None
    checkpoints: dict[str, int]
    lag: dict[str, int]


class HealthDownOut(HealthOut):
    """503: the health report, with the one error field (`detail`) every error body has."""

    model_config = ConfigDict(json_schema_extra=E.examples(E.HEALTH_DOWN))

    detail: str
