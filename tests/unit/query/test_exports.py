"""Every export format parsed back with a real parser: json, jsonl, pandas with its defaults for the CSVs,
GeoJSON shape rules, TimelineJS3 field rules; and each serializer streams (a generator, never the whole
list)."""

from __future__ import annotations

import csv
import io
import json
import types

import pandas as pd
import pytest

from timeline.exports import FORMATS, ExportContext, export_metadata
from timeline.exports.csv_export import COLUMNS, row
from timeline.exports.timelinejs import display_date
from timeline.query.vocabulary import load_actor_vocabulary


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
CTX = ExportContext(META, load_actor_vocabulary())
# A report with a hashtag, commas, quotes and line breaks in what becomes `notes` (pandas' `comment="#"`
# recipe used to cut such a row short and lose its fatalities and dates).
AWKWARD = {**entry(5), "headline": 'Rebels, "#Jalula" captured', "actors": ["Army, 5th Division", "#ISIS"],
           "sources": [{**entry(5)["sources"][0], "outlet": "Wire, #1",
                        "evidence": {"text": 'Army took #Jalula,\r\nsaid "they"; #war\nend', "start": 0,
                                     "end": 9}}]}  # fmt: skip


def render(fmt: str, entries=ENTRIES) -> str:
    chunks = FORMATS[fmt].serialize(iter(entries), CTX)
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


def test_csv_is_rfc_4180_with_nothing_but_the_header_and_rows():
    text = render("csv", [*ENTRIES, AWKWARD])
    assert "# " not in text.split("\r\n", 1)[0] and not text.startswith("#")
    assert text.endswith("\r\n") and text.split("\r\n", 1)[0] == ",".join(f'"{c}"' for c in COLUMNS)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(COLUMNS) and len(rows) == 5
    # every text field quoted, numbers bare: a quoted field's raw text starts with a quote
    first = text.split("\r\n")[1]
    assert first.startswith('"ev-1","2014-06-13",2014,1,"Battles"')


def test_csv_loads_with_pandas_defaults_and_every_field_round_trips():
    entries = [*ENTRIES, AWKWARD]
    frame = pd.read_csv(io.StringIO(render("csv", entries)))  # pandas' defaults: no options
    assert tuple(frame.columns) == COLUMNS and len(frame) == len(entries)
    for i, e in enumerate(entries):
        expected = row(e, CTX)
        for column in COLUMNS:
            got, want = frame.at[i, column], expected[column]
            if want is None:
                assert pd.isna(got), (column, got)
            else:
                assert got == want, (column, got, want)
    awkward = frame.iloc[-1]
    assert awkward["fatalities"] == 3 and awkward["date_end"] == "2014-06-13"
    assert awkward["notes"].endswith('Army took #Jalula,\r\nsaid "they"; #war\nend')
    assert awkward["actor2"] == "#ISIS" and awkward["source"] == "Wire, #1"


def test_csv_sidecar_holds_the_metadata_and_the_counts():
    doc = json.loads(render("csv-meta", [*ENTRIES, AWKWARD]))
    assert doc["metadata"]["store_position"] == 42 and doc["metadata"]["filters"] == {"place": "Diyala"}
    assert [c["name"] for c in doc["columns"]] == list(COLUMNS)
    assert all(c["description"] for c in doc["columns"])
    assert doc["rows"] == 4 and doc["omitted"] == {}


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


def _undated(n: int) -> dict:
    return {**entry(n), "date": {"start": None, "end": None, "precision": "unknown", "phrase": None}}


def test_timelinejs_field_rules():
    doc = json.loads(render("timelinejs"))
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
        assert isinstance(event["group"], str) and isinstance(event["display_date"], str)
    assert events[0]["start_date"] == {"year": 2014, "month": 6, "day": 13}
    assert events[1]["start_date"] == {"year": 2014, "month": 6} and events[1]["end_date"]["month"] == 6
    assert events[2]["start_date"] == {"year": 2014}
    assert [e["display_date"] for e in events] == ["13 June 2014", "June 2014", "2014"]


def test_timelinejs_counts_the_undated_on_the_title_slide():
    doc = json.loads(render("timelinejs", [entry(1), _undated(2), _undated(3)]))
    assert len(doc["events"]) == 1
    assert "1 event on the timeline; 2 without a known date not shown" in doc["title"]["text"]["text"]
    assert doc["metadata"]["undated_not_shown"] == 2 and doc["metadata"]["events_shown"] == 1
    empty = json.loads(render("timelinejs", [_undated(4)]))
    assert empty["events"] == [] and "1 without a known date" in empty["title"]["text"]["text"]
    assert "without a known date" not in json.loads(render("timelinejs", [entry(5)]))["title"]["text"]["text"]


@pytest.mark.parametrize(
    ("start", "end", "precision", "phrase", "shown"),
    [
        ("2014-06-10", "2014-06-10", "day", "on 10 June", "10 June 2014"),
        ("2014-06-10", "2014-06-10", "day", "on or about June 10", "about 10 June 2014"),
        ("2014-06-01", "2014-06-30", "month", "in June", "June 2014"),
        ("2014-06-01", "2014-06-10", "month", "in early June", "early June 2014"),
        ("2014-06-20", "2014-06-30", "month", "at the end of June", "late June 2014"),
        ("2014-01-01", "2014-12-31", "year", "in 2014", "2014"),
        ("2014-06-01", "2014-08-31", "season", "last summer", "summer 2014"),
        ("2014-06-10", "2014-06-14", "range", "between 10 and 14 June", "10–14 June 2014"),
        ("2014-05-28", "2014-06-03", "week", "last week", "28 May – 3 June 2014"),
        ("2014-05-15", "2014-06-14", "before-publication", None, "before 14 June 2014"),
        ("2013-12-30", "2014-01-02", "range", "around new year", "about 30 December 2013 – 2 January 2014"),
    ],
)
def test_timelinejs_display_date_says_how_sure_the_date_is(start, end, precision, phrase, shown):
    assert display_date({"start": start, "end": end, "precision": precision, "phrase": phrase}) == shown
