"""`format=acled` loaded with pandas' defaults: ACLED's columns in ACLED's order, and every column's values
within ACLED's vocabularies (the lists below are copied from the ACLED codebook and kept here, not read from
the code under test); and the coding rules: captures by who took the place, actor codes from actor kinds,
the interaction code, undated rows dated by their report or left out and counted."""

from __future__ import annotations

import io
import json

import pandas as pd
import pycountry
import pytest

from timeline.domain.events import DOMAIN_EVENT_TYPES
from timeline.exports import FORMATS, ExportContext, export_metadata
from timeline.query.vocabulary import load_actor_vocabulary

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip
DISORDER_TYPES = {"Political violence", "Demonstrations", "Strategic developments",
                  "Political violence; Demonstrations"}  # fmt: skip
SUB_EVENT_TYPES = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                                   "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}  # fmt: skip
REGIONS = {"Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa",
           "South Asia", "Southeast Asia", "East Asia", "Middle East", "Europe", "Caucasus and Central Asia",
           "Central America", "South America", "Caribbean", "North America", "Oceania",
           "Antarctica"}  # fmt: skip
SOURCE_SCALES = {"Local", "Regional", "National", "International", "Subnational", "Other", "New media",
                 "Local partner", "National-International", "Subnational-National", "Local-Regional",
                 "National-Regional", "Regional-International", "New media-National"}  # fmt: skip
CIVILIAN_TARGETING = {"Civilian targeting"}


def entry(n: int, kind: str = "town_captured", actors=("Islamic State",), evidence="They took the town.",
          start: str | None = "2014-06-13", precision="day", place=True, published="2014-06-14",
          fatalities=None) -> dict:  # fmt: skip
    return {
        "id": f"ev-{n}", "type": kind, "label": kind, "headline": f"Headline {n}",
        "date": {"start": start, "end": start, "precision": precision if start else "unknown",
                 "phrase": "on Friday" if start else None},
        "place": {"name": "Tal Afar", "locality": "Tal Afar", "admin1": "Nineveh", "country": "IQ",
                  "gazetteer_id": "sup:tal-afar", "spelling": "Tall ‘Afar", "lat": 36.38, "lon": 42.45,
                  "precision": "locality"} if place else None,
        "actors": list(actors), "fatalities": fatalities, "confidence": 0.8, "position": 100 + n,
        "sources": [{"report_id": "r1", "event_id": f"ev-{n}", "outlet": "Desert Wire", "url": None,
                     "title": "t", "published": published,
                     "evidence": {"text": evidence, "start": 0, "end": len(evidence)}}],
        "contradictions": [],
    }  # fmt: skip


ENTRIES = [
    entry(1),  # a capture by a non-state actor
    entry(2, actors=("Iraqi Security Forces", "Islamic State")),  # a capture by state forces
    entry(3, "airstrike", ("US-led coalition", "Islamic State"), "Jets struck", fatalities={"low": 4}),
    entry(4, "attack", (), "A suicide bomber killed 12, #Mosul", start=None),  # undated: dated by its report
    entry(5, "attack", ("Islamic State",), "Gunmen executed civilians", precision="month"),
    entry(6, "clash", ("Peshmerga", "Islamic State", "Popular Mobilization Forces"), "Heavy fighting"),
    entry(7, "designation_announced", ("US State Department", "Ansar al-Islam"), place=False),
    entry(8, "withdrawal", ("Syrian army",), "The army pulled out", start=None, published=None),  # left out
    entry(9, "displacement", (), "Thousands fled the town"),  # no actor: those displaced
    *(entry(10 + i, cls.kind) for i, cls in enumerate(DOMAIN_EVENT_TYPES)),
]
CTX = ExportContext(export_metadata("acled", 7, {}, "all events"), load_actor_vocabulary())


def render(fmt: str, entries=ENTRIES) -> str:
    return "".join(FORMATS[fmt].serialize(iter(entries), CTX))


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return pd.read_csv(io.StringIO(render("acled")))  # pandas' defaults, no options


def test_columns_are_acleds_in_acleds_order(frame):
    assert list(frame.columns) == ACLED_COLUMNS
    assert len(frame) == len(ENTRIES) - 1  # entry 8 has no date and no publication date


