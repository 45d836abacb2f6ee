"""Alembic migrations of the log's own tables (events, projection checkpoints). Read-model tables are not
migrated: the projection framework rebuilds one whose schema version changed (timeline.projections.base).
`timeline.store.schema.upgrade` applies them; `timeline db upgrade` runs it."""
