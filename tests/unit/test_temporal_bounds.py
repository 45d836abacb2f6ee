"""Temporal expressions whose date falls after the publication date (a wrong date given with the report, or a
text that looks ahead) keep the date they state: a 'since' range ending before it begins used to raise
(a 500 from POST /reports with such a `published`)."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.extraction.dates import find_temporal_expressions

PUBLISHED = date(2014, 6, 17)


@pytest.mark.parametrize(("text", "start"), [
    ("The town has been under siege since September 19, 2014.", date(2014, 9, 19)),
    ("Fighting has gone on since 3 August 2015 in the north.", date(2015, 8, 3)),
    ("The group has held the dam since late 2016.", date(2016, 9, 1)),
])
def test_since_a_date_after_publication_keeps_the_date_stated(text: str, start: date) -> None:
    (found,) = find_temporal_expressions(text, PUBLISHED)
    assert found.phrase.lower().startswith("since")
    assert found.when.start == start
    assert found.when.end is not None and found.when.end >= found.when.start


def test_since_a_date_before_publication_still_runs_to_publication() -> None:
    (found,) = find_temporal_expressions("The army has held the town since May 2, 2014.", PUBLISHED)
    assert (found.when.start, found.when.end, found.when.precision) == (date(2014, 5, 2), PUBLISHED, "range")
