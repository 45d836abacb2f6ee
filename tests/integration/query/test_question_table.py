"""Questions as people ask them -> the filters they mean, read against the real gazetteer the project builds
(Gazetteer.default(): GeoNames plus the curated supplement) and the real actor vocabulary, with a fixed
clock for "last year". One row per question: place id, window, kinds, actors, words left over."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.gazetteer import Gazetteer
from timeline.query.filters import PlaceNotFound
from timeline.query.parse_question import parse_question
from timeline.query.vocabulary import load_actor_vocabulary

TODAY = date(2025, 3, 15)
MOSUL, HIT, RAQQA, KIRKUK, RAMADI = "gn:99072", "gn:95788", "gn:172955", "gn:94787", "gn:98717"
FALLUJAH, BAGHDAD, SINJAR, TIKRIT, ALEPPO = "gn:99454", "gn:98182", "gn:448149", "gn:90150", "gn:170063"
DIYALA, ANBAR, NINEVEH, SALAHUDDIN = "adm1:IQ.10", "adm1:IQ.01", "adm1:IQ.15", "adm1:IQ.18"
IS, PESH, ISF = "Islamic State", "Peshmerga", "Iraqi Security Forces"
COAL, RU = "US-led coalition", "Russian military"
CAP, ATT, AIR, CLASH = "town_captured", "attack", "airstrike", "clash"

# question, place id, from, to, kinds, actors, leftover
QUESTIONS: list[tuple[str, str | None, str | None, str | None, tuple[str, ...], tuple[str, ...], str]] = [
    ("who captured Mosul", MOSUL, None, None, (CAP,), (), ""),
    ("Mosul 2014", MOSUL, "2014-01-01", "2014-12-31", (), (), ""),
    ("airstrikes in Raqqa last year", RAQQA, "2024-01-01", "2024-12-31", (AIR,), (), ""),
    ("retake Hit", HIT, None, None, (CAP,), (), ""),
    ("what happened in Diyala in 2014", DIYALA, "2014-01-01", "2014-12-31", (), (), ""),
    ("clashes between the Peshmerga and ISIS near Kirkuk in June 2015", KIRKUK, "2015-06-01", "2015-06-30",
     (CLASH,), (PESH, IS), ""),
    ("Islamic State attacks 2016", None, "2016-01-01", "2016-12-31", (ATT,), (IS,), ""),
    ("when did the army retake Ramadi", RAMADI, None, None, (CAP,), (ISF,), ""),
    ("Who retook Hit?", HIT, None, None, (CAP,), (), ""),
    ("attacks in Hit in 2015", HIT, "2015-01-01", "2015-12-31", (ATT,), (), ""),
    ("hit by a car bomb in Baghdad", BAGHDAD, None, None, (ATT,), (), "hit"),
    ("retake hit", None, None, None, (CAP,), (), "hit"),
    ("ISIS captured Fallujah in January 2014", FALLUJAH, "2014-01-01", "2014-01-31", (CAP,), (IS,), ""),
    ("Fallujah captured by ISIS", FALLUJAH, None, None, (CAP,), (IS,), ""),
    ("car bombs in Baghdad this year", BAGHDAD, "2025-01-01", "2025-03-15", (ATT,), (), ""),
    ("airstrikes on Raqqa this month", RAQQA, "2025-03-01", "2025-03-15", (AIR,), (), ""),
    ("clashes in Sinjar last month", SINJAR, "2025-02-01", "2025-02-28", (CLASH,), (), ""),
    ("what happened in Anbar from 2014 to 2016", ANBAR, "2014-01-01", "2016-12-31", (), (), ""),
    ("attacks since 2015 in Tikrit", TIKRIT, "2015-01-01", None, (ATT,), (), ""),
    ("Kobani 2014", "gn:172256", "2014-01-01", "2014-12-31", (), (), ""),
    ("fighting around Aleppo between March 2016 and December 2016", ALEPPO, "2016-03-01", "2016-12-31",
     (CLASH,), (), ""),
    ("Peshmerga in Kirkuk", KIRKUK, None, None, (), (PESH,), ""),
    ("designations in 2017", None, "2017-01-01", "2017-12-31", ("designation_announced",), (), ""),
    ("offensives in Nineveh in October 2016", NINEVEH, "2016-10-01", "2016-10-31", ("offensive_launched",),
     (), ""),
    ("who took Palmyra in May 2015", "gn:163808", "2015-05-01", "2015-05-31", (CAP,), (), ""),
    ("displacement from Sinjar in August 2014", SINJAR, "2014-08-01", "2014-08-31", ("displacement",), (),
     ""),
    ("airstrikes in Syria 2014-2015", "country:SY", "2014-01-01", "2015-12-31", (AIR,), (), ""),
    ("recapture of Tikrit", TIKRIT, None, None, (CAP,), (), ""),
    ("the fall of Mosul in June 2014", MOSUL, "2014-06-01", "2014-06-30", (CAP,), (), ""),
    ("Daesh attacks in Baghdad before 2016", BAGHDAD, None, "2015-12-31", (ATT,), (IS,), ""),
    ("when did ISIS seize Ramadi", RAMADI, None, None, (CAP,), (IS,), ""),
    ("clashes in salahuddin province in 2015", SALAHUDDIN, "2015-01-01", "2015-12-31", (CLASH,), (), ""),
    ("ISIL bombings in Kirkuk", KIRKUK, None, None, (ATT,), (IS,), ""),
    ("attacks in the north on 5 May 2015", None, "2015-05-05", "2015-05-05", (ATT,), (), "north"),
    ("what happened in Iraq on 10 June 2014", "country:IQ", "2014-06-10", "2014-06-10", (), (), ""),
    ("coalition airstrikes in Mosul in 2016", MOSUL, "2016-01-01", "2016-12-31", (AIR,), (COAL,), ""),
    ("Russian air strikes on Aleppo in 2016", ALEPPO, "2016-01-01", "2016-12-31", (AIR,), (RU,), ""),
    ("Nusra attacks in Idlib", "gn:169389", None, None, (ATT,), ("Jabhat al-Nusra",), ""),
    ("attacks in Diyala after 2014", DIYALA, "2015-01-01", None, (ATT,), (), ""),
    ("who liberated Falluja in 2016", FALLUJAH, "2016-01-01", "2016-12-31", (CAP,), (), ""),
    ("Tal Afar 2017", "gn:90393", "2017-01-01", "2017-12-31", (), (), ""),
    ("Deir ez-Zor airstrikes 2017", "gn:170794", "2017-01-01", "2017-12-31", (AIR,), (), ""),
    ("what happened in Mosul until March 2017", MOSUL, None, "2017-03-31", (), (), ""),
    ("Raqqa offensive 2017", RAQQA, "2017-01-01", "2017-12-31", ("offensive_launched",), (), ""),
    ("withdrawals from Kirkuk in October 2017", KIRKUK, "2017-10-01", "2017-10-31", ("withdrawal",), (), ""),
    ("clashes in 2014-06", None, "2014-06-01", "2014-06-30", (CLASH,), (), ""),
    ("who attacked Haditha", "gn:96309", None, None, (ATT,), (), ""),
    ("attacks in mosul from 2014 to 2016", MOSUL, "2014-01-01", "2016-12-31", (ATT,), (), ""),
    ("what did the Peshmerga do in diyala province since 2016", DIYALA, "2016-01-01", None, (), (PESH,), ""),
    ("towns captured by ISIS in Salahuddin in June 2014", SALAHUDDIN, "2014-06-01", "2014-06-30", (CAP,),
     (IS,), ""),
    ("attacks by Some Group in 2017", None, "2017-01-01", "2017-12-31", (ATT,), ("Some Group",), ""),
    ("who captured Mosul yesterday", MOSUL, None, None, (CAP,), (), "yesterday"),
    ("who attacked Kurdish fighters in 2015", None, "2015-01-01", "2015-12-31", (ATT,), (),
     "Kurdish fighters"),
]  # fmt: skip


@pytest.fixture(scope="module")
def real_gazetteer() -> Gazetteer:
    return Gazetteer.default()


@pytest.fixture(scope="module")
def actors():
    return load_actor_vocabulary()


def test_the_table_is_large_enough():
    assert len(QUESTIONS) >= 40 and len({q for q, *_ in QUESTIONS}) == len(QUESTIONS)


@pytest.mark.parametrize(("question", "place", "start", "end", "kinds", "named", "leftover"), QUESTIONS)
def test_question(real_gazetteer, actors, question, place, start, end, kinds, named, leftover):
    parsed = parse_question(question, real_gazetteer, actors, today=TODAY)
    got = (parsed.place.id if parsed.place else None, parsed.start, parsed.end, parsed.kinds, parsed.actors,
           parsed.leftover)  # fmt: skip
    want = (place, date.fromisoformat(start) if start else None, date.fromisoformat(end) if end else None,
            kinds, named, leftover)  # fmt: skip
    assert got == want
    assert parsed.actor == (named[0] if named else None)


def test_the_echo_says_which_words_gave_what(real_gazetteer, actors):
    echo = parse_question("clashes between the Peshmerga and ISIS near Kirkuk last year, quickly",
                          real_gazetteer, actors, today=TODAY).echo()  # fmt: skip
    assert echo["place"]["id"] == KIRKUK and echo["place"]["words"] == "Kirkuk"
    assert echo["time"] == {"words": "last year", "from": "2024-01-01", "to": "2024-12-31"}
    assert echo["types"] == {"words": ["clashes"], "kinds": [CLASH]}
    assert echo["actors"] == {"words": ["the Peshmerga", "ISIS"], "names": [PESH, IS]}
    assert echo["leftover"] == ["quickly"]


def test_hit_is_the_town_only_where_the_grammar_puts_a_place(real_gazetteer, actors):
    for question in ("retake Hit", "fighting in Hit", "clashes near Hit", "who captured Hit"):
        assert parse_question(question, real_gazetteer, actors, today=TODAY).place.id == HIT, question
    for question in ("Hit", "Hit by an airstrike", "towns hit by airstrikes in 2015"):
        assert parse_question(question, real_gazetteer, actors, today=TODAY).place is None, question


def test_an_unknown_capitalised_place_after_a_place_word_is_not_found(real_gazetteer, actors):
    with pytest.raises(PlaceNotFound) as caught:
        parse_question("who captured Xyzzyville in 2014", real_gazetteer, actors, today=TODAY)
    assert caught.value.name == "Xyzzyville"


def test_without_a_clock_last_year_is_the_year_before_today_in_utc(real_gazetteer, actors):
    from datetime import UTC, datetime

    parsed = parse_question("attacks last year", real_gazetteer, actors)
    assert parsed.start == date(datetime.now(UTC).year - 1, 1, 1)
