"""Every export format parsed back with a real parser: json, jsonl, csv module, GeoJSON shape rules,
TimelineJS3 field rules; and each serializer streams (a generator, never the whole list)."""

from __future__ import annotations

import csv
import io
import json
import types

import pytest

from timeline.exports import FORMATS, export_metadata
from timeline.exports.csv_export import COLUMNS


def entry(n: int, precision: str = "day", place: bool = True) -> dict:
    return {
        "id": f"ev-{n}",
        "type": "town_captured",
        "label": "Town captured",
        "headline": f"Rebels <b>captured</b> Town {n}",
        "date": {
            "start": "2014-06-13",
            "end": "2014-06-13" if precision == "day" else "2014-06-30",
            "precision": precision,
            "phrase": "on Friday",
        },
        "place": {
            "name": f"Town {n}",
            "locality": f"Town {n}",
            "admin1": "Diyala",
            "country": "IQ",
            "gazetteer_id": f"gn:{n}",
            "lat": 34.2,
            "lon": 45.1,
            "precision": "locality",
        }
        if place
        else None,
        "actors": ["Rebels", "Army"],
        "fatalities": {"low": 3, "high": None},
        "confidence": 0.8,
        "position": n,
        "sources": [
            {
                "report_id": "r1",
                "event_id": f"ev-{n}",
                "outlet": "Desert Wire",
                "url": None,
                "title": "t",
                "published": "2014-06-14",
                "evidence": {"text": 'Rebels took the town,\nsaid "residents".', "start": 0, "end": 30},
            }
        ],
        "contradictions": [],
    }


ENTRIES = [entry(1), entry(2, "month"), entry(3, "year", place=False)]
META = export_metadata("x", 42, {"place": "Diyala"}, "all events in Diyala")


def render(fmt: str, entries=ENTRIES) -> str:
    chunks = FORMATS[fmt][0](iter(entries), META)
    assert isinstance(chunks, types.GeneratorType)
    return "".join(chunks)


def test_json_and_jsonl_round_trip():
    whole = json.loads(render("json"))
    assert whole["metadata"]["store_position"] == 42 and whole["count"] == 3
    assert whole["entries"] == ENTRIES
    lines = [json.loads(line) for line in render("jsonl").splitlines()]
    assert lines[0]["metadata"]["filters"] == {"place": "Diyala"}
    assert lines[1:] == ENTRIES
    assert json.loads(render("json", []))["entries"] == []


def test_csv_reads_back_with_the_csv_module():
    text = render("csv")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert any("store_position: 42" in c for c in comments)
    rows = list(
        csv.DictReader(io.StringIO("".join(line for line in io.StringIO(text) if not line.startswith("#"))))
    )
    assert tuple(rows[0]) == COLUMNS and len(rows) == 3
    assert rows[0]["event_id"] == "ev-1" and rows[0]["year"] == "2014" and rows[0]["time_precision"] == "1"
    assert rows[1]["time_precision"] == "3" and rows[1]["date_end"] == "2014-06-30"
    assert rows[0]["actor1"] == "Rebels" and rows[0]["actor2"] == "Army" and rows[0]["fatalities"] == "3"
    assert rows[0]["latitude"] == "34.2" and rows[2]["latitude"] == "" and rows[0]["geo_precision"] == "1"
    assert "\n" not in rows[0]["notes"] and "residents" in rows[0]["notes"]


def test_geojson_shape():
    doc = json.loads(render("geojson"))
    assert doc["type"] == "FeatureCollection" and doc["metadata"]["store_position"] == 42
    assert len(doc["features"]) == 3
    for feature in doc["features"]:
        assert feature["type"] == "Feature" and isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        if geometry is not None:
            lon, lat = geometry["coordinates"]
            assert geometry["type"] == "Point" and -180 <= lon <= 180 and -90 <= lat <= 90
        assert {"date_start", "date_end", "date_precision", "sources"} <= set(feature["properties"])
    assert doc["features"][2]["geometry"] is None
    assert doc["features"][0]["geometry"]["coordinates"] == [45.1, 34.2]  # lon, lat order


@pytest.mark.parametrize("fmt", ["timelinejs"])
def test_timelinejs_field_rules(fmt):
    doc = json.loads(render(fmt))
    assert doc["title"]["text"]["headline"]
    events = doc["events"]
    assert len(events) == 3
    for event in events:
        start = event["start_date"]
        assert isinstance(start["year"], int)  # required by TimelineJS3
        assert set(start) <= {"year", "month", "day"}
        assert "day" not in start or "month" in start
        assert isinstance(event["text"]["headline"], str) and isinstance(event["text"]["text"], str)
        assert "<b>" not in event["text"]["headline"]  # report text is escaped, never markup
        assert isinstance(event["group"], str)
    assert events[0]["start_date"] == {"year": 2014, "month": 6, "day": 13}
    assert events[1]["start_date"] == {"year": 2014, "month": 6} and events[1]["end_date"]["month"] == 6
    assert events[2]["start_date"] == {"year": 2014}
    undated = {**entry(4), "date": {"start": None, "end": None, "precision": "unknown", "phrase": None}}
    assert json.loads(render(fmt, [undated]))["events"] == []
