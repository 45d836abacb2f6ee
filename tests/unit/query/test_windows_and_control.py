"""Date windows a caller types, the precision ladder, and periods of territorial control."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from timeline.query.control import control_periods, holder_on
from timeline.query.windows import BadWindow, parse_window, precisions_at_or_finer


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2014", "2014-01-01", "2014-12-31"),
        ("2014-06", "2014-06-01", "2014-06-30"),
        ("June 2014", "2014-06-01", "2014-06-30"),
        ("Feb 2016", "2016-02-01", "2016-02-29"),
        ("13 June 2014", "2014-06-13", "2014-06-13"),
        ("June 13, 2014", "2014-06-13", "2014-06-13"),
        ("2014-06-13", "2014-06-13", "2014-06-13"),
    ],
)
def test_windows(text, start, end):
    assert parse_window(text) == (date.fromisoformat(start), date.fromisoformat(end))


@pytest.mark.parametrize("text", ["", "yesterday", "2014-02-30", "2014-13", "Juin 2014"])
def test_bad_windows(text):
    with pytest.raises(BadWindow):
        parse_window(text)


def test_precision_ladder():
    assert precisions_at_or_finer("day") == ("day",)
    assert precisions_at_or_finer("month") == ("day", "week", "month")
    with pytest.raises(BadWindow):
        precisions_at_or_finer("fortnight")


@dataclass
class Row:
    event_id: str
    kind: str
    date_start: date
    date_end: date
    actor: str
    other_actor: str | None
    position: int


def test_control_periods_from_captures_and_withdrawals():
    rows = [
        Row("a", "town_captured", date(2014, 6, 13), date(2014, 6, 13), "Rebels", "Army", 1),
        Row("b", "town_captured", date(2014, 6, 13), date(2014, 6, 13), "Rebels", None, 2),  # told again
        Row("c", "withdrawal", date(2014, 9, 1), date(2014, 9, 1), "Rebels", None, 3),
        Row("d", "town_captured", date(2014, 11, 20), date(2014, 11, 20), "Militia", "Rebels", 4),
    ]
    periods = control_periods(rows)
    assert [(p.controller, p.start, p.end) for p in periods] == [
        ("Army", None, date(2014, 6, 13)),
        ("Rebels", date(2014, 6, 13), date(2014, 9, 1)),
        ("Militia", date(2014, 11, 20), None),
    ]
    assert periods[0].inferred and periods[1].event_ids == ["a", "b", "c"]
    assert [p.controller for p in holder_on(periods, date(2014, 8, 15))] == ["Rebels"]
    assert holder_on(periods, date(2014, 10, 1)) == []


def test_rival_captors_on_the_same_day_are_disputed():
    rows = [
        Row("a", "town_captured", date(2014, 6, 13), date(2014, 6, 13), "Rebels", None, 1),
        Row("b", "town_captured", date(2014, 6, 13), date(2014, 6, 13), "Militia", None, 2),
    ]
    periods = control_periods(rows)
    assert all(p.disputed for p in periods)
    assert {p.controller for p in holder_on(periods, date(2014, 6, 20))} == {"Rebels", "Militia"}
