"""API keys: one row per key, its secret only as a hash (timeline.store.keys). Not part of the log: a key
is a credential, not a fact about the conflict; who made each write is kept in the log's events.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("api_keys"):
        return  # made by a release that created it with the events table, in this shape
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("hash", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.Text, nullable=True),
        sa.CheckConstraint("role IN ('ingest', 'editor', 'admin')", name="api_keys_role_known"),
    )


def downgrade() -> None:
    op.drop_table("api_keys")
