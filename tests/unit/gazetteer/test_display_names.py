"""One English display name per place, admin1 and country, decided by the gazetteer's rule and its curated
table (timeline.gazetteer.display), and what the query layer shows beside the report's own spelling."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from timeline.gazetteer.display import country_name, display_name
from timeline.query.entries import entry_json


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Muhafazat Kirkuk", "Kirkuk"),  # the rule: administrative words dropped
        ("Salah ad Din Governorate", "Salahuddin"),  # rule, then the curated table
        ("Ninawa", "Nineveh"),
        ("Tall ‘Afar", "Tal Afar"),  # ayn mark folded, then the table
        ("Ālbū Kamāl", "Abu Kamal"),  # diacritics folded, then the table
        ("Al-Bukamal", "Abu Kamal"),
        ("Basra Governorate", "Basra"),
        ("Mayorality of Baghdad", "Baghdad"),
        ("Muhafazat Karbala'", "Karbala"),
        ("Ar-Raqqah", "Raqqa"),
        ("Diyala", "Diyala"),  # already plain: unchanged
        ("Jalula", "Jalula"),
        ("Mosul Dam", "Mosul Dam"),
        ("Ḩalab", "Aleppo"),
        ("Province C", "Province C"),  # too little would be left: kept as written
        (None, None),
    ],
)
def test_display_name(name, shown):
    assert display_name(name) == shown


def test_country_names_are_the_common_english_ones():
    assert [country_name(c) for c in ("IQ", "SY", "IR", "TR", "RU", None)] == [
        "Iraq", "Syria", "Iran", "Turkey", "Russia", None]  # fmt: skip


def test_an_entry_shows_display_names_beside_the_gazetteer_id_and_the_reports_spelling():
    row = SimpleNamespace(
        event_id="e1", kind="town_captured", actors=["Islamic State"], place_name="Tall 'Afar",
        place_resolved="Tall ‘Afar", gazetteer_id="gn:90393", admin1="Ninawa", country="IQ", lat=36.4,
        lon=42.4, place_precision="locality", date_start=None, date_end=None, date_precision="unknown",
        date_phrase=None, fatalities_low=None, fatalities_high=None, confidence=0.5, position=3,
        report_id="r", source=None, url=None, title=None, published=None, evidence_text="x",
        evidence_start=0, evidence_end=1,
    )  # fmt: skip
    entry = entry_json(row)
    assert entry["headline"] == "Islamic State captured Tal Afar"
    place = entry["place"]
    assert (place["name"], place["locality"], place["admin1"]) == ("Tal Afar", "Tal Afar", "Nineveh")
    assert (place["gazetteer_id"], place["spelling"]) == ("gn:90393", "Tall 'Afar")


def test_every_iraqi_and_syrian_admin1_is_found_again_by_its_display_name(gaz):
    """A name the API shows can be typed back as a filter: each admin1's display name looks up to it."""
    ids = [f"adm1:IQ.{n:02d}" for n in range(1, 20)] + [f"adm1:SY.{n:02d}" for n in range(1, 15)]
    admin1s = {e.id: e.name for e in map(gaz.get, ids) if e is not None}
    assert len(admin1s) >= 30
    for admin1_id, name in admin1s.items():
        shown = display_name(name)
        assert shown and shown.isascii() and "Governorate" not in shown and "Muhafazat" not in shown
        assert admin1_id in {e.id for e in gaz.lookup(shown)} or shown == "Damascus", (name, shown)
