"""The constructions the parse-based extractor reads, one test per construction, on sentences written for
these tests: triggers outside a fixed list (verbs with particles, nominal events, gerunds, passives with
no agent), arguments from the tree (doer, loser, coordinated places, places named by reference), the most
specific place, factuality from the parse, discourse dates, numbers, zones and normalised actors."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.domain.report import Report, report_id_for
from timeline.extraction import extract, extract_explained

pytestmark = pytest.mark.timeout(300)  # the first call loads the parser and the gazetteer
PUBLISHED = date(2016, 6, 10)  # a Friday


def run(text: str, published: date | None = PUBLISHED) -> list:
    return extract(Report(report_id=report_id_for(text), text=text, published=published))


def of_kind(text: str, kind: str, published: date | None = PUBLISHED) -> list:
    return [e for e in run(text, published) if e.kind == kind]


def one(text: str, kind: str, published: date | None = PUBLISHED):
    events = of_kind(text, kind, published)
    assert len(events) == 1, [
        (e.kind, e.place and e.place.name, e.when, e.actors) for e in run(text, published)
    ]
    return events[0]


# --- triggers: verbs outside a list, particles, nominal events, gerunds, passives without agent ----------


@pytest.mark.parametrize(
    "text",
    [
        "Rebel columns overran Rutba on Thursday.",
        "Government troops stormed into Rutba on Thursday and took over the town.",
        "Rutba has fallen to the rebels, officials said on Thursday.",
        "Tribal fighters swept into Rutba on Thursday.",
    ],
)
def test_capture_verbs_with_and_without_particles(text: str) -> None:
    events = of_kind(text, "town_captured")
    assert [e.place.name for e in events] == ["Rutba"]


def test_nominal_trigger_with_of_place() -> None:
    event = one("The fall of Tikrit on Thursday shocked the capital.", "town_captured")
    assert (event.place.name, event.when.start) == ("Tikrit", date(2016, 6, 9))


def test_possessive_nominal_trigger() -> None:
    event = one("Army commanders celebrated Ramadi's recapture on Wednesday.", "town_captured")
    assert event.place.name == "Ramadi"


def test_gerund_after_capturing_coordinated_towns() -> None:
    events = of_kind(
        "After capturing the towns of Baiji and Samarra on Monday, the militia moved north.", "town_captured"
    )
    assert sorted(e.place.name for e in events) == ["Baiji", "Samarra"]


def test_passive_with_no_agent_is_an_attack_with_an_unknown_doer() -> None:
    event = one("Dozens of prisoners were killed in Tikrit on Tuesday.", "attack")
    assert event.place.name == "Tikrit" and event.actors[0] == "unknown"
    assert event.fatalities is not None and event.fatalities.low == 24  # "dozens": at least two dozen


def test_a_death_caused_by_an_event_noun_is_that_event_not_a_second_one() -> None:
    events = run("Twelve civilians were killed in an air strike on a market in Raqqa on Monday.")
    assert [(e.kind, e.place.name) for e in events] == [("airstrike", "Raqqa")]


# --- arguments from the tree --------------------------------------------------------------------------------


def test_retake_from_makes_the_loser_second_not_the_doer() -> None:
    event = one(
        "Kurdish Peshmerga forces retook Zumar from Islamic State militants on Sunday.", "town_captured"
    )
    assert event.actors == ("Peshmerga", "Islamic State")


def test_passive_agent_is_the_doer() -> None:
    event = one("Sinjar was captured by Islamic State fighters on Sunday.", "town_captured")
    assert event.actors[0] == "Islamic State"


def test_fell_to_names_the_doer() -> None:
    event = one("Ramadi fell to Islamic State militants on Sunday.", "town_captured")
    assert (event.place.name, event.actors[0]) == ("Ramadi", "Islamic State")


def test_coordinated_places_each_give_an_event() -> None:
    events = of_kind(
        "Coalition warplanes struck militant positions near Baiji, Tikrit, Samarra and Balad on Monday.",
        "airstrike",
    )
    assert sorted(e.place.name for e in events) == ["Baiji", "Balad", "Samarra", "Tikrit"]
    assert {e.actors[0] for e in events} == {"US-led coalition"}


def test_the_city_resumes_the_town_the_paragraph_is_about() -> None:
    text = (
        "Fighting has moved to Fallujah.\n\n"
        "Iraqi troops entered the city centre on Thursday and recaptured the city on Friday."
    )
    event = one(text, "town_captured")
    assert (event.place.name, event.when.start) == ("Fallujah", date(2016, 6, 10))


def test_a_town_is_preferred_to_the_province_holding_it() -> None:
    event = one("Militants captured Jalawla in Diyala province on Monday.", "town_captured")
    assert event.place.name == "Jalawla"


def test_a_country_possessor_of_a_place_noun_is_not_the_place() -> None:
    text = (
        "Mosul is the largest city in the north.\n\nMilitants seized Iraq's second-largest city on Tuesday."
    )
    event = one(text, "town_captured")
    assert event.place.name == "Mosul"


# --- factuality from the parse ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The army will retake Rutba next week.",
        "The army could retake Rutba within days.",
        "The army did not retake Rutba on Monday.",
        "If the army retakes Rutba, the road will open.",
        "The army plans to retake Rutba.",
        "Commanders vowed to retake Rutba.",
        "Troops are preparing to storm Rutba.",
        "Officials denied that Rutba had fallen.",
        "Did the army retake Rutba on Monday?",
        "The army launched an operation to retake Rutba.",  # the offensive is a fact; the retaking is not
    ],
)
def test_non_factual_captures_give_no_capture(text: str) -> None:
    assert of_kind(text, "town_captured") == []


def test_reported_speech_stays_an_event() -> None:
    assert [e.place.name for e in of_kind("Officials said the army had retaken Rutba.", "town_captured")] == [
        "Rutba"
    ]


def test_a_planned_offensive_is_not_one_but_a_launched_long_awaited_one_is() -> None:
    assert of_kind("A planned offensive on Mosul is expected in the autumn.", "offensive_launched") == []
    event = one("Iraqi forces launched a long-awaited offensive on Mosul on Monday.", "offensive_launched")
    assert (event.place.name, event.when.start) == ("Mosul", date(2016, 6, 6))


# --- discourse dates ----------------------------------------------------------------------------------------


def test_the_lead_sentence_date_governs_later_sentences_about_the_same_happening() -> None:
    text = (
        "Islamic State fighters captured Sinjar on Sunday.\n\n"
        "Thousands of residents fled as the militants took Sinjar, officials said."
    )
    (event,) = of_kind(text, "town_captured")
    assert (event.when.start, event.when.end) == (date(2016, 6, 5), date(2016, 6, 5))


@pytest.mark.parametrize("agency", ["Reuters", "Levant Wire"])
def test_a_dateline_anchors_today(agency: str) -> None:
    text = f"BAGHDAD, June 7 ({agency}) - Iraqi forces recaptured Rutba today, the army said."
    event = one(text, "town_captured")
    assert (event.when.start, event.when.end) == (date(2016, 6, 7), date(2016, 6, 7))
    # the dateline is where the story was filed: neither the event's place nor its date phrase
    text = f"BAGHDAD, June 7 ({agency}) - The army announced the start of an offensive on Sunday."
    assert [e.place for e in of_kind(text, "offensive_launched")] in ([], [None])


def test_this_morning_is_the_publication_day() -> None:
    event = one("Iraqi forces recaptured Rutba this morning.", "town_captured")
    assert (event.when.start, event.when.end) == (PUBLISHED, PUBLISHED)


def test_undated_current_news_is_the_week_before_publication() -> None:
    event = one("Iraqi forces have recaptured Rutba, officials said.", "town_captured")
    assert (event.when.start, event.when.end) == (date(2016, 6, 3), PUBLISHED)


def test_by_a_day_is_the_week_up_to_it() -> None:
    event = one("By June 8, rebels had captured Tal Abyad.", "town_captured")
    assert (event.when.start, event.when.end) == (date(2016, 6, 1), date(2016, 6, 8))


def test_each_coordinated_place_keeps_its_own_date() -> None:
    events = of_kind("The army recaptured Tikrit in April and the city of Baiji in May.", "town_captured")
    assert sorted((e.place.name, e.when.start.month) for e in events) == [("Baiji", 5), ("Tikrit", 4)]


# --- numbers, designations, zones, actors ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Twenty-five people were killed when a car bomb exploded in Baghdad on Monday.", 25, 25),
        ("A car bomb killed more than 30 people in Baghdad on Monday.", 31, None),
        ("A car bomb killed at least 12 people in Baghdad on Monday.", 12, None),
        ("A car bomb left three hundred people dead in Baghdad on Monday.", 300, 300),
    ],
)
def test_number_words_give_the_count(text: str, low: int, high: int | None) -> None:
    event = one(text, "attack")
    assert (event.fatalities.low, event.fatalities.high) == (low, high)


def test_designation_names_the_designating_body_first_and_the_designee_last() -> None:
    event = one(
        "The US Treasury Department on Thursday designated three financiers of the Rawi network "
        "as global terrorists.",
        "designation_announced",
    )
    assert event.actors[0] == "US Treasury Department" and "Rawi network" in event.actors[-1]
    assert event.place is None and event.when.start == date(2016, 6, 9)


def test_a_background_mention_of_sanctioned_people_is_no_designation() -> None:
    text = "Among the individuals sanctioned by Treasury are officials operating in Afghanistan."
    assert of_kind(text, "designation_announced") == []


def test_a_photo_caption_gives_a_low_confidence_event_and_a_related_list_none() -> None:
    text = (
        "Iraqi forces have recaptured Rutba, officials said on Thursday.\n\n"
        "A soldier stands in Ramadi after militants were expelled from the city, June 8, 2016. "
        "REUTERS/Stringer\n\n"
        "Related\n\nMilitants capture Baiji refinery\nArmy retakes Samarra"
    )
    events = run(text)
    places = {e.place.name: e for e in events}
    assert "Rutba" in places and places["Rutba"].confidence >= 0.7
    assert "Ramadi" in places and places["Ramadi"].confidence < places["Rutba"].confidence
    assert "Baiji" not in places and "Samarra" not in places


def test_actors_are_canonical_names() -> None:
    event = one("ISIL militants captured Rutba on Monday.", "town_captured")
    assert event.actors == ("Islamic State",)


def test_explain_gives_the_dependency_path_of_every_argument() -> None:
    text = "Kurdish Peshmerga forces retook Zumar from Islamic State militants on Sunday."
    events, rows = extract_explained(Report(report_id=report_id_for(text), text=text, published=PUBLISHED))
    (row,) = [r for r in rows if r["emitted"]]
    assert row["event_id"] == events[0].event_id and row["rule_id"] == "town_captured.verb.retake"
    assert row["place"]["path"] == ">dobj Zumar"
    paths = {a["role"]: a["path"] for a in row["arguments"]}
    assert paths == {"doer": ">nsubj forces", "other": ">prep:from from >pobj militants"}
    assert row["date"] == {
        "phrase": "on Sunday",
        "governed_by": "clause",
        "start": "2016-06-05",
        "end": "2016-06-05",
    }


# --- tagging slips the reading repairs -----------------------------------------------------------------


def test_a_verb_tagged_as_a_noun_with_an_object_is_still_the_verb() -> None:
    # the model tags "retook" after "The army" as a noun heading the sentence; a direct object says verb
    event = one("The army retook Palmyra on Sunday.", "town_captured")
    assert (event.place.name, event.when.start, event.when.end) == (
        "Palmyra",
        date(2016, 6, 5),
        date(2016, 6, 5),
    )


def test_a_bare_gerund_subject_is_the_event_noun_dated_by_its_clause() -> None:
    event = one("Fighting continued near Saraqib on Saturday.", "clash")
    assert (event.place.name, event.when.start, event.when.end) == (
        "Saraqib",
        date(2016, 6, 4),
        date(2016, 6, 4),
    )
    assert one("Heavy shelling hit Saraqib on Saturday.", "attack").when.start == date(2016, 6, 4)


def test_a_ground_offensive_tagged_as_noun_and_adjective_is_one_event_noun() -> None:
    event = one(
        "Government forces launched a ground offensive against the rebels in Daraa province on Monday.",
        "offensive_launched",
    )
    assert event.place.name.startswith("Daraa") and event.when.start == date(2016, 6, 6)


# --- places: coordination hung on the trigger, provinces, sites ------------------------------------------


def test_a_second_of_object_hung_on_the_noun_is_a_second_place() -> None:
    text = (
        "After their seizure of the city of Idlib in the west and the late leader's hometown of Qardaha, "
        "the rebels paused."
    )
    assert sorted(e.place.name for e in of_kind(text, "town_captured")) == ["Idlib", "Qardaha"]


def test_a_coordinated_non_place_noun_adds_no_place() -> None:
    text = "The capture of Manbij and the president's speech in Damascus shocked officials on Friday."
    assert [e.place.name for e in of_kind(text, "town_captured")] == ["Manbij"]


def test_province_of_x_is_the_province() -> None:
    event = one("Troops pushed into the province of Hama on Sunday.", "offensive_launched")
    assert (event.place.name, event.place.precision) == ("Hama", "admin1")


def test_storming_a_building_is_an_attack_and_storming_a_town_is_not_a_capture() -> None:
    attack = one("Gunmen stormed the central prison in Kirkuk on Monday.", "attack")
    assert attack.place.name == "Kirkuk"
    assert of_kind("Soldiers stormed the town of Rutba on Monday.", "town_captured") == []


def test_a_name_the_gazetteer_lacks_is_kept_as_written() -> None:
    event = one("Rebels captured the village of Tell Mardikhiyeh al-Gharbi on Sunday.", "town_captured")
    assert event.place.name == "Tell Mardikhiyeh al-Gharbi" and event.place.gazetteer_id is None


def test_what_x_said_was_an_air_raid_is_one_air_strike_and_its_deaths_no_second_event() -> None:
    events = run("What activists said was an air raid killed 12 people in Saraqib on Tuesday.")
    assert [(e.kind, e.place.name) for e in events] == [("airstrike", "Saraqib")]


def test_an_entry_with_its_place_unsaid_is_the_place_told_about() -> None:
    text = "Rebels besieged Saraqib for weeks. Government troops finally entered on Sunday."
    event = one(text, "town_captured")
    assert (event.place.name, event.when.start) == ("Saraqib", date(2016, 6, 5))
    assert of_kind("The militants entered on Sunday.", "town_captured") == []


def test_a_listed_name_the_gazetteer_lacks_joins_the_named_places() -> None:
    text = "Militia fighters took control of Gwer, Makhmour and the Parvezkhan border crossing on Monday."
    events = of_kind(text, "town_captured")
    assert [e.place.name for e in events] == ["Gwer", "Makhmour", "Parvezkhan border crossing"]
    # the date the parse hangs on the last item is the whole list's
    assert {e.when.start for e in events} == {date(2016, 6, 6)}


def test_an_armed_group_named_in_a_list_is_no_place() -> None:
    text = (
        "Militia fighters attacked the Peshmerga and the Kurdistan Workers' Party (PKK) in Makhmour on "
        "Monday."
    )
    events = of_kind(text, "attack")
    assert [e.place.name for e in events] == ["Makhmour"]


def test_a_name_broken_by_a_hard_wrapped_line_is_one_name() -> None:
    text = (
        "Iraqi troops and allied tribal fighters pushed through the southern edge of\n"
        "the city overnight and by Monday morning had retaken the district of Hayy\n"
        "al-Shuhada, a commander told reporters at a checkpoint outside the town,\n"
        "adding that engineers were clearing roadside bombs from the main streets.\n"
    )
    events = run(text)
    assert [(e.kind, e.place.name) for e in events] == [("town_captured", "Hayy al-Shuhada")]
    # 'by Monday morning': the week up to that Monday
    assert (events[0].when.start, events[0].when.end) == (date(2016, 5, 30), date(2016, 6, 6))


def test_a_bomb_found_or_defused_is_no_attack() -> None:
    assert of_kind("Police defused a car bomb near the market in Kirkuk on Monday.", "attack") == []
    assert len(of_kind("A car bomb exploded near the market in Kirkuk on Monday.", "attack")) == 1


def test_a_site_on_the_border_with_a_country_may_lie_in_the_neighbouring_one() -> None:
    text = (
        "Iraqi forces advanced on al-Qaim on Thursday. On Friday they recaptured an important crossing on "
        "the border with Syria."
    )
    captures = of_kind(text, "town_captured")
    assert [(e.place.name, e.place.country) for e in captures] == [("al-Qaim", "IQ")]


def test_the_dam_resumes_the_dam_named_paragraphs_before() -> None:
    paragraphs = [
        "Iraqi troops pushed militants back from the Mosul Dam on Friday.",
        "The army said engineers were inspecting the structure.",
        "Aid agencies warned of shortages in nearby villages.",
        "Officials in Baghdad welcomed the news.",
        "Residents of Tal Afar said prices had doubled.",
        "Coalition aircraft carried out air strikes on militant positions close to the dam on Saturday.",
    ]
    strikes = of_kind("\n\n".join(paragraphs), "airstrike")
    assert [e.place.name for e in strikes] == ["Mosul Dam"]


def test_taking_a_site_in_a_town_is_not_taking_the_town() -> None:
    text = (
        "Government troops captured parts of eastern Ramadi earlier this month.\n\n"
        "On Sunday the troops took control of the old police compound in Ramadi."
    )
    captures = of_kind(text, "town_captured")
    assert [(e.place.name, e.when.start) for e in captures] == [
        ("Ramadi", date(2016, 6, 1)),
        ("Ramadi", date(2016, 6, 5)),
    ]
    # a flag over the citadel is the town's capture, one event with the town's
    text = "Rebels seized Palmyra on Sunday, raising their flag over the citadel."
    assert len(of_kind(text, "town_captured")) == 1


def test_a_country_that_acts_is_its_state_force_and_its_is_the_subject() -> None:
    event = one(
        "Turkey launched its long-threatened operation against Kurdish militias in Afrin on Saturday.",
        "offensive_launched",
    )
    assert event.actors[0] == "Turkish military"
    assert one("Russia's air strikes hit Idlib on Monday.", "airstrike").actors[0] == "Russian military"


def test_striking_a_deal_is_no_strike() -> None:
    assert run("Russia and Turkey struck a deal at Sochi in September.") == []
    assert run("For almost a year the truce that Russia and Turkey struck at Sochi held.") == []
    assert len(of_kind("Russian jets struck Idlib on Monday.", "airstrike")) == 1


def test_the_capital_is_the_capital_of_the_country_told_about() -> None:
    text = (
        "TRIPOLI, Libya (Wire) - Forces loyal to an eastern commander seized the town of Gharyan, south of "
        "Tripoli, on Thursday and advanced towards the capital, witnesses said."
    )
    offensives = of_kind(text, "offensive_launched")
    # a name told three times ('Tripoli') weighs no more than told once: the Libyan city, not the Lebanese
    assert [(e.place.name, e.place.country) for e in offensives] == [("Tripoli", "LY")]


def test_a_distance_from_the_capital_locates_the_area_told_about() -> None:
    text = (
        "Gunmen attacked a checkpoint in Tarmiya on Monday.\n\n"
        "Troops fought a long battle late Tuesday in this rural area about 25 miles north of the capital."
    )
    clashes = of_kind(text, "clash")
    assert [e.place.name for e in clashes] == ["Tarmiya"]


def test_taking_over_as_governor_is_a_post_not_a_capture() -> None:
    assert (
        of_kind("Rakan al-Jubouri took over as acting governor of Kirkuk on Tuesday.", "town_captured") == []
    )
    assert len(of_kind("Iraqi forces took over Kirkuk on Tuesday.", "town_captured")) == 1


def test_a_capital_that_speaks_is_its_government_not_the_place_told_about() -> None:
    text = (
        "Iraqi forces took control of Kirkuk on Monday, weeks after a referendum that Baghdad had declared "
        "illegal.\n\n"
        "By the afternoon federal police had raised the Iraqi flag over the council building in the city."
    )
    assert {e.place.name for e in run(text)} == {"Kirkuk"}


def test_control_of_a_city_and_a_base_parsed_as_two_objects_gives_both() -> None:
    text = "Iraqi forces took control of the city of Kirkuk and the nearby K1 military base on Monday."
    assert [e.place.name for e in of_kind(text, "town_captured")] == ["Kirkuk", "K1 military base"]


def test_a_clause_the_parse_hangs_on_a_name_is_dated_by_the_sentence() -> None:
    # the model reads "captured" as a modifier of "Hajin"; the date is the sentence's
    text = (
        "The SDF captured Hajin, the largest town in the pocket, in mid-December, and later pushed ISIS out."
    )
    event = one(text, "town_captured")
    assert (event.place.name, event.when.start, event.when.end) == (
        "Hajin",
        date(2015, 12, 10),
        date(2015, 12, 20),
    )


def test_an_attack_at_a_site_in_a_named_district_is_not_merged_into_a_nearby_one() -> None:
    text = (
        "On Wednesday a car bomb exploded at a market in Sadr City, killing 12 people. Hours later a suicide "
        "bomber blew himself up at a checkpoint at the entrance to the Kadhimiya district."
    )
    assert sorted(e.place.name for e in of_kind(text, "attack")) == ["Kadhimiya", "Sadr City"]


def test_held_since_a_year_was_taken_in_that_year() -> None:
    text = "Islamic State fighters, who have been in control of Tal Afar since 2014, fled on Sunday."
    event = one(text, "town_captured")
    assert (event.when.start, event.when.end) == (date(2014, 1, 1), date(2014, 12, 31))


def test_a_bare_verb_after_force_x_out_shares_the_sentence_subject() -> None:
    # parsed as "force [IS militants] [to] take": only a to-infinitive makes the object its subject
    event = one(
        "Kurdish forces have managed to force IS militants out and take control of Kobani.", "town_captured"
    )
    assert event.actors[0] == "YPG"


def test_a_later_retaking_by_the_other_side_is_a_second_event_with_its_own_date() -> None:
    text = (
        "IS militants seized Kobani in September. The town was retaken by Kurdish forces on January 26.\n\n"
        "The Islamic State's takeover of Kobani had displaced 200,000 people."
    )
    captures = sorted((e.actors[0], e.when.start) for e in of_kind(text, "town_captured", date(2015, 2, 1)))
    assert captures == [("Islamic State", date(2014, 9, 1)), ("YPG", date(2015, 1, 26))]


def test_a_photo_credit_makes_a_caption_whose_date_dates_only_its_own_event() -> None:
    text = (
        "Iraqi forces advance towards the border town of al-Qaim on November 2nd. [Ahmad Saad/AFP]\n\n"
        "Iraqi forces recaptured the border town of Rutba, officials said."
    )
    events = {e.kind: e for e in run(text, date(2017, 11, 3))}
    assert events["offensive_launched"].confidence < events["town_captured"].confidence
    # the body's undated capture is current news, not the caption's day
    assert events["town_captured"].when.end == date(2017, 11, 3)
    assert events["town_captured"].when.start != date(2017, 11, 2)


def test_a_coordinated_and_in_place_is_a_second_place() -> None:
    text = "Kurdish forces took several villages around Daquq, and in Diyala province, on Sunday."
    assert [e.place.name for e in of_kind(text, "town_captured")] == ["Daquq", "Diyala"]
