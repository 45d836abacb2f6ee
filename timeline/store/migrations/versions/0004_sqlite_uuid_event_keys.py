"""SQLite: event ids that are canonical UUIDs are stored as their 16 bytes (timeline.store.codec.event_key),
which halves the unique index an append writes at random places. The log's facts are unchanged: the same
ids read back; only their storage changes. PostgreSQL keeps text.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

from timeline.store.codec import event_key

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


# 0001's guard against UPDATE: lifted for this rewrite only, inside the migration's one transaction.
_NO_UPDATE = """CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events is append-only: UPDATE rejected'); END"""


def _rewrite(sql: str) -> None:
    bind = op.get_bind()
    bind.exec_driver_sql("DROP TRIGGER IF EXISTS events_no_update")
    bind.exec_driver_sql(sql)
    bind.exec_driver_sql(_NO_UPDATE)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    # one statement with the store's own key function (SQLite 3.40 has no unhex())
    driver = bind.connection.dbapi_connection
    assert driver is not None  # a connection the migration runs on is open
    driver.create_function("timeline_event_key", 1, event_key, deterministic=True)
    _rewrite("UPDATE events SET event_id = timeline_event_key(event_id) WHERE typeof(event_id) = 'text'")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    hexed = "lower(hex(event_id))"
    groups = ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
    parts = [f"substr({hexed}, {start}, {length})" for start, length in groups]
    canonical = " || '-' || ".join(parts)
    _rewrite(f"UPDATE events SET event_id = {canonical} WHERE typeof(event_id) = 'blob'")
