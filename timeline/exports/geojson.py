"""`geojson`: an RFC 7946 FeatureCollection; one Point feature per entry (null geometry when the place
has no coordinates), with date interval, precision, place and sources in properties."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from timeline.exports import ExportContext


def feature(entry: dict[str, Any]) -> dict[str, Any]:
    place = entry.get("place") or {}
    has_point = place.get("lat") is not None and place.get("lon") is not None
    date = entry.get("date") or {}
    return {
        "type": "Feature",
        "id": entry["id"],
        "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]} if has_point else None,
        "properties": {
            "id": entry["id"], "type": entry["type"], "label": entry["label"], "headline": entry["headline"],
            "date_start": date.get("start"), "date_end": date.get("end"),
            "date_precision": date.get("precision"), "date_phrase": date.get("phrase"),
            "place": entry.get("place"), "actors": entry.get("actors", []),
            "fatalities": entry.get("fatalities"), "sources": entry.get("sources", []),
            "contradictions": [c["id"] for c in entry.get("contradictions", [])],
        },
    }


def serialize(entries: Iterable[dict[str, Any]], ctx: ExportContext) -> Iterator[str]:
    metadata = ctx.metadata
    yield '{"type": "FeatureCollection", "metadata": ' + json.dumps(metadata, ensure_ascii=False)
    yield ', "features": ['
    first = True
    for entry in entries:
        yield ("" if first else ",") + "\n" + json.dumps(feature(entry), ensure_ascii=False)
        first = False
    yield "\n]}\n"
