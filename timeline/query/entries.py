"""Timeline rows -> the HTTP shape of an entry (see the brief): date, place with its hierarchy,
actors, fatalities, every source that states it, and contradicting entries side by side. Place and admin1
names are the gazetteer's English display names (timeline.gazetteer.display), beside the gazetteer id and
the report's own spelling."""

from __future__ import annotations

from typing import Any

from timeline.domain.events import BY_KIND
from timeline.gazetteer.display import display_name


def headline(row: Any) -> str:
    """The type's own headline for the row's actors and place."""
    return BY_KIND[row.kind].title(list(row.actors or []), display_name(row.place_resolved or row.place_name))


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def place_json(row: Any) -> dict[str, Any] | None:
    if row.place_name is None and row.gazetteer_id is None:
        return None
    precision = row.place_precision or "locality"
    name = display_name(row.place_resolved or row.place_name)
    return {
        "name": name, "locality": name if precision == "locality" else None,
        "admin1": display_name(row.admin1), "country": row.country, "gazetteer_id": row.gazetteer_id,
        "spelling": row.place_name, "lat": row.lat, "lon": row.lon, "precision": precision,
    }


def source_json(row: Any) -> dict[str, Any]:
    return {
        "report_id": row.report_id, "event_id": row.event_id, "outlet": row.source, "url": row.url,
        "title": row.title, "published": _day(row.published),
        "evidence": {"text": row.evidence_text, "start": row.evidence_start, "end": row.evidence_end},
    }


def entry_json(row: Any, sources: list[Any] | None = None,
               contradictions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """One entry. `sources`: rows of every event merged with this one (own row included, first)."""
    fatalities = None
    if row.fatalities_low is not None or row.fatalities_high is not None:
        fatalities = {"low": row.fatalities_low, "high": row.fatalities_high}
    seen: set[str] = set()
    source_list = []
    for source_row in sources or [row]:
        if source_row.event_id not in seen:
            seen.add(source_row.event_id)
            source_list.append(source_json(source_row))
    entry: dict[str, Any] = {
        "id": row.event_id, "type": row.kind, "label": BY_KIND[row.kind].label, "headline": headline(row),
        "date": {"start": _day(row.date_start), "end": _day(row.date_end or row.date_start),
                 "precision": row.date_precision, "phrase": row.date_phrase},
        "place": place_json(row), "actors": list(row.actors or []), "fatalities": fatalities,
        "confidence": row.confidence, "position": row.position, "sources": source_list,
    }
    if contradictions is not None:
        entry["contradictions"] = contradictions
    return entry
