"""Extraction on sentences written for these tests: several events per sentence, de-duplication, place
choice, actor normalisation, designations, comments, evidence offsets and deterministic ids."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.domain.report import Report, report_id_for
from timeline.extraction import EXTRACTOR_VERSION, extract

pytestmark = pytest.mark.timeout(300)  # the first call may build the gazetteer index


def run(text: str, published: date | None = date(2021, 5, 20)) -> list:
    return extract(Report(report_id=report_id_for(text), text=text, published=published))


def kinds_places(events) -> list[tuple[str, str | None]]:
    return [(e.kind, e.place.name if e.place else None) for e in events]


def test_one_sentence_two_captures():
    events = run("Rebel fighters captured Maarat al-Numan and Saraqib on Tuesday after a short battle.")
    captures = [e for e in events if e.kind == "town_captured"]
    assert sorted(e.place.name for e in captures) == ["Maarat al-Numan", "Saraqib"]
    assert all(e.when.start == date(2021, 5, 18) for e in captures)


def test_place_fell_to_actor_passive():
    events = run("Tal Afar fell to the Islamic State on Monday, residents said.")
    (event,) = [e for e in events if e.kind == "town_captured"]
    assert event.place.name == "Tal Afar"
    assert event.actors[0] == "Islamic State"


def test_same_event_twice_is_one_event():
    text = ("Kurdish forces recaptured Sinjar on Friday.\n\n"
            "The recapture of Sinjar opens the road to Raqqa, an official said.")
    captures = [e for e in run(text) if e.kind == "town_captured"]
    assert len(captures) == 1
    assert captures[0].when.start == date(2021, 5, 14)  # the mention with its own date wins


def test_distance_and_direction_references_are_not_the_place():
    events = run("Iraqi troops advanced on Baiji, 40 km north of Tikrit, on Sunday.")
    assert kinds_places(events) == [("offensive_launched", "Baiji")]


def test_event_place_is_the_object_not_every_toponym():
    text = "Government troops pulled out of Palmyra on Saturday and moved to Homs, 150 km to the west."
    (event,) = [e for e in run(text) if e.kind == "withdrawal"]
    assert event.place.name == "Palmyra"


def test_actor_aliases_are_normalised():
    events = run("ISIL militants stormed the town of Hit on Thursday.\n\n"
                 "Daesh fighters shelled Haditha on Friday.")
    assert [e.actors[0] for e in events] == ["Islamic State", "Islamic State"]


def test_contextual_alias_uses_the_country_of_the_report():
    events = run("Government forces retook Khan Shaykhun in Idlib province on Wednesday.")
    (event,) = [e for e in events if e.kind == "town_captured"]
    assert event.actors[0] == "Syrian army"


def test_country_level_place_when_only_the_country_is_given():
    events = run("The coalition carried out an air strike in eastern Syria on Monday, killing 12 fighters.")
    (event,) = [e for e in events if e.kind == "airstrike"]
    assert event.place.precision == "country" and event.place.country == "SY"
    assert event.fatalities is not None and event.fatalities.low == 12


def test_designation_lists_authority_first_and_designee_last():
    events = run("On Monday, the State Department designated Abu Yusuf al-Turki as a terrorist.")
    (event,) = [e for e in events if e.kind == "designation_announced"]
    assert event.actors[0] == "US State Department"
    assert event.actors[-1] == "Abu Yusuf al-Turki"
    assert event.place is None and event.when.start == date(2021, 5, 17)


def test_attack_counts_killed_and_wounded():
    events = run("A car bomb exploded in Kirkuk on Sunday, killing at least seven people and wounding 15.")
    (event,) = [e for e in events if e.kind == "attack"]
    assert (event.fatalities.low, event.injured.low, event.injured.high) == (7, 15, 15)


def test_reader_comments_yield_no_events():
    body = ("Kurdish Peshmerga fighters captured the town of Zummar on Saturday after two days of fighting, "
            "commanders said. The advance is the biggest this month. ") * 3
    text = body + "\n\nAnonymous said...\n\nThe army captured Baiji and Tikrit on Monday, I heard.\n"
    places = {e.place.name for e in run(text) if e.place}
    assert "Zummar" in places
    assert not places & {"Baiji", "Tikrit"}


def test_evidence_offsets_index_the_stored_text():
    text = "Report from Aleppo.\n\nOn 3 March, rebels seized Khan Tuman. Jets bombed Atareb later that day."
    events = run(text)
    assert events
    for e in events:
        assert text[e.evidence.start : e.evidence.end] == e.evidence.text


def test_ids_are_deterministic_and_record_the_rule():
    text = "Islamic State fighters overran Ramadi on Sunday."
    first, second = run(text), run(text)
    assert [e.event_id for e in first] == [e.event_id for e in second]
    assert all(e.extractor.version == EXTRACTOR_VERSION and e.extractor.rule_id for e in first)


def test_people_captured_in_a_town_are_not_a_captured_town():
    assert [e.kind for e in run("Kurdish forces captured three IS fighters in Hasakah on Monday.")] == []


def test_a_facility_seized_in_a_town_places_the_capture_there():
    events = run("Rebels seized the main checkpoint in Jisr al-Shughour on Monday.")
    assert kinds_places(events) == [("town_captured", "Jisr al-Shughour")]


def test_the_demonym_capital_is_that_countrys_capital():
    (event,) = run("A suicide bombing in the Iraqi capital killed 20 people on Monday.")
    assert event.kind == "attack" and event.place.resolved_name == "Baghdad"


def test_the_city_stands_for_the_town_named_before():
    text = "Fighting raged around Tal Afar on Sunday.\n\nOn Monday the army entered the city."
    (capture,) = [e for e in run(text) if e.kind == "town_captured"]
    assert capture.place.name == "Tal Afar" and capture.when.start == date(2021, 5, 17)


def test_a_name_the_gazetteer_lacks_is_kept_with_the_reports_country():
    text = ("Syrian troops shelled Idlib on Sunday.\n\n"
            "Rebels seized the village of Khirbet Zoqqaq on Monday, near Idlib.")
    (event,) = [e for e in run(text) if e.kind == "town_captured"]
    assert event.place.name == "Khirbet Zoqqaq" and event.place.gazetteer_id is None
    assert event.place.country == "SY"


def test_an_attack_takes_its_doer_from_the_claim_that_follows():
    text = ("A roadside bomb killed four soldiers in Baiji on Monday. "
            "The Islamic State claimed responsibility.")
    (event,) = [e for e in run(text) if e.kind == "attack"]
    assert event.actors == ("Islamic State",)


def test_coordinated_subject_keeps_the_first_named_and_skips_backers():
    text = "Backed by coalition jets, Iraqi troops and the Peshmerga recaptured Bashiqa on Monday."
    (event,) = [e for e in run(text) if e.kind == "town_captured"]
    assert event.actors[0] == "Iraqi Security Forces"


@pytest.mark.parametrize(
    ("text", "kind", "place"),
    [
        ("Manbij came under the control of the SDF on Friday.", "town_captured", "Manbij"),
        ("Gunmen opened fire on a checkpoint in Samarra on Friday.", "attack", "Samarra"),
        ("Three rockets hit a market in Baghdad on Friday.", "attack", "Baghdad"),
        ("Kurdish fighters repelled an attack on Kobani on Friday.", "clash", "Kobani"),
        ("Rebels were driven out of Homs on Friday.", "town_captured", "Homs"),
        ("Regime troops laid siege to Daraya on Friday.", "offensive_launched", "Daraya"),
    ],
)
def test_general_phrasings(text: str, kind: str, place: str):
    assert (kind, place) in kinds_places(run(text))
