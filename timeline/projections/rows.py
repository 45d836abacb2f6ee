"""A domain event's data (the JSON shape its class dumps and the log stores) -> the columns of its timeline
row, written once as paths into that data (`FROM_DATA`) plus the few columns computed from them. The
catch-up reads the paths in Python (`event_columns`); a rebuild has the database read the same paths
(`timeline_select`). The projections never validate a stored event to project it."""

from __future__ import annotations

from datetime import date
from typing import Any

from timeline.domain.events import DOMAIN_EVENT_TYPES, DomainEvent
from timeline.projections.spans import SPAN_BOUNDS, span_class
from timeline.store.bulk import JsonPath, PlainStreams, literal

Columns = dict[str, Any]


def day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _at(*path: str | int, cast: Any = "text", default: Any = None) -> JsonPath:
    return JsonPath(tuple(path), cast, default)


# Timeline columns read straight from the event's data.
FROM_DATA: dict[str, JsonPath] = {
    "event_id": _at("event_id"), "report_id": _at("report_id"),
    "date_start": _at("when", "start", cast="date"), "date_end": _at("when", "end", cast="date"),
    "date_precision": _at("when", "precision", default="unknown"), "date_phrase": _at("when", "phrase"),
    "place_name": _at("place", "name"), "place_resolved": _at("place", "resolved_name"),
    "gazetteer_id": _at("place", "gazetteer_id"), "admin1": _at("place", "admin1"),
    "country": _at("place", "country"), "lat": _at("place", "lat", cast="float"),
    "lon": _at("place", "lon", cast="float"),
    "actors": _at("actors", cast="json", default=[]), "actor1": _at("actors", 0),
    "evidence_text": _at("evidence", "text"), "evidence_start": _at("evidence", "start", cast="int"),
    "evidence_end": _at("evidence", "end", cast="int"),
    "confidence": _at("confidence", cast="float", default=0.5),
    "extractor_name": _at("extractor", "name"), "extractor_version": _at("extractor", "version"),
    "rule_id": _at("extractor", "rule_id"),
    "fatalities_low": _at("fatalities", "low", cast="int"),
    "fatalities_high": _at("fatalities", "high", cast="int"),
    "injured_low": _at("injured", "low", cast="int"), "injured_high": _at("injured", "high", cast="int"),
}  # fmt: skip
# What projections read of a report's ReportReceived (ReportInfo's fields), kept per plain stream by a
# rebuild's set-based fill (timeline.store.bulk.PlainStreams).
REPORT_FIELDS: dict[str, JsonPath] = {
    "report_id": _at("report_id"), "source": _at("source"), "url": _at("url"), "title": _at("title"),
    "published": _at("published", cast="date"), "published_rule": _at("published_rule"),
    "received_at": _at("received_at"), "content_type": _at("content_type"),
    "text_length": _at("text", cast="length"),
    "received_extractor_version": JsonPath(("extractor_version",), column="metadata"),
}  # fmt: skip
PLACE_NAME = FROM_DATA["place_name"]  # a place is present when it has a name
DEFAULT_PLACE_PRECISION = "locality"


def read(data: dict[str, Any], at: JsonPath) -> Any:
    """`at`'s value in `data`, as the database reads it (`PlainStreams.value`)."""
    value: Any = data
    for key in at.path:
        if isinstance(key, int):
            value = value[key] if isinstance(value, list) and len(value) > key else None
        else:
            value = value.get(key) if isinstance(value, dict) else None
        if value is None:
            return [] if at.default == [] else at.default  # a fresh list: rows are not shared
    return date.fromisoformat(value) if at.cast == "date" else value


# FROM_DATA grouped by the data's top-level key: the catch-up's per-row path (one look-up per object).
_PLAN = [(str(top), [(name, at.path[1:], at) for name, at in FROM_DATA.items() if at.path[0] == top])
         for top in dict.fromkeys(at.path[0] for at in FROM_DATA.values())]  # fmt: skip


def event_columns(cls: type[DomainEvent], data: dict[str, Any]) -> Columns:
    """Every column of a timeline row that comes from the event itself (not from its report)."""
    row: Columns = {"kind": cls.kind, "type_name": cls.type_name}
    for top, columns in _PLAN:
        inner = data.get(top)
        for name, rest, at in columns:
            if not rest:
                value = inner
            elif isinstance(inner, dict):
                value = inner.get(rest[0]) if len(rest) == 1 else read(inner, JsonPath(rest))
            elif isinstance(inner, list) and isinstance(rest[0], int):
                value = inner[rest[0]] if len(inner) > rest[0] else None
            else:
                value = None
            if value is None:
                row[name] = [] if at.default == [] else at.default  # a fresh list: rows are not shared
            else:
                row[name] = date.fromisoformat(value) if at.cast == "date" else value
    place = data.get("place") or {}
    precision = place.get("precision") or DEFAULT_PLACE_PRECISION
    row["place_precision"] = precision if place.get("name") else None
    row["span_class"] = span_class(row["date_start"], row["date_end"] or row["date_start"])
    return row


def type_case(alias: str, attribute: str) -> str:
    """SQL: the event class's `attribute` (kind, type_name) from `alias.type`."""
    whens = " ".join(f"WHEN {literal(c.type_name)} THEN {literal(getattr(c, attribute))}"
                     for c in DOMAIN_EVENT_TYPES)  # fmt: skip
    return f"CASE {alias}.type {whens} END"


def event_selects(streams: PlainStreams, alias: str = "e") -> dict[str, str]:
    """SQL for each column of `event_columns`, over `alias` (an events row of a domain event)."""
    sql = {name: streams.value(alias, at) for name, at in FROM_DATA.items()}
    sql["kind"], sql["type_name"] = type_case(alias, "kind"), type_case(alias, "type_name")
    precision = streams.value(alias, _at("place", "precision"))
    default = literal(DEFAULT_PLACE_PRECISION)
    sql["place_precision"] = (f"CASE WHEN {streams.value(alias, PLACE_NAME)} IS NOT NULL "
                              f"THEN COALESCE({precision}, {default}) END")  # fmt: skip
    start, end = sql["date_start"], sql["date_end"]
    length = streams.days(f"COALESCE({end}, {start})", start)
    classes = " ".join(f"WHEN {length} <= {bound} THEN {i}" for i, bound in enumerate(SPAN_BOUNDS)
                       if bound is not None)  # fmt: skip
    sql["span_class"] = f"CASE WHEN {start} IS NULL THEN {len(SPAN_BOUNDS) - 1} {classes} " \
                        f"ELSE {len(SPAN_BOUNDS) - 1} END"  # fmt: skip
    return sql
