"""The month counts' buckets (timeline.projections.month_counts) and the whole months of a window
(timeline.query.sql), whose rows a count adds up from the buckets instead of reading the index."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.projections.month_counts import keys_of, scope_key
from timeline.query.filters import ResolvedFilter
from timeline.query.sql import _whole_months


def test_a_row_counts_in_every_scope_it_can_be_asked_for_by():
    keys = keys_of("gn:9", "Province", "IQ", date(2014, 8, 11))
    month = date(2014, 8, 1)
    assert keys == [("all", "", "", month), ("country", "IQ", "", month), ("admin1", "Province", "IQ", month),
                    ("gazetteer", "gn:9", "", month)]  # fmt: skip
    assert keys_of("gn:9", "Province", None, date(2014, 8, 11))[1] == ("admin1", "Province", "", month)
    assert keys_of(None, None, None, date(2014, 8, 31)) == [("all", "", "", month)]
    assert keys_of("gn:9", "Province", "IQ", None) == []  # undated rows are counted from the index


def test_a_query_place_reads_the_bucket_its_rows_count_in():
    assert scope_key(None, None, None, None) == ("all", "", "")
    assert scope_key("country", "country:IQ", None, "IQ") == ("country", "IQ", "")
    assert scope_key("admin1", "adm:1", "Province", "IQ") == ("admin1", "Province", "IQ")
    assert scope_key("admin1", "adm:1", "Province", None) == ("admin1", "Province", None)  # any country
    assert scope_key("locality", "gn:9", "Province", "IQ") == ("gazetteer", "gn:9", "")
    assert scope_key("country", "country:?", None, None) is None  # the index counts it


@pytest.mark.parametrize(("start", "end", "whole"), [
    (date(2014, 1, 1), date(2014, 12, 31), (date(2014, 1, 1), date(2014, 12, 31))),
    (date(2014, 1, 2), date(2014, 12, 30), (date(2014, 2, 1), date(2014, 11, 30))),
    (date(2014, 2, 1), date(2014, 2, 28), (date(2014, 2, 1), date(2014, 2, 28))),
    (date(2016, 2, 1), date(2016, 2, 28), None),  # a leap year's February is not over on the 28th
    (date(2014, 6, 2), date(2014, 6, 29), None),  # no whole month: the index counts it all
    (None, None, (None, None)),
    (None, date(2012, 8, 15), (None, date(2012, 7, 31))),
    (date(2016, 3, 15), None, (date(2016, 4, 1), None)),
    (date.min, date.max, (date.min, date.max)),
    (date(9999, 12, 5), None, None),  # no month after December 9999
    (None, date(1, 1, 15), None),  # nor before January of year 1
])  # fmt: skip
def test_the_whole_months_of_a_window(start, end, whole):
    assert _whole_months(ResolvedFilter(start=start, end=end)) == whole
