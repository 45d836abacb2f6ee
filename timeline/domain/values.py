"""Value objects shared by every domain event: when, where, who, and the words that say so."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

DatePrecision = Literal["day", "week", "month", "season", "year", "range", "before-publication", "unknown"]
PlacePrecision = Literal["locality", "admin1", "country"]
MAX_INT32 = 2**31 - 1  # projection columns are 32-bit integers on PostgreSQL


class Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class When(Value):
    """A date interval (inclusive) with its precision and the phrase it was read from."""

    start: date | None = None
    end: date | None = None
    precision: DatePrecision = "unknown"
    phrase: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> When:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"date interval ends ({self.end}) before it starts ({self.start})")
        return self

    @classmethod
    def unknown(cls) -> When:
        return cls(precision="unknown")


class Place(Value):
    """Where an event happened: the name as written and, when resolved, the gazetteer entry."""

    name: str
    resolved_name: str | None = None
    gazetteer_id: str | None = None
    admin1: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    precision: PlacePrecision = "locality"


class Evidence(Value):
    """The words that state an event, with character offsets into the report's stored text."""

    text: str
    start: int = Field(ge=0, le=MAX_INT32)
    end: int = Field(ge=0, le=MAX_INT32)

    @model_validator(mode="after")
    def _span(self) -> Evidence:
        if self.end < self.start:
            raise ValueError("evidence end offset is before its start")
        return self


class Extractor(Value):
    name: str
    version: str
    rule_id: str | None = None


class Count(Value):
    """A stated number of people, exact (low == high) or a range ("more than 30" -> 31..None)."""

    low: int | None = Field(default=None, ge=0, le=MAX_INT32)
    high: int | None = Field(default=None, ge=0, le=MAX_INT32)
    phrase: str | None = None
