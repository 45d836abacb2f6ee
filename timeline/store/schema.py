"""The events table and the API keys table as the store reads and writes them, and `upgrade`: the log's
tables brought to the newest Alembic revision (timeline/store/migrations), for SQLite and PostgreSQL."""

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
    inspect,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from timeline.store.sql import write_transaction

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
# then also tells when); who made each write is kept in the log's events themselves. Made by revision 0003.
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

# Any constant will do: it only keeps two processes from migrating the same database at once.
_SCHEMA_LOCK_KEY = 734_118_202
# The newest revision under timeline/store/migrations/versions (a test holds the two equal): a database
# already there is opened without loading Alembic.
HEAD = "0004"
_MIGRATIONS = "timeline.store:migrations"


def upgrade(engine: Engine, pg_schema: str | None = None) -> None:
    """Bring the log's tables to the newest revision (Alembic), under a lock so several processes can start
    together. A database made before migrations existed (an events table, no alembic_version) is taken
    to be at revision 0001 and upgraded from there.

    On PostgreSQL the objects go into the first schema of the connection's search_path; pass that
    schema's name as `pg_schema` to have it created too when it is missing.
    """
    dialect = engine.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise ValueError(f"unsupported database dialect {dialect!r}: use sqlite or postgresql")
    if pg_schema is None and current_revision(engine) == HEAD:
        return  # the common case: no lock, no Alembic
    from alembic import command
    from alembic.config import Config

    with write_transaction(engine) as conn:
        if dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK_KEY})
            if pg_schema:
                quoted = engine.dialect.identifier_preparer.quote_identifier(pg_schema)
                conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {quoted}"))
        config = Config()
        config.set_main_option("script_location", _MIGRATIONS)
        config.attributes["connection"] = conn
        tables = set(inspect(conn).get_table_names())
        if "events" in tables and "alembic_version" not in tables:
            command.stamp(config, "0001")
        command.upgrade(config, "head")


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None before any)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

