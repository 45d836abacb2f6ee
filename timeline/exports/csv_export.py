"""`csv`: one row per entry in RFC 4180 (timeline.exports.rfc4180), ACLED's main columns with this
project's own date interval, precision, phrase and gazetteer id beside them. For ACLED's full column set
and vocabularies use `acled`. The metadata is in the HTTP headers and in the `csv-meta` sidecar."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from timeline.domain.actors import ACLED_INTER_UNKNOWN
from timeline.exports import ExportContext
from timeline.exports.acled import acled_coding, geo_precision, notes, outlets, time_precision
from timeline.exports.rfc4180 import Table, serialize_table


def row(entry: dict[str, Any], ctx: ExportContext) -> dict[str, Any]:
    when = entry.get("date") or {}
    place = entry.get("place") or {}
    actors = entry.get("actors") or []
    fatalities = entry.get("fatalities") or {}
    start = when.get("start")
    coding = acled_coding(entry, ctx.actors.acled_inter(actors[0]) if actors else ACLED_INTER_UNKNOWN)
    event_type, sub_event_type = coding.event_type, coding.sub_event_type
    return {
        "event_id": entry["id"], "event_date": start, "year": int(start[:4]) if start else None,
        "time_precision": time_precision(when), "event_type": event_type, "sub_event_type": sub_event_type,
        "actor1": actors[0] if actors else None, "actor2": actors[1] if len(actors) > 1 else None,
        "admin1": place.get("admin1"), "location": place.get("name"), "latitude": place.get("lat"),
        "longitude": place.get("lon"), "geo_precision": geo_precision(place), "source": outlets(entry),
        "notes": notes(entry), "fatalities": fatalities.get("low"),
        "date_start": start, "date_end": when.get("end"), "date_precision": when.get("precision"),
        "date_phrase": when.get("phrase"), "gazetteer_id": place.get("gazetteer_id"),
        "place_spelling": place.get("spelling"), "type": entry["type"], "confidence": entry.get("confidence"),
    }


TABLE = Table("csv", (
    ("event_id", "this service's event id"),
    ("event_date", "first day of the interval the event happened in (ISO 8601); empty when undated"),
    ("year", "year of event_date"),
    ("time_precision", "ACLED's code: 1 day, 2 week, 3 month or vaguer"),
    ("event_type", "ACLED event type"), ("sub_event_type", "ACLED sub-event type"),
    ("actor1", "first actor (canonical name)"), ("actor2", "second actor (target or other side)"),
    ("admin1", "province (English display name)"), ("location", "place (English display name)"),
    ("latitude", "WGS84"), ("longitude", "WGS84"),
    ("geo_precision", "ACLED's code: 1 town, 2 near/district, 3 province or larger"),
    ("source", "outlets that state it, '; '-separated"),
    ("notes", "headline and the first source's evidence sentence, as written (may hold line breaks)"),
    ("fatalities", "lowest stated number of dead; empty when none stated"),
    ("date_start", "interval start (ISO 8601)"), ("date_end", "interval end, inclusive"),
    ("date_precision", "day, week, month, season, year, range, before-publication or unknown"),
    ("date_phrase", "the report's own words for the date"),
    ("gazetteer_id", "the place's gazetteer id"), ("place_spelling", "the place as the report spells it"),
    ("type", "this service's event type"), ("confidence", "extraction confidence, 0-1"),
), row)
COLUMNS = TABLE.names


def serialize(entries: Iterable[dict[str, Any]], ctx: ExportContext) -> Iterator[str]:
    return serialize_table(TABLE, entries, ctx)
