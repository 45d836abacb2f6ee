"""Plain-English questions -> place, window, types, actor (fake gazetteer; no database)."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.query.filters import PlaceNotFound
from timeline.query.parse_question import parse_question
from timeline.query.vocabulary import load_actor_vocabulary


@pytest.mark.parametrize(
    ("question", "place", "start", "end", "kinds", "actor"),
    [
        ("what happened in Diyala in 2014", "adm1:IQ.10", "2014-01-01", "2014-12-31", (), None),
        (
            "towns captured by ISIS in Salahuddin in June 2014",
            "adm1:IQ.14",
            "2014-06-01",
            "2014-06-30",
            ("town_captured",),
            "Islamic State",
        ),
        (
            "air strikes in Syria in December 2018",
            "country:SY",
            "2018-12-01",
            "2018-12-31",
            ("airstrike",),
            None,
        ),
        ("designations in 2017", None, "2017-01-01", "2017-12-31", ("designation_announced",), None),
        (
            "clashes near Jalawla between March 2014 and 2015",
            "sup:jalula",
            "2014-03-01",
            "2015-12-31",
            ("clash",),
            None,
        ),
        (
            "what did the Peshmerga do in diyala province since 2016",
            "adm1:IQ.10",
            "2016-01-01",
            None,
            (),
            "Peshmerga",
        ),
        ("attacks in the north on 5 May 2015", None, "2015-05-05", "2015-05-05", ("attack",), None),
    ],
)
def test_questions(gazetteer, question, place, start, end, kinds, actor):
    parsed = parse_question(question, gazetteer, load_actor_vocabulary())
    assert (parsed.place.id if parsed.place else None) == place
    assert parsed.start == (date.fromisoformat(start) if start else None)
    assert parsed.end == (date.fromisoformat(end) if end else None)
    assert parsed.kinds == kinds and parsed.actor == actor


def test_a_misspelt_capitalised_place_is_not_found_with_suggestions(gazetteer):
    with pytest.raises(PlaceNotFound) as caught:
        parse_question("what happened in Diyalla in 2014", gazetteer, load_actor_vocabulary())
    assert caught.value.suggestions[0]["name"] == "Diyala"
