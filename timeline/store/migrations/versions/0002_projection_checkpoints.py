"""Projection checkpoints with the schema version and table generation each read model was built with.
A database of the first release has a checkpoint table without them: it goes, with every read model, which
the projection framework then rebuilds from the log (read models are never migrated, only rebuilt).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_OWN = {"events", "alembic_version", "api_keys"}  # tables migrations own


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    tables = set(inspector.get_table_names())
    if "projection_checkpoints" in tables:
        columns = {c["name"] for c in inspector.get_columns("projection_checkpoints")}
        if {"version", "generation"} <= columns:
            return  # created by a release that made the table itself, already in this shape
        quote = bind.dialect.identifier_preparer.quote
        for name in sorted(tables - _OWN):  # first release: every read model is rebuilt from the log
            op.execute(f"DROP TABLE IF EXISTS {quote(name)}")
    op.create_table(
        "projection_checkpoints",
        sa.Column("name", sa.String, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("version", sa.String, nullable=False),
        sa.Column("generation", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("projection_checkpoints")
