"""Every read model's table, in one style (SQLAlchemy Core, one MetaData), and the checkpoint table that
records how far each projection has applied the log and with which schema version. Projections own
these tables; queries only read them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
)
from sqlalchemy.types import TypeDecorator

metadata = MetaData()


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


# Last position a projection applied (written in the same transaction as its rows), the schema version its
# tables were built with (a different version is rebuilt), and the generation of its physical tables.
checkpoints = Table(
    "projection_checkpoints", metadata,
    Column("name", String, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("version", String, nullable=False),
    Column("generation", Integer, nullable=False),
)

# The catalogue of received reports.
reports = Table(
    "reports", metadata,
    Column("report_id", String, primary_key=True),
    Column("stream_id", String, nullable=False),
    Column("source", String), Column("url", String), Column("title", String),
    Column("published", Date), Column("published_rule", String),
    Column("received_at", UTCDateTime(), nullable=False),
    Column("content_type", String, nullable=False),
    Column("text_length", Integer, nullable=False),
    Column("extractor_version", String),
    Column("event_count", Integer, nullable=False),  # live events
    Column("position", Integer, nullable=False),  # of its ReportReceived
)

# One row per live domain event, its report's outlet and dates denormalised so filters need no join.
# The event id is a unique index rather than the primary key: a rebuild fills a bare table and builds its
# indexes after, each by one sort, and a primary key (an index SQLite and PostgreSQL keep while the rows go
# in) on ids that arrive in random order took 12 of the 28 s of a 1M-row fill.
timeline_entries = Table(
    "timeline_entries", metadata,
    Column("event_id", String, nullable=False),
    Column("report_id", String, nullable=False),
    Column("position", Integer, nullable=False),  # of the event, or of its latest correction or split
    Column("kind", String, nullable=False), Column("type_name", String, nullable=False),
    Column("date_start", Date), Column("date_end", Date),
    Column("date_precision", String, nullable=False), Column("date_phrase", String),
    Column("place_name", String), Column("place_resolved", String), Column("gazetteer_id", String),
    Column("admin1", String), Column("country", String), Column("lat", Float), Column("lon", Float),
    Column("place_precision", String),
    Column("actors", JSON, nullable=False), Column("actor1", String),
    Column("evidence_text", String, nullable=False),
    Column("evidence_start", Integer, nullable=False), Column("evidence_end", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("extractor_name", String, nullable=False), Column("extractor_version", String, nullable=False),
    Column("rule_id", String),
    Column("fatalities_low", Integer), Column("fatalities_high", Integer),
    Column("injured_low", Integer), Column("injured_high", Integer),
    Column("source", String), Column("url", String), Column("title", String), Column("published", Date),
    Column("corrected", Boolean, nullable=False),
    Column("span_class", Integer, nullable=False),  # interval length class (timeline.projections.spans)
    Index("ux_timeline_event", "event_id", unique=True),
    # What the place and window filters read: one range per interval-length class (timeline.query.sql's
    # index_ranges), already in page order (date_start, event_id), so a page reads only its own rows.
    # Then the contradiction look-up.
    Index("ix_timeline_gazetteer_date", "gazetteer_id", "span_class", "date_start", "event_id", "date_end"),
    Index("ix_timeline_admin1_date", "admin1", "country", "span_class", "date_start", "event_id", "date_end"),
    Index("ix_timeline_country_date", "country", "span_class", "date_start", "event_id", "date_end"),
    Index("ix_timeline_kind_date", "kind", "span_class", "date_start", "event_id"),
    Index("ix_timeline_dates", "span_class", "date_start", "event_id", "date_end"),
    Index("ix_timeline_report", "report_id"),
    # Covers the contradiction look-up: a year-long entry of a busy town has a thousand rivals, read from
    # the index alone rather than a thousand scattered table rows.
    Index("ix_timeline_rivals", "gazetteer_id", "kind", "span_class", "date_start", "date_end", "event_id",
          "actor1"),
)

# (actor, event) pairs, so an actor filter is an index lookup, not a JSON scan.
timeline_actors = Table(
    "timeline_actors", metadata,
    Column("actor", String, primary_key=True),
    Column("event_id", String, primary_key=True),
    Index("ix_timeline_actors_event", "event_id"),
)

# How many dated timeline rows start in each month, per place scope (timeline.projections.month_counts):
# a window's count adds up the months it covers whole and reads only its edges from the timeline's index.
timeline_month_counts = Table(
    "timeline_month_counts", metadata,
    Column("scope", String, primary_key=True),  # all, country, admin1 or gazetteer
    Column("place", String, primary_key=True),  # the country, the admin1, the gazetteer id ('' for all)
    Column("country", String, primary_key=True),  # an admin1's country ('' when none, or another scope)
    Column("month", Date, primary_key=True),  # its first day
    Column("n", Integer, nullable=False),
)

# Captures and withdrawals of named places by named parties (see timeline.query.control). Its event id is
# a unique index, built after a rebuild's fill, as the timeline's is.
control_events = Table(
    "control_events", metadata,
    Column("event_id", String, nullable=False),
    Column("report_id", String, nullable=False),
    Column("kind", String, nullable=False),
    Column("gazetteer_id", String), Column("place_name", String), Column("place_precision", String),
    Column("admin1", String), Column("country", String), Column("lat", Float), Column("lon", Float),
    Column("date_start", Date), Column("date_end", Date),
    Column("actor", String),  # who took the place, or who left it (canonical name)
    Column("other_actor", String),  # for a capture, the party said to have lost it
    Column("outlet", String),
    Column("position", Integer, nullable=False),
    Index("ux_control_event", "event_id", unique=True),
    Index("ix_control_gazetteer_date", "gazetteer_id", "date_start"),
    Index("ix_control_admin1", "admin1", "country"),
)

# Each live event's place in an incident, with the facet the merge rules read (timeline.domain.
# incident_rules) and the merge that admitted it.
incident_events = Table(
    "incident_events", metadata,
    Column("event_id", String, primary_key=True),
    Column("incident_id", String, nullable=False),
    Column("report_id", String, nullable=False),
    Column("kind", String, nullable=False),
    Column("date_start", Date), Column("date_end", Date),
    Column("gazetteer_id", String), Column("place_name", String), Column("place_precision", String),
    Column("admin1", String), Column("country", String),
    Column("actor1", String),  # canonical
    Column("outlet", String),
    Column("outlet_key", String),  # lower-cased: what corroboration counts
    Column("position", Integer, nullable=False),
    Column("rule", String, nullable=False),  # "first" or the merge rule that admitted it
    Column("merged_with", String),  # the member it was compared with (the incident's first)
    Column("pinned", Boolean, nullable=False),  # split out by a curator: alone, never merged
    Column("span_class", Integer, nullable=False),  # interval length class (timeline.projections.spans)
    Index("ix_incident_events_incident", "incident_id"),
    # Where an incremental batch looks for incidents its events may join, one index per place relation.
    Index("ix_incident_events_name", "kind", "place_name", "span_class", "date_start"),
    Index("ix_incident_events_gazetteer", "kind", "gazetteer_id", "span_class", "date_start"),
    Index("ix_incident_events_admin1", "kind", "admin1", "place_precision", "span_class", "date_start"),
    Index("ix_incident_events_country", "kind", "country", "place_precision", "span_class", "date_start"),
)

# One row per incident: its counts, and what complete linkage checks a newcomer against (the interval all
# members share, their actors, their distinct places, the first member), so no member is read to merge.
incidents = Table(
    "incidents", metadata,
    Column("incident_id", String, primary_key=True),
    Column("kind", String, nullable=False),
    Column("date_start", Date), Column("date_end", Date),  # the days every member's interval covers
    Column("event_count", Integer, nullable=False),
    Column("report_count", Integer, nullable=False),
    Column("outlet_count", Integer, nullable=False),  # corroboration: independent outlets
    Column("pinned", Boolean, nullable=False),
    Column("actors", JSON, nullable=False),  # distinct canonical first actors
    Column("places", JSON, nullable=False),  # distinct place facets
    Column("first", JSON, nullable=False),  # the first member's facet: the rule recorded for a merge
    Index("ix_incidents_kind_date", "kind", "date_start"),
)