def test_every_column_within_acleds_vocabulary(frame):
    assert frame["event_id_cnty"].str.fullmatch(r"[A-Z]{3}\d+").all() and frame["event_id_cnty"].is_unique
    dates = pd.to_datetime(frame["event_date"], format="%Y-%m-%d")  # always filled
    assert dates.notna().all() and (dates.dt.year == frame["year"]).all()
    assert set(frame["time_precision"]) <= {1, 2, 3} and set(frame["geo_precision"].dropna()) <= {1, 2, 3}
    assert set(frame["disorder_type"]) <= DISORDER_TYPES
    for event_type, sub in zip(frame["event_type"], frame["sub_event_type"], strict=True):
        assert sub in SUB_EVENT_TYPES[event_type], (event_type, sub)
    assert frame["actor1"].notna().all()
    assert set(frame["inter1"]) <= set(range(1, 9)) and set(frame["inter2"]) <= set(range(0, 9))
    for i1, i2, code in zip(frame["inter1"], frame["inter2"], frame["interaction"], strict=True):
        assert code == (int(f"{min(i1, i2)}{max(i1, i2)}") if i2 else i1 * 10)
    assert set(frame["civilian_targeting"].dropna()) <= CIVILIAN_TARGETING
    numeric = {int(c.numeric) for c in pycountry.countries}
    assert set(frame["iso"].dropna().astype(int)) <= numeric and set(frame["region"].dropna()) <= REGIONS
    assert set(frame["source_scale"]) <= SOURCE_SCALES
    assert frame["fatalities"].dtype.kind == "i" and (frame["fatalities"] >= 0).all()  # 0 when none stated
    assert frame["tags"].str.contains("date_precision=").all()
    assert frame["timestamp"].dtype.kind == "i"


def test_each_of_our_types_is_coded_with_acleds_vocabulary():
    for cls in DOMAIN_EVENT_TYPES:
        for state in (True, False):
            coding = cls.acled_coding(state, "")
            assert coding.sub_event_type in SUB_EVENT_TYPES[coding.event_type], cls
            assert coding.disorder_type in DISORDER_TYPES


def test_coding_rules(frame):
    rows = {tag.split("event_id=")[1].split(";")[0]: r for tag, r in zip(frame["tags"], frame.itertuples(),
                                                                          strict=True)}  # fmt: skip
    assert rows["ev-1"].sub_event_type == "Non-state actor overtakes territory" and rows["ev-1"].inter1 == 2
    assert rows["ev-2"].sub_event_type == "Government regains territory"
    assert (rows["ev-2"].inter1, rows["ev-2"].inter2, rows["ev-2"].interaction) == (1, 2, 12)
    assert rows["ev-3"].sub_event_type == "Air/drone strike" and rows["ev-3"].inter1 == 8
    assert rows["ev-3"].fatalities == 4 and rows["ev-1"].fatalities == 0
    undated = rows["ev-4"]
    assert undated.event_date == "2014-06-14" and undated.time_precision == 3
    assert "event_date=report published" in undated.tags and undated.sub_event_type == "Suicide bomb"
    assert undated.actor1 == "Unidentified Armed Group (Iraq)" and undated.inter1 == 3
    assert undated.interaction == 30 and undated.inter2 == 0
    assert undated.notes.endswith("A suicide bomber killed 12, #Mosul")
    assert rows["ev-5"].event_type == "Violence against civilians"
    assert rows["ev-5"].civilian_targeting == "Civilian targeting" and rows["ev-5"].time_precision == 3
    assert rows["ev-6"].assoc_actor_1 == "Popular Mobilization Forces"
    assert (rows["ev-6"].inter1, rows["ev-6"].inter2, rows["ev-6"].interaction) == (1, 2, 12)
    assert rows["ev-7"].disorder_type == "Strategic developments" and pd.isna(rows["ev-7"].iso)
    assert rows["ev-7"].event_id_cnty == "XXX107"
    assert (rows["ev-9"].actor1, rows["ev-9"].inter1, rows["ev-9"].interaction) == ("Civilians (Iraq)", 7, 70)
    capture = rows["ev-1"]
    assert (capture.event_id_cnty, capture.iso, capture.country, capture.region) == ("IRQ101", 368, "Iraq",
                                                                                   "Middle East")
    assert (capture.admin1, capture.location, capture.geo_precision) == ("Nineveh", "Tal Afar", 1)
    assert "place_spelling=Tall ‘Afar" in capture.tags and "confidence=0.8" in capture.tags


def test_sidecar_counts_what_the_csv_leaves_out():
    doc = json.loads(render("acled-meta"))
    assert [c["name"] for c in doc["columns"]] == ACLED_COLUMNS
    assert doc["rows"] == len(ENTRIES) - 1 and doc["omitted"] == {"undated, no publication date": 1}
    assert doc["metadata"]["store_position"] == 7
