"""Text that looks like a number to str.isdigit() but not to int(): a superscript two in `as_of` is a bad
filter (422), not a crash (500), and a count that is not a number reads as none."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from timeline.extraction.counts import number_value
from timeline.query.filters import BadFilter, parse_as_of


@pytest.mark.parametrize("text", ["²", "12²", "³"])
def test_as_of_with_a_superscript_digit_is_a_bad_filter(text):
    with pytest.raises(BadFilter, match="neither a store position nor an ISO time"):
        parse_as_of(text)


def test_as_of_reads_positions_and_times():
    assert parse_as_of(" 42 ") == 42
    assert parse_as_of("2016-05-01T12:00") == datetime(2016, 5, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(("words", "value"), [("25", 25), ("1,200", 1200), ("twenty-five", 25), ("²", None)])
def test_count_words(words, value):
    assert number_value(words) == value
