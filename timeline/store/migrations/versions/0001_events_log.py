"""The append-only events table, as the first release created it (frozen here: later releases change it
only by new revisions).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS events_no_{op_name.lower()} BEFORE {op_name} ON events
        BEGIN SELECT RAISE(ABORT, 'events is append-only: {op_name} rejected'); END"""
    for op_name in ("UPDATE", "DELETE")
]
_POSTGRES_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'events is append-only: % rejected', TG_OP; END $$""",
    """CREATE OR REPLACE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
       FOR EACH STATEMENT EXECUTE FUNCTION events_reject_change()""",
    """CREATE OR REPLACE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
       FOR EACH STATEMENT EXECUTE FUNCTION events_reject_change()""",
]


def upgrade() -> None:
    json = sa.JSON().with_variant(JSONB(), "postgresql")
    op.create_table(
        "events",
        sa.Column(
            "position",
            sa.BigInteger().with_variant(sa.Integer, "sqlite"),
            primary_key=True,
            autoincrement=False,
        ),  # fmt: skip
        sa.Column("stream_id", sa.Text, nullable=False),
        sa.Column("stream_version", sa.Integer, nullable=False),
        sa.Column("event_id", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("schema_version", sa.Integer, nullable=False),
        sa.Column("data", json, nullable=False),
        sa.Column("metadata", json, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("stream_id", "stream_version", name="events_stream_version_key"),
        sa.UniqueConstraint("event_id", name="events_event_id_key"),
        sa.CheckConstraint("position >= 1", name="events_position_positive"),
        sa.CheckConstraint("stream_version >= 1", name="events_stream_version_positive"),
    )
    for ddl in _POSTGRES_TRIGGERS if op.get_bind().dialect.name == "postgresql" else _SQLITE_TRIGGERS:
        op.execute(ddl)


def downgrade() -> None:
    op.drop_table("events")
