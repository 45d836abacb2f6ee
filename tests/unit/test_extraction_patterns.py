"""Phrasings news reports use for the core event types, beyond the plain active verb: relative and passive
captures, offensives announced or begun, aircraft as the subject, attacks with no named doer, and dates taken
from the right clause. Every sentence here was written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.domain.report import Report, report_id_for
from timeline.extraction import extract

pytestmark = pytest.mark.timeout(300)  # the first call may build the gazetteer index
PUBLISHED = date(2018, 10, 20)  # a Saturday


def run(text: str, published: date | None = PUBLISHED) -> list:
    return extract(Report(report_id=report_id_for(text), text=text, published=published))


def found(text: str, kind: str, published: date | None = PUBLISHED) -> list[tuple[str | None, date | None]]:
    return [(e.place.name if e.place else None, e.when.start) for e in run(text, published) if e.kind == kind]


def only(text: str, kind: str, published: date | None = PUBLISHED):
    events = [e for e in run(text, published) if e.kind == kind]
    assert len(events) == 1, [(e.kind, e.place, e.when) for e in events]
    return events[0]


# --- captures stated in a relative clause, a passive, with a pronoun or as continued control -------------

@pytest.mark.parametrize(("text", "place", "start"), [
    ("Ramadi, which fell to Islamic State in May 2015, is being rebuilt.", "Ramadi", date(2015, 5, 1)),
    ("Baiji, the refinery town that was overrun by the militants in June 2014, is quiet.", "Baiji",
     date(2014, 6, 1)),
    ("Rutba, the town west of Ramadi that was retaken from the militants in May, is calm.", "Rutba",
     date(2018, 5, 1)),
])
def test_capture_in_a_relative_clause_on_the_place(text: str, place: str, start: date):
    event = only(text, "town_captured")
    assert (event.place.name, event.when.start) == (place, start)


def test_relative_clause_and_main_clause_are_two_dated_captures():
    events = found("Ramadi, which fell to Islamic State in May 2015, was retaken by the army in December.",
                   "town_captured")
    assert sorted(events) == [("Ramadi", date(2015, 5, 1)), ("Ramadi", date(2018, 12, 1))] or sorted(
        events) == [("Ramadi", date(2015, 5, 1)), ("Ramadi", date(2015, 12, 1))]


def test_the_agent_of_retaken_from_is_not_the_one_who_lost_it():
    event = only("Tuz Khurmatu, the town that was retaken from Islamic State in April, is calm.",
                 "town_captured")
    assert event.actors[0] != "Islamic State" and "Islamic State" in event.actors[1:]  # the side that lost it


def test_pronoun_subject_takes_the_last_town_named():
    text = "The army entered Hit in April 2016. It fell to the militants in October 2014, officials said."
    assert ("Hit", date(2014, 10, 1)) in found(text, "town_captured")


def test_continued_control_since_a_date_is_a_capture_at_that_date():
    event = only("Islamic State has held Raqqa since January 2014.", "town_captured")
    assert event.place.name == "Raqqa" and event.when.start == date(2014, 1, 1)
    assert event.actors[0] == "Islamic State"


def test_driving_a_group_out_of_coordinated_towns_is_two_captures():
    events = found("The army later drove the militants out of the towns of Baiji and Siniyah on Friday.",
                   "town_captured")
    assert sorted(p for p, _ in events) == ["Baiji", "Siniyah"]


def test_capture_of_a_part_of_a_town_places_it_in_the_town():
    event = only("Rebels captured the old citadel and most central districts of Aleppo on Friday.",
                 "town_captured")
    assert event.place.name == "Aleppo"


# --- offensives ------------------------------------------------------------------------------------------

def test_announcing_the_start_of_an_offensive():
    event = only("The prime minister announced on Sunday the start of a long-awaited offensive to retake "
                 "Falluja.", "offensive_launched")
    assert event.place.name == "Falluja" and event.when.start == date(2018, 10, 14)


@pytest.mark.parametrize(("text", "place", "start"), [
    ("Turkey's first incursion, Operation Olive Branch, began in January 2018 in the Afrin district.",
     "Afrin", date(2018, 1, 1)),
    ("The operation to clear the last pockets of Salahuddin province began on March 2, 2015.",
     "Salahuddin", date(2015, 3, 2)),
])
def test_an_operation_as_the_subject_of_began(text: str, place: str, start: date):
    event = only(text, "offensive_launched")
    assert place in event.place.name and event.when.start == start


def test_before_dawn_is_a_time_not_a_clause():
    event = only("Columns of the army and tribal fighters moved on Tikrit before dawn on Monday.",
                 "offensive_launched")
    assert event.when.start == date(2018, 10, 15)


# --- air strikes by aircraft as the subject, by agent, or in the passive ---------------------------------

@pytest.mark.parametrize(("text", "place"), [
    ("Saudi-led jets carried out more than 20 strikes on rebel positions in Taiz on Friday.", "Taiz"),
    ("Russian helicopters flew dozens of sorties over the Latakia countryside on Monday.", "Latakia"),
    ("A chemical attack by government aircraft killed 40 people in Douma in April.", "Douma"),
    ("The hospital in Kafr Zita was hit by air strikes on Sunday.", "Kafr Zita"),
])
def test_airstrike_phrasings(text: str, place: str):
    assert only(text, "airstrike").place.name == place


# --- attacks with no named doer ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "place"), [
    ("A car bomb exploded at a checkpoint on the northern edge of Tikrit on Saturday, killing seven people.",
     "Tikrit"),
    ("On Thursday, rockets fired from Turkey slammed into the Syrian border town of Tal Abyad.", "Tal Abyad"),
    ("A police post near Baiji was hit by mortar fire on Friday.", "Baiji"),
    ("Gunmen massacred 30 villagers in and around Haditha last month.", "Haditha"),
    ("Haditha lies on the Euphrates. Militants massacred hundreds of men in and around the town in 2014.",
     "Haditha"),
])
def test_attack_phrasings(text: str, place: str):
    assert only(text, "attack").place.name == place


def test_a_series_of_attacks_is_not_a_verb_trigger_placed_by_any_preposition():
    events = run("Rebels have launched a series of attacks, backed by Turkey, across Syria.")
    assert [e for e in events if e.kind == "attack" and e.extractor.rule_id == "attack.verb"] == []


# --- clashes, designations ---------------------------------------------------------------------------------

def test_fighting_positions_are_not_a_clash():
    events = run("Coalition jets hit fighting positions and weapons depots near Hajin on Tuesday.")
    assert [e.kind for e in events] == ["airstrike"]


def test_designee_can_be_a_long_common_noun_phrase():
    event = only("The Treasury designated three Hezbollah financiers and a Beirut money exchange house on "
                 "Thursday.", "designation_announced")
    assert event.actors[-1].startswith("three Hezbollah financiers")


# --- dates from the right clause ---------------------------------------------------------------------------

def test_event_in_an_after_clause_happened_before_the_main_date():
    events = run("Government troops entered Saraqib on Thursday, after the army launched its offensive on "
                 "Idlib province.")
    (offensive,) = [e for e in events if e.kind == "offensive_launched"]
    assert offensive.when.end == date(2018, 10, 18) and offensive.when.start < date(2018, 10, 18)


def test_fronted_after_phrase_does_not_shift_the_main_clause():
    event = only("On Thursday, after the talks collapsed, Iraqi jets launched an air strike on Hajin.",
                 "airstrike")
    assert (event.when.start, event.when.end) == (date(2018, 10, 18), date(2018, 10, 18))


def test_yearless_month_after_a_background_year_counts_from_publication():
    text = ("Tal Afar fell to the militants in June 2014. "
            "The army recaptured Mosul in July after a long battle.")
    assert ("Mosul", date(2018, 7, 1)) in found(text, "town_captured")


# --- headlines, purposes, victims, destinations -------------------------------------------------------------

def test_a_headline_restates_the_body_and_gives_no_event_of_its_own():
    text = ("Army launches push to retake Baiji\n\n"
            "The army launched an offensive on Tuesday to drive Islamic State out of Baiji, its last "
            "refinery town in Iraq.")
    events = [e for e in run(text) if e.kind == "offensive_launched"]
    assert [(e.place.name, e.when.start) for e in events] == [("Baiji", date(2018, 10, 16))]
    assert events[0].evidence.start > text.index("\n")


def test_headline_only_event_is_not_extracted_from_the_title_line():
    assert run("Rebels seize Saraqib as defences crumble\n\nResidents described a quiet night.") == []


def test_purpose_of_an_offensive_wins_over_a_later_country():
    event = only("The premier announced the start of an offensive to push the militants out of Hawija, "
                 "the last pocket they hold in Iraq.", "offensive_launched")
    assert event.place.name == "Hawija"


@pytest.mark.parametrize("text", [
    "Three Peshmerga fighters were killed when a roadside bomb exploded near Sinjar on Monday.",
    "Two SDF commanders were wounded in a car bomb attack in Manbij on Tuesday.",
])
def test_the_victims_of_an_attack_are_not_its_doer(text: str):
    event = only(text, "attack")
    assert event.actors == () or event.actors[0] not in ("Peshmerga", "Syrian Democratic Forces")


def test_within_hours_takes_the_day_of_the_previous_expression():
    text = ("The army launched its push on Baiji before dawn on Monday.\n\n"
            "Within hours, Peshmerga fighters captured Bartella, officials said.")
    (event,) = [e for e in run(text) if e.kind == "town_captured"]
    assert (event.when.start, event.when.end) == (date(2018, 10, 15), date(2018, 10, 15))


def test_where_displaced_people_went_is_not_where_they_fled_from():
    events = run("Some 500 families fled villages east of the city towards camps at Khazir on Sunday.")
    assert [e for e in events if e.kind == "displacement"] == []
    (event,) = [e for e in run("Thousands of civilians fled Raqqa into the desert near Tabqa.")
                if e.kind == "displacement"]
    assert event.place.name == "Raqqa"


# --- names the gazetteer lacks, more trigger phrasings ------------------------------------------------------

def test_an_arabic_article_name_after_a_locative_preposition_is_kept_as_a_place():
    event = only("Fighting was still going on in al-Zuhairat late on Monday.", "clash")
    assert event.place.name == "al-Zuhairat" and event.when.start == date(2018, 10, 15)


def test_a_name_coordinated_with_a_known_place_is_a_second_place():
    events = found("Since Sunday, rebels have fought Kurdish units around Bulbul and Kharabat Shaykh.",
                   "clash")
    assert sorted(p for p, _ in events) == ["Bulbul", "Kharabat Shaykh"]


def test_a_title_after_and_is_not_a_coordinated_place():
    events = run("Fighting raged in Mosul and President Barzani said the front held.")
    assert all(e.place is None or e.place.name == "Mosul" for e in events)


@pytest.mark.parametrize(("text", "kind", "place"), [
    ("The battle for Raqqa began on June 6, 2017.", "offensive_launched", "Raqqa"),
    ("Helicopter gunships fired rockets at militant positions near Baiji on Friday.", "airstrike", "Baiji"),
    ("A bomb exploded in a crowded market in Baqubah on Wednesday, killing 11 people.", "attack", "Baqubah"),
    ("Gunmen killed five policemen at a checkpoint in Samarra on Thursday.", "attack", "Samarra"),
    ("Militants shot dead three soldiers near Tarmiyah on Tuesday.", "attack", "Tarmiyah"),
])
def test_more_trigger_phrasings(text: str, kind: str, place: str):
    events = run(text)
    assert [(e.kind, e.place.name) for e in events] == [(kind, place)]


@pytest.mark.parametrize(("text", "kind", "place"), [
    ("The army opened a new front against the militants in Anbar on Monday.", "offensive_launched", "Anbar"),
    ("Operations to retake Fallujah began on May 23.", "offensive_launched", "Fallujah"),
    ("Troops launched an offensive aimed at retaking Tikrit on Monday.", "offensive_launched", "Tikrit"),
    ("Kurdish-led forces announced a campaign to capture Raqqa on Tuesday.", "offensive_launched", "Raqqa"),
    ("Deir ez-Zor has been besieged by Islamic State since 2015.", "offensive_launched", "Deir ez-Zor"),
    ("Iraqi troops were pressing toward the centre of Mosul on Monday.", "offensive_launched", "Mosul"),
    ("Iraqi forces retook control of Baiji on Tuesday.", "town_captured", "Baiji"),
    ("Heet is back in government hands after a week of fighting.", "town_captured", "Heet"),
    ("The militants were driven from Sinjar on Friday.", "town_captured", "Sinjar"),
    ("The army declared victory in Ramadi on Monday.", "town_captured", "Ramadi"),
    ("Qaim has been under Islamic State control since 2014.", "town_captured", "Qaim"),
    ("Rebels wrested Idlib from government forces in March 2015.", "town_captured", "Idlib"),
    ("Ramadi is now controlled by Islamic State.", "town_captured", "Ramadi"),
    ("Sinjar was cleared of militants on Friday.", "town_captured", "Sinjar"),
    ("Islamic State lost control of Dabiq on Sunday.", "town_captured", "Dabiq"),
    ("Villages near Tuz Khurmatu were shelled on Monday.", "attack", "Tuz Khurmatu"),
    ("The market in Baqubah was rocked by twin blasts on Friday.", "attack", "Baqubah"),
    ("A landmine killed two children near Kobani on Tuesday.", "attack", "Kobani"),
    ("Coalition strikes hit Islamic State targets near Raqqa on Thursday.", "airstrike", "Raqqa"),
])
def test_common_news_phrasings_of_the_core_types(text: str, kind: str, place: str):
    events = run(text)
    assert [(e.kind, e.place.name) for e in events] == [(kind, place)]


def test_who_a_place_was_cleared_of_is_not_the_doer():
    event = only("Sinjar was cleared of militants on Friday.", "town_captured")
    assert "militants" not in event.actors


@pytest.mark.parametrize(("text", "actor"), [
    ("Turkish F-16s struck targets across Afrin district on Saturday.", "Turkish military"),
    ("Saudi-led jets carried out more than 20 strikes on rebel positions in Taiz on Friday.",
     "Saudi-led coalition"),
    ("Russian helicopters flew dozens of sorties over Latakia on Monday.", "Russian military"),
])
def test_a_national_aircraft_names_its_air_force_as_the_doer(text: str, actor: str):
    assert only(text, "airstrike").actors[0] == actor


def test_scorer_json_gives_canonical_actor_names_only():
    from timeline.extraction.output import to_score_json

    events = run("ISIL fighters captured Baiji on Monday. Islamic State militants shelled Kobani on Friday.")
    assert [to_score_json(e)["actors"][0] for e in events] == ["Islamic State", "Islamic State"]


@pytest.mark.parametrize(("text", "authority", "designee"), [
    ("Hayat Tahrir al-Sham was designated a terrorist organisation by the State Department on Thursday.",
     "US State Department", "Hayat Tahrir al-Sham"),
    ("The US Treasury added two Hezbollah officials to its sanctions list on Monday.",
     "US Treasury Department", "two Hezbollah officials"),
    ("The European Union imposed sanctions on seven Syrian ministers on Friday.",
     "European Union", "seven Syrian ministers"),
])
def test_designation_phrasings_name_authority_first_and_designee_last(text: str, authority: str,
                                                                     designee: str):
    event = only(text, "designation_announced")
    assert (event.actors[0], event.actors[-1]) == (authority, designee)


@pytest.mark.parametrize("text", [
    "Twenty militants were killed in air strikes near Hawija on Monday.",
    "Five militants killed in clashes near Baiji on Sunday.",
])
def test_armed_men_who_were_killed_are_not_attackers(text: str):
    assert [e for e in run(text) if e.extractor.rule_id == "attack.armed_men_killed"] == []


@pytest.mark.parametrize("text", [
    "The army would launch an offensive aimed at retaking Tikrit within days.",
    "Officials denied that Ramadi was back in government hands.",
    "If Sinjar is cleared of militants, families could return.",
    "The militants could be driven from Sinjar within weeks.",
    "Iraq plans to declare victory in Mosul next month.",
    "Turkey threatened to impose sanctions on Iraqi Kurdistan.",
    "Operations to retake Mosul are expected to begin in October.",
    "Jets may have carried out strikes on Raqqa, activists said.",
    "Jets did not strike Raqqa on Monday.",
    "Is Falluja now controlled by Islamic State?",
])
def test_the_new_phrasings_respect_factuality(text: str):
    assert run(text) == []


@pytest.mark.parametrize(("text", "kind", "place"), [
    ("An offensive, launched on Monday to retake Hawija, made rapid progress.", "offensive_launched",
     "Hawija"),
    ("Iraqi troops went on the offensive in western Anbar on Sunday.", "offensive_launched", "Anbar"),
    ("Kurdish fighters raised their flag over Kobani on Monday.", "town_captured", "Kobani"),
    ("The coalition said it conducted 12 strikes near Raqqa on Wednesday.", "airstrike", "Raqqa"),
])
def test_further_phrasings(text: str, kind: str, place: str):
    assert [(e.kind, e.place.name) for e in run(text)] == [(kind, place)]


def test_strikes_by_workers_are_not_air_strikes():
    assert run("Workers staged two strikes in Basra last month.") == []


def test_relative_clause_on_the_object_of_a_preposition():
    text = ("Troops gathered near Qayyarah, the town south of Mosul that was retaken from the militants "
            "in August.")
    assert found(text, "town_captured") == [("Qayyarah", date(2018, 8, 1))]


def test_air_support_placed_only_by_a_country_is_not_an_air_strike_event():
    events = run("Rebels, backed by Turkish air strikes, advanced across northern Syria on Monday.")
    assert [e for e in events if e.kind == "airstrike"] == []
    events = run("Troops backed by Russian air strikes recaptured Palmyra on Sunday.")
    assert [(e.kind, e.place.name) for e in events if e.kind == "airstrike"] == [("airstrike", "Palmyra")]


def test_pushing_into_part_of_a_city_is_an_advance_not_a_capture():
    events = run("Federal police pushed into the Qadisiya neighbourhood of Mosul on Friday.")
    assert [e.kind for e in events] == ["offensive_launched"]


def test_half_of_a_city_places_the_event_in_the_city():
    event = only("Rebels overran the eastern half of Aleppo in July 2012.", "town_captured")
    assert (event.place.name, event.when.start) == ("Aleppo", date(2012, 7, 1))


def test_the_city_can_resume_a_town_named_paragraphs_before():
    text = ("Rebels overran the eastern half of Aleppo in July 2012.\n\n"
            "For four years the front lines barely moved.\n\n"
            "Russian warplanes carried out hundreds of sorties over the city in the autumn of 2016.")
    event = only(text, "airstrike")
    assert (event.place.name, event.when.start) == ("Aleppo", date(2016, 9, 1))


def test_an_operation_that_began_takes_its_target_from_a_later_clause():
    event = only(
        "Turkey's first incursion, Operation Olive Branch, began in January 2018, when Turkish troops "
        "crossed into Afrin.",
        "offensive_launched",
    )
    assert (event.place.name, event.when.start) == ("Afrin", date(2018, 1, 1))
