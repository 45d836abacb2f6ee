"""Export formats: each a pure streaming serializer (entries iterator + ExportContext -> str chunks), and
the metadata that makes an export reproducible. CSV formats carry no metadata in their body: it goes to
HTTP headers (api/routes/export.py) and to their JSON sidecar (`<format>-meta`, timeline.exports.sidecar)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from timeline.domain.actors import ActorVocabulary


@dataclass(frozen=True)
class ExportContext:
    """What a serializer reads besides the entries: the export's metadata, and the actor vocabulary (the
    ACLED export codes actors by their kind)."""

    metadata: dict[str, Any]
    actors: ActorVocabulary = field(default_factory=lambda: ActorVocabulary({}))


Serializer = Callable[[Iterable[dict[str, Any]], ExportContext], Iterator[str]]


@dataclass(frozen=True)
class Format:
    serialize: Serializer
    media_type: str
    suffix: str  # of the file name


def _formats() -> dict[str, Format]:
    # imported here: the serializers import ExportContext from this module
    from timeline.exports import acled, csv_export, geojson, json_export, jsonl, sidecar, timelinejs

    return {
        "json": Format(json_export.serialize, "application/json", "json"),
        "jsonl": Format(jsonl.serialize, "application/x-ndjson", "jsonl"),
        "geojson": Format(geojson.serialize, "application/geo+json", "geojson"),
        "csv": Format(csv_export.serialize, "text/csv; charset=utf-8; header=present", "csv"),
        "csv-meta": Format(sidecar.for_table(csv_export.TABLE), "application/json", "csv.meta.json"),
        "acled": Format(acled.serialize, "text/csv; charset=utf-8; header=present", "acled.csv"),
        "acled-meta": Format(sidecar.for_table(acled.TABLE), "application/json", "acled.csv.meta.json"),
        "timelinejs": Format(timelinejs.serialize, "application/json", "timelinejs.json"),
    }


FORMATS: dict[str, Format] = _formats()


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
