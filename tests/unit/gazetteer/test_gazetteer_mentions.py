"""Finding toponyms in text and resolving them with the report's context (sentences written for the tests)."""

from __future__ import annotations

from timeline.gazetteer import Gazetteer, GazetteerEntry, Mention


def resolved(gaz: Gazetteer, text: str) -> list[tuple[str, GazetteerEntry | None]]:
    mentions = gaz.find_mentions(text)
    for m in mentions:
        assert text[m.start:m.end] == m.surface
    return [(m.surface, e) for m, e in zip(mentions, gaz.resolve(mentions, text), strict=True)]


def ids(gaz: Gazetteer, text: str) -> dict[str, str | None]:
    return {surface: (e.id if e else None) for surface, e in resolved(gaz, text)}


def test_variant_spellings_in_text_resolve_to_one_entry(gaz: Gazetteer) -> None:
    text = ("Militants overran Jalawla at dawn. By noon Jalula was quiet, and refugees from Jalulah reached "
            "Sa'adiyah, which some maps call Sadiyah.")
    found = resolved(gaz, text)
    assert {e.id for s, e in found if s.startswith("Jal")} == {"sup:jalula"}
    assert {e.id for s, e in found if s.startswith("Sa")} == {"sup:saadiyah"}


def test_jordan_is_the_country(gaz: Gazetteer) -> None:
    assert ids(gaz, "Aid convoys left Jordan for the border.")["Jordan"] == "country:JO"


def test_georgia_is_the_country_unless_the_text_is_about_the_us(gaz: Gazetteer) -> None:
    assert ids(gaz, "Volunteers from Georgia and Chechnya joined the fighters.")["Georgia"] == "country:GE"
    us = ids(gaz, "The recruits trained in Atlanta and Savannah, Georgia, before deploying.")
    assert us["Georgia"] == "adm1:US.GA"


def test_mosul_dam_is_the_dam_not_the_city(gaz: Gazetteer) -> None:
    found = ids(gaz, "Engineers warned that Mosul Dam could fail, while Mosul itself stayed calm.")
    assert found["Mosul Dam"] == "sup:mosul-dam"
    assert found["Mosul"] == "gn:99072"


def test_tanf_is_the_syrian_garrison(gaz: Gazetteer) -> None:
    (surface, entry), = resolved(gaz, "Coalition advisers remained at Tanf through the winter.")
    assert surface == "Tanf" and entry is not None and entry.country == "SY" and entry.kind == "base"


def test_a_province_named_nearby_picks_the_town_inside_it(gaz: Gazetteer) -> None:
    syrian = ids(gaz, "Rebels shelled Sinjar in Idlib province on Monday.")
    iraqi = ids(gaz, "Yazidi families fled Sinjar after the attack.")
    assert gaz.get(syrian["Sinjar"]).admin1 == "Idlib"
    assert gaz.get(iraqi["Sinjar"]).admin1 == "Ninawa"
    assert syrian["Idlib province"] == "adm1:SY.12"


def test_province_suffix_and_coordination_give_admin1(gaz: Gazetteer) -> None:
    found = resolved(gaz, "Fighting spread across Kirkuk province; clashes broke out in Ninewa and Erbil.")
    levels = {s: e.level for s, e in found if e}
    assert levels == {"Kirkuk province": "admin1", "Ninewa": "admin1", "Erbil": "admin1"}


def test_common_words_are_not_places(gaz: Gazetteer) -> None:
    text = ("Most of the fighters said they would Hit back. Battle lines in March were clear. Of course, "
            "Islam was not the issue. Deal Or No Deal, Say Mark and Ice.")
    assert gaz.find_mentions(text) == []


def test_a_common_word_after_a_locative_is_the_iraqi_town(gaz: Gazetteer) -> None:
    found = ids(gaz, "The army entered Hit on Sunday.")
    assert gaz.get(found["Hit"]).country == "IQ"


def test_person_names_and_organisations_are_not_places(gaz: Gazetteer) -> None:
    text = ("Abu Dhar al-Iraqi met Nuri al-Maliki, and the Quds Force commander spoke on Al Bayan radio "
            "before Sheikh Hamid al-Karbalai left Deir.")
    assert gaz.find_mentions(text) == []


def test_lowercase_names_are_not_matched(gaz: Gazetteer) -> None:
    assert gaz.find_mentions("the mosul of the jalawla tikrit") == []


def test_an_unknown_toponym_resolves_to_none_and_keeps_its_name(gaz: Gazetteer) -> None:
    mention = Mention(10, 19, "Qaryat Zz", ())
    assert gaz.resolve([mention], "Fighters  Qaryat Zz") == [None]
    place = gaz.to_place(None, mention.surface)
    assert place.name == "Qaryat Zz" and place.gazetteer_id is None


def test_possessive_and_curly_apostrophes(gaz: Gazetteer) -> None:
    found = ids(gaz, "Iraq’s army and Syria's rebels met near Ma’arrat al-Nu’man.")
    assert found["Iraq"] == "country:IQ" and found["Syria"] == "country:SY"
    assert gaz.get(found["Ma’arrat al-Nu’man"]).country == "SY"


def test_multi_word_names_with_articles_and_suffixes(gaz: Gazetteer) -> None:
    found = resolved(gaz, "Militias cleared Jurf al Sakhar, then Jurf al-Sakhar again, and shelled the "
                          "Himreen mountains near Deir ez-Zor province.")
    names = {s: (e.name, e.level) for s, e in found if e}
    assert names["Jurf al Sakhar"] == names["Jurf al-Sakhar"] == ("Jurf al-Sakhar", "locality")
    assert names["Himreen mountains"][0] == "Himreen Mountains"
    assert names["Deir ez-Zor province"] == ("Deir ez-Zor", "admin1")


def test_descriptions_of_capitals_and_possessives(gaz: Gazetteer) -> None:
    found = ids(gaz, "Two car bombs struck the Iraqi capital while Iraq's al-Asad airbase was on alert.")
    assert found["Iraqi capital"] == gaz.lookup("Baghdad")[0].id
    assert found["al-Asad airbase"] == "sup:asad-airbase"


def test_a_country_named_amid_foreign_towns_stays_the_country(gaz: Gazetteer) -> None:
    iraq = ids(gaz, "Pilgrims from Kermanshah, Qom and Isfahan crossed from Iran into Iraq by bus.")
    assert iraq["Iraq"] == "country:IQ"
    palestine = ids(gaz, "Delegates from Palestine met officials in Tehran, Qom and Isfahan.")
    assert palestine["Palestine"] == "country:PS"
