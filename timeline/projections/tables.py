"""Rows of the read models (SQLModel tables). Projections own them; queries only read them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Dialect, Index
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite stores none, so it is put back on read)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return None if value is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class ProjectionCheckpoint(SQLModel, table=True):
    """Last global position a projection applied; written in the same transaction as its rows."""

    __tablename__ = "projection_checkpoints"
    name: str = Field(primary_key=True)
    position: int = 0


class ReportRow(SQLModel, table=True):
    """The catalogue of received reports."""

    __tablename__ = "reports"
    report_id: str = Field(primary_key=True)
    stream_id: str
    source: str | None = Field(default=None, index=True)
    url: str | None = None
    title: str | None = None
    published: date | None = Field(default=None, index=True)
    published_rule: str | None = None
    received_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    content_type: str = "text/plain"
    text_length: int = 0
    extractor_version: str | None = None
    event_count: int = 0
    position: int = Field(index=True)  # position of ReportReceived


class TimelineRow(SQLModel, table=True):
    """One row per live domain event (retracted ones removed, corrected ones updated, re-extracted
    reports replaced). Denormalises its report's outlet and date so filters need no join."""

    __tablename__ = "timeline_entries"
    __table_args__ = (
        Index("ix_timeline_admin1_date", "admin1", "date_start", "date_end", "country"),
        Index("ix_timeline_country_date", "country", "date_start", "date_end"),
        Index("ix_timeline_gazetteer_date", "gazetteer_id", "date_start", "date_end"),
        Index("ix_timeline_kind_date", "kind", "date_start"),
        Index("ix_timeline_dates", "date_start", "date_end"),
    )
    event_id: str = Field(primary_key=True)
    report_id: str = Field(index=True)
    position: int = Field(index=True)  # position of the domain event (or its latest correction)
    kind: str
    type_name: str
    date_start: date | None = None
    date_end: date | None = None
    date_precision: str = "unknown"
    date_phrase: str | None = None
    place_name: str | None = None
    place_resolved: str | None = None
    gazetteer_id: str | None = None
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    place_precision: str | None = None
    actors: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    actor1: str | None = Field(default=None, index=True)
    evidence_text: str
    evidence_start: int
    evidence_end: int
    confidence: float = 0.5
    extractor_name: str
    extractor_version: str
    rule_id: str | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injured_low: int | None = None
    injured_high: int | None = None
    source: str | None = Field(default=None, index=True)
    url: str | None = None
    title: str | None = None
    published: date | None = Field(default=None, index=True)
    corrected: bool = False
    extra: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class TimelineActorRow(SQLModel, table=True):
    """(actor, event) pairs so an actor filter is an index lookup, not a JSON scan."""

    __tablename__ = "timeline_actors"
    actor: str = Field(primary_key=True)
    event_id: str = Field(primary_key=True, index=True)
