"""The PostgreSQL event store: appends serialised by a table lock so positions become visible in order."""

from __future__ import annotations

import re
from datetime import UTC
from typing import Any

from sqlalchemy import Connection, create_engine, make_url, text

from timeline.store.base import StoredEvent
from timeline.store.codec import dump_json, load_json
from timeline.store.schema import upgrade
from timeline.store.sql import SqlEventStore


class PostgresEventStore(SqlEventStore):
    """Event store in PostgreSQL (`postgresql+psycopg://...`), in the first schema of the search_path.

    Appends must run at READ COMMITTED (the default): the statements after the lock then see every
    append committed before it, so `max(position) + 1` is the next free position.
    """

    _json_placeholder = "CAST({} AS jsonb)"
    _mark = "%s"

    def __init__(self, url: str, *, create: bool = True) -> None:
        # No pool_pre_ping: it would cost a round trip per call; a dropped connection fails one call and
        # SQLAlchemy then replaces the pool's connections.
        super().__init__(create_engine(url, json_deserializer=load_json, json_serializer=dump_json))
        if create:
            upgrade(self.engine, pg_schema=search_path_schema(url))

    def lock_for_append(self, conn: Connection) -> None:
        """Take the events table in EXCLUSIVE mode until the transaction ends, as the `eventsourcing`
        library's recorder does. Without it a position taken by a transaction that commits late could
        become visible after a reader tailing `read_all` had already moved past it. Plain SELECTs
        (ACCESS SHARE) are not blocked; other appends wait here."""
        conn.execute(text("LOCK TABLE events IN EXCLUSIVE MODE"))

    def _begin_append(self, cursor: Any) -> None:
        cursor.execute("LOCK TABLE events IN EXCLUSIVE MODE")  # see lock_for_append

    def _to_stored(self, row: Any) -> StoredEvent:
        # psycopg has already decoded the JSONB columns to dicts and recorded_at to an aware datetime.
        # Unpacked once: much cheaper than indexing the row nine times, on the path rebuilds stream through.
        position, stream_id, version, event_id, type_, schema_version, data, metadata, recorded_at = row
        return StoredEvent(
            position,
            stream_id,
            version,
            event_id,
            type_,
            schema_version,
            data,
            metadata,
            recorded_at.astimezone(UTC),
        )


_SEARCH_PATH = re.compile(r"-c\s*search_path\s*=\s*\"?([^\s,\"]+)")


def search_path_schema(url: str) -> str | None:
    """The first schema named by `?options=-csearch_path%3Dname` in a PostgreSQL URL, if any."""
    options = make_url(url).query.get("options")
    for option in [options] if isinstance(options, str) else options or ():
        if match := _SEARCH_PATH.search(option):
            return match.group(1)
    return None
