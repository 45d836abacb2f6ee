"""Export formats: each a pure streaming serializer (entries iterator + metadata -> str chunks)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from timeline.exports import csv_export, geojson, json_export, jsonl, timelinejs

Serializer = Callable[[Iterable[dict[str, Any]], dict[str, Any]], Iterator[str]]

FORMATS: dict[str, tuple[Serializer, str, str]] = {  # name -> (serializer, media type, file suffix)
    "json": (json_export.serialize, "application/json", "json"),
    "jsonl": (jsonl.serialize, "application/x-ndjson", "jsonl"),
    "geojson": (geojson.serialize, "application/geo+json", "geojson"),
    "csv": (csv_export.serialize, "text/csv; charset=utf-8", "csv"),
    "timelinejs": (timelinejs.serialize, "application/json", "timelinejs.json"),
}


def export_metadata(
    fmt: str, store_position: int, filters: dict[str, Any], understood: str
) -> dict[str, Any]:
    """What makes an export reproducible: when, from which store position, with which filters."""
    return {
        "service": "conflict-timeline",
        "format": fmt,
        "generated_at": datetime.now(UTC).isoformat(),
        "store_position": store_position,
        "filters": filters,
        "understood": understood,
    }
