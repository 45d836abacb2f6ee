"""The longest date interval in the timeline, so a window query can bound `date_start` from below
(an index range instead of a scan of every earlier row). Cached until the timeline checkpoint moves."""

from __future__ import annotations

import threading

from sqlalchemy import Connection, func, select

from timeline.projections.tables import checkpoints as _checkpoints
from timeline.projections.tables import timeline_entries as _entries
from timeline.store.dialect import days_between

_cache: dict[str, tuple[int, int | None]] = {}  # database url -> (checkpoint, longest span in days)
_lock = threading.Lock()


def _checkpoint(conn: Connection) -> int:
    query = select(_checkpoints.c.position).where(_checkpoints.c.name == "timeline")
    return int(conn.execute(query).scalar() or 0)


def longest_span_days(conn: Connection) -> int | None:
    """max(date_end - date_start) over dated rows, in days (None when no row is dated)."""
    key = conn.engine.url.render_as_string(hide_password=True)
    position = _checkpoint(conn)
    with _lock:
        cached = _cache.get(key)
    if cached is not None and cached[0] == position and position > 0:
        return cached[1]
    c = _entries.c
    end = func.coalesce(c.date_end, c.date_start)
    span = func.max(days_between(conn, end, c.date_start))
    value = conn.execute(select(span).where(c.date_start.is_not(None))).scalar()
    days = int(value) if value is not None else None
    with _lock:
        _cache[key] = (position, days)
    return days
