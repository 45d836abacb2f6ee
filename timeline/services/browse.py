"""Read side of the skeleton API: timeline rows -> entries, a filtered event list with a keyset cursor,
one report with its live events, and the service's health."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from timeline.projections.tables import ReportRow, TimelineRow

entries = TimelineRow.__table__  # type: ignore[attr-defined]
reports = ReportRow.__table__  # type: ignore[attr-defined]
UNDATED = date(9999, 12, 31)  # undated events sort last
sort_date = func.coalesce(entries.c.date_start, UNDATED)


class BadCursor(ValueError):
    """A cursor this service did not hand out."""


@dataclass(frozen=True)
class EventFilters:
    place: str | None = None  # name as written or resolved, admin1, country code or gazetteer id
    date_from: date | None = None
    date_to: date | None = None
    types: tuple[str, ...] = ()


def entry(row: Any) -> dict[str, Any]:
    """A timeline row as the API shows it."""
    r = row._mapping
    place = None
    if r["place_name"] is not None:
        place = {
            "name": r["place_name"], "resolved_name": r["place_resolved"], "gazetteer_id": r["gazetteer_id"],
            "admin1": r["admin1"], "country": r["country"], "lat": r["lat"], "lon": r["lon"],
            "precision": r["place_precision"],
        }  # fmt: skip
    fatalities = None
    if r["fatalities_low"] is not None or r["fatalities_high"] is not None:
        fatalities = {"low": r["fatalities_low"], "high": r["fatalities_high"]}
    return {
        "id": r["event_id"], "type": r["kind"], "report_id": r["report_id"], "position": r["position"],
        "date": {"start": r["date_start"], "end": r["date_end"], "precision": r["date_precision"],
                 "phrase": r["date_phrase"]},
        "place": place, "actors": list(r["actors"]), "fatalities": fatalities,
        "evidence": {"text": r["evidence_text"], "start": r["evidence_start"], "end": r["evidence_end"]},
        "source": {"outlet": r["source"], "url": r["url"], "title": r["title"], "published": r["published"]},
        "confidence": r["confidence"], "corrected": r["corrected"],
        "extractor": {"name": r["extractor_name"], "version": r["extractor_version"],
                      "rule_id": r["rule_id"]},
    }  # fmt: skip


def encode_cursor(row: Any) -> str:
    key = [(row.date_start or UNDATED).isoformat(), row.event_id]
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


def decode_cursor(cursor: str) -> tuple[date, str]:
    try:
        day, event_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return date.fromisoformat(day), str(event_id)
    except (ValueError, TypeError, binascii.Error):
        raise BadCursor(f"invalid cursor {cursor!r}: pass back a next_cursor from this endpoint") from None


def list_events(
    conn: Connection, filters: EventFilters, cursor: str | None = None, limit: int = 50
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of live events in date order (then id), and the cursor of the next page or None."""
    query = select(entries)
    if filters.place:
        name = filters.place.strip().lower()
        columns = (entries.c.place_name, entries.c.place_resolved, entries.c.admin1, entries.c.country,
                   entries.c.gazetteer_id)  # fmt: skip
        query = query.where(or_(*(func.lower(c) == name for c in columns)))
    if filters.date_from:
        query = query.where(func.coalesce(entries.c.date_end, entries.c.date_start) >= filters.date_from)
    if filters.date_to:
        query = query.where(entries.c.date_start <= filters.date_to)
    if filters.types:
        query = query.where(entries.c.kind.in_(filters.types))
    if cursor:
        day, event_id = decode_cursor(cursor)
        query = query.where(or_(sort_date > day, and_(sort_date == day, entries.c.event_id > event_id)))
    rows = conn.execute(query.order_by(sort_date, entries.c.event_id).limit(limit + 1)).all()
    following = encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    return [entry(r) for r in rows[:limit]], following


def get_report(conn: Connection, report_id: str) -> dict[str, Any] | None:
    """The catalogue row of a report with its live events (date order), or None if unknown."""
    row = conn.execute(select(reports).where(reports.c.report_id == report_id)).first()
    if row is None:
        return None
    events = conn.execute(
        select(entries).where(entries.c.report_id == report_id).order_by(sort_date, entries.c.event_id)
    ).all()
    return {**row._mapping, "events": [entry(e) for e in events]}
