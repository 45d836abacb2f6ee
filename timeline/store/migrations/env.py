"""Alembic's environment: always run on a connection the caller passes in (`config.attributes`), inside
the caller's transaction and under its schema lock (timeline.store.schema.upgrade)."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
