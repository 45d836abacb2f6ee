"""Places of the wider conflict zones, coordinated lists, country evidence, group names, installations
(sentences written for the tests)."""

from __future__ import annotations

import pytest

from timeline.gazetteer import Gazetteer, GazetteerEntry


def resolved(gaz: Gazetteer, text: str) -> dict[str, GazetteerEntry | None]:
    mentions = gaz.find_mentions(text)
    return {m.surface: e for m, e in zip(mentions, gaz.resolve(mentions, text), strict=True)}


def countries(gaz: Gazetteer, text: str) -> dict[str, str | None]:
    return {s: (e.country if e else None) for s, e in resolved(gaz, text).items()}


@pytest.mark.parametrize(("text", "expected"), [
    ("Armoured columns pulled back from Irpin, Bucha and Hostomel after a month.",
     {"Irpin": "UA", "Bucha": "UA", "Hostomel": "UA"}),
    ("Residents of Irpin' said the bridge was gone.", {"Irpin": "UA"}),
    ("A roadside bomb went off in Zaranj; later, gunmen raided a post near Lashkar Gah.",
     {"Zaranj": "AF", "Lashkar Gah": "AF"}),
    ("Jets struck Sanaa and Saada before dawn.", {"Sanaa": "YE", "Saada": "YE"}),
    ("Insurgents overran the garrison at Inates last week.", {"Inates": "NE"}),
])
def test_towns_of_other_wars_are_found(gaz: Gazetteer, text: str, expected: dict[str, str]) -> None:
    assert countries(gaz, text) == expected


def test_every_name_of_a_coordinated_list_is_a_mention(gaz: Gazetteer) -> None:
    found = countries(gaz, "Convoys reached Kandahar, Herat and Ghazni, then Kunduz and Mazar-i-Sharif.")
    assert found == {"Kandahar": "AF", "Herat": "AF", "Ghazni": "AF", "Kunduz": "AF", "Mazar-i-Sharif": "AF"}


def test_a_plural_province_word_covers_the_whole_list(gaz: Gazetteer) -> None:
    found = resolved(gaz, "Curfews were declared in Kherson and Donetsk oblasts and in Kandahar and Helmand "
                          "provinces.")
    assert {s: e.level for s, e in found.items() if e} == {
        "Kherson": "admin1", "Donetsk oblasts": "admin1", "Kandahar": "admin1", "Helmand provinces": "admin1"}


@pytest.mark.parametrize(("text", "country"), [
    ("Militias fought in Tripoli overnight, and the government of Libya called for calm.", "LY"),
    ("Gunfire echoed across Tripoli, the Libyan capital, on Sunday.", "LY"),
    ("Gunfire echoed across Tripoli in northern Lebanon on Sunday.", "LB"),
])
def test_the_country_a_report_names_decides_an_ambiguous_city(gaz: Gazetteer, text: str,
                                                              country: str) -> None:
    assert countries(gaz, text)["Tripoli"] == country


def test_a_syrian_report_keeps_syrian_cities(gaz: Gazetteer) -> None:
    found = countries(gaz, "Regime aircraft bombed Homs and Hama while rebels held out in Syria's north.")
    assert found["Homs"] == "SY" and found["Hama"] == "SY"


def test_groups_peoples_and_adjectives_are_never_places(gaz: Gazetteer) -> None:
    text = ("The Taliban and the Houthis issued statements; Hezbollah, Hamas and al-Shabaab did not. Wagner "
            "contractors, Peshmerga units, Kurds and Yazidis were seen, with Libyan and Afghan officials.")
    assert gaz.find_mentions(text) == []


def test_a_group_name_is_evidence_of_its_country(gaz: Gazetteer) -> None:
    assert countries(gaz, "The Taliban said its fighters entered Kunduz.")["Kunduz"] == "AF"


@pytest.mark.parametrize("surface", [
    "al-Asad airbase", "Ain al-Asad air base", "Al Asad Air Base", "Asad base", "Asad airbase",
])
def test_installation_suffixes_in_any_spelling(gaz: Gazetteer, surface: str) -> None:
    text = f"Rockets landed near the {surface} on Tuesday."
    assert {s: e.id for s, e in resolved(gaz, text).items() if e} == {surface: "sup:asad-airbase"}


def test_dams_and_crossings_by_their_generic_word(gaz: Gazetteer) -> None:
    found = resolved(gaz, "Engineers inspected the Tabqa dam, while trucks queued at the Bab al-Hawa border "
                          "crossing.")
    assert found["Tabqa dam"].kind == "dam"
    assert found["Bab al-Hawa border crossing"].kind == "crossing"


def test_an_article_before_an_installation_name_is_kept_in_the_span(gaz: Gazetteer) -> None:
    found = resolved(gaz, "Drones circled Al Tabqa air base, and later the al-Tabqa airbase.")
    kinds = {s: e.kind for s, e in found.items() if e}
    assert kinds == {"Al Tabqa air base": "base", "al-Tabqa airbase": "base"}


def test_us_abbreviations_are_not_places_and_directions_stay_out_of_names(gaz: Gazetteer) -> None:
    found = resolved(gaz, "The U.S. said US advisers had left eastern Aleppo.")
    assert list(found) == ["Aleppo"]
    assert found["Aleppo"].level == "locality" and found["Aleppo"].country == "SY"


def test_english_words_that_name_small_towns_elsewhere_are_not_mentions(gaz: Gazetteer) -> None:
    text = ("Blast hits market. Rebel fighters regrouped. Raids continued as Towns emptied. Tank fire was "
            "heard. Jan. 5 was quiet. Users shared videos.")
    assert gaz.find_mentions(text) == []
