"""The events table and the triggers that make it append-only, and the API keys table, for SQLite and
PostgreSQL: created together under one lock."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.schema import CreateTable

metadata = MetaData()

# `position` is assigned by the store under its write lock as max + 1, so it is gap-free and in commit
# order. On SQLite the INTEGER PRIMARY KEY makes it the rowid, which is the cheapest range scan there is.
events = Table(
    "events",
    metadata,
    Column("position", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False),
    Column("stream_id", Text, nullable=False),
    Column("stream_version", Integer, nullable=False),
    Column("event_id", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("data", JSON().with_variant(JSONB(), "postgresql"), nullable=False),
    Column("metadata", JSON().with_variant(JSONB(), "postgresql"), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    # The unique (stream, version) index also serves read_stream and stream_version.
    UniqueConstraint("stream_id", "stream_version", name="events_stream_version_key"),
    UniqueConstraint("event_id", name="events_event_id_key"),
    CheckConstraint("position >= 1", name="events_position_positive"),
    CheckConstraint("stream_version >= 1", name="events_stream_version_positive"),
)

# API keys (timeline.store.keys): one row per key, its secret only as a hash. Not part of the log: a key
# is a credential, not a fact about the conflict, and its revocation is an update of `revoked_at` (which
# then also tells when); who made each write is kept in the log's events themselves.
api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("hash", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("revoked_by", Text, nullable=True),
    CheckConstraint("role IN ('ingest', 'editor', 'admin')", name="api_keys_role_known"),
)

_SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS events_no_{op.lower()} BEFORE {op} ON events
        BEGIN SELECT RAISE(ABORT, 'events is append-only: {op} rejected'); END"""
    for op in ("UPDATE", "DELETE")
]

# Statement-level, so even an UPDATE or DELETE that matches no row is refused.
_POSTGRES_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'events is append-only: % rejected', TG_OP; END $$""",
    """CREATE OR REPLACE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
       FOR EACH STATEMENT EXECUTE FUNCTION events_reject_change()""",
    """CREATE OR REPLACE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
       FOR EACH STATEMENT EXECUTE FUNCTION events_reject_change()""",
]

# Any constant will do: it only keeps two processes from creating the same objects at once.
_SCHEMA_LOCK_KEY = 734_118_202


def create_schema(engine: Engine, pg_schema: str | None = None) -> None:
    """Create the events table, its indexes and its append-only triggers, and the API keys table, unless
    they exist.

    On PostgreSQL the objects go into the first schema of the connection's search_path; pass that
    schema's name as `pg_schema` to have it created too when it is missing.
    """
    dialect = engine.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise ValueError(f"unsupported database dialect {dialect!r}: use sqlite or postgresql")
    with engine.begin() as conn:
        if dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK_KEY})
            if pg_schema:
                quoted = engine.dialect.identifier_preparer.quote_identifier(pg_schema)
                conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {quoted}"))
        conn.execute(CreateTable(events, if_not_exists=True))
        conn.execute(CreateTable(api_keys, if_not_exists=True))
        for ddl in _POSTGRES_TRIGGERS if dialect == "postgresql" else _SQLITE_TRIGGERS:
            conn.execute(text(ddl))
