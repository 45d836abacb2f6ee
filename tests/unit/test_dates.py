"""Temporal expressions resolved against a publication date (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.extraction.dates import before_publication, find_temporal_expressions, stated_days

TUE = date(2015, 3, 10)  # a Tuesday


def resolved(text: str, published: date | None = TUE) -> list[tuple[str, str | None, str | None, str]]:
    return [(e.phrase, e.when.start.isoformat() if e.when.start else None,
             e.when.end.isoformat() if e.when.end else None, e.when.precision)
            for e in find_temporal_expressions(text, published)]


def only(text: str, published: date | None = TUE) -> tuple[str | None, str | None, str]:
    found = resolved(text, published)
    assert len(found) == 1, found
    return found[0][1:]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Rebels entered the village on 4 March.", ("2015-03-04", "2015-03-04", "day")),
        ("The bridge was blown up on March 4.", ("2015-03-04", "2015-03-04", "day")),
        ("The bridge was blown up Feb. 27, officials said.", ("2015-02-27", "2015-02-27", "day")),
        # a day after publication rolls back a year
        ("Talks ended Sept. 3 without a deal.", ("2014-09-03", "2014-09-03", "day")),
        ("The dam was seized on November 20, 2013.", ("2013-11-20", "2013-11-20", "day")),
        ("Fighting resumed on the 2nd of March, 2015.", ("2015-03-02", "2015-03-02", "day")),
        ("The siege began in April.", ("2014-04-01", "2014-04-30", "month")),
        ("The siege began in March.", ("2015-03-01", "2015-03-10", "month")),  # cut at publication
        ("The siege began last March.", ("2014-03-01", "2014-03-31", "month")),
        ("The siege began last February.", ("2015-02-01", "2015-02-28", "month")),
        ("The convoy left in mid-January.", ("2015-01-10", "2015-01-20", "range")),
        ("The convoy left in early February.", ("2015-02-01", "2015-02-10", "range")),
        ("The convoy left in late November.", ("2014-11-21", "2014-11-30", "range")),
        ("A ceasefire collapsed in late 2012.", ("2012-09-01", "2012-12-31", "season")),
        ("A ceasefire collapsed in early 2012.", ("2012-01-01", "2012-04-30", "season")),
        ("The port was taken in 2011.", ("2011-01-01", "2011-12-31", "year")),
        ("The port was taken in May 2011.", ("2011-05-01", "2011-05-31", "month")),
        ("A May 2011 survey counted the dead.", ("2011-05-01", "2011-05-31", "month")),
        ("The port changed hands many times in the 1990s.", ("1990-01-01", "1999-12-31", "range")),
        ("The rebels struck yesterday.", ("2015-03-09", "2015-03-09", "day")),
        ("The rebels struck today.", ("2015-03-10", "2015-03-10", "day")),
        ("The rebels struck earlier today.", ("2015-03-10", "2015-03-10", "day")),
        ("Two towns fell overnight.", ("2015-03-09", "2015-03-10", "range")),
        ("The general resigned last week.", ("2015-03-02", "2015-03-08", "week")),
        ("The general resigned this week.", ("2015-03-09", "2015-03-10", "week")),
        ("The general resigned two weeks ago.", ("2015-02-23", "2015-03-01", "week")),
        ("The general resigned three days ago.", ("2015-03-07", "2015-03-07", "day")),
        ("The general resigned a year ago.", ("2014-01-01", "2014-12-31", "year")),
        ("Shelling intensified in the past few days.", ("2015-03-03", "2015-03-10", "range")),
        ("Shelling intensified in recent weeks.", ("2015-01-27", "2015-03-10", "range")),
        ("The group seized the airport several months ago.", ("2014-03-10", "2015-01-10", "range")),
        ("For about four months the militia has held the pass.", ("2014-10-10", "2014-12-10", "range")),
        ("The air force has bombed the valley for over a year now.", ("2013-03-10", "2015-03-10", "range")),
        ("The town was lost at the start of the year.", ("2015-01-01", "2015-01-31", "month")),
        ("The mayor fled this month.", ("2015-03-01", "2015-03-10", "month")),
        ("The mayor fled earlier this month.", ("2015-03-01", "2015-03-10", "month")),
        ("The mayor fled last month.", ("2015-02-01", "2015-02-28", "month")),
        ("The mayor fled this year.", ("2015-01-01", "2015-03-10", "year")),
        ("The mayor fled last year.", ("2014-01-01", "2014-12-31", "year")),
        ("The mayor fled last summer.", ("2014-06-01", "2014-08-31", "season")),
        ("The mayor fled since 2013.", ("2013-01-01", "2015-03-10", "range")),
        ("Officials met between 2009 and 2011.", ("2009-01-01", "2011-12-31", "range")),
        ("The result was announced on 2015-03-08.", ("2015-03-08", "2015-03-08", "day")),
        ("The decree of 5.3.2015 took effect.", ("2015-03-05", "2015-03-05", "day")),
        ("The stamp reads 12/25/2014.", ("2014-12-25", "2014-12-25", "day")),
        ("The stamp reads 4/5/2014.", ("2014-04-05", "2014-05-04", "range")),  # either order
    ],
)
def test_expression_resolves_to_interval(sentence: str, expected: tuple[str, str, str]) -> None:
    assert only(sentence) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The minister spoke on Friday.", "2015-03-06"),
        ("The minister spoke on Tuesday.", "2015-03-10"),  # the publication day itself counts
        ("The minister spoke last Tuesday.", "2015-03-03"),  # "last" is strictly before
        ("The minister spoke Monday night.", "2015-03-09"),
    ],
)
def test_weekday_is_latest_on_or_before_publication(sentence: str, expected: str) -> None:
    assert only(sentence)[:2] == (expected, expected)


def test_weekday_without_cue_is_not_a_date() -> None:
    assert resolved("Crowds gathered after Friday prayers.") == []


def test_phrase_includes_preposition_and_offsets_point_into_text() -> None:
    text = "Local sources said that on 9 March the checkpoint was overrun."
    (expression,) = find_temporal_expressions(text, TUE)
    assert expression.phrase == "on 9 March" == text[expression.start:expression.end]
    assert expression.when.phrase == "on 9 March"


@pytest.mark.parametrize(
    "sentence",
    [
        "The border is 450km long and the road runs 25 miles south.",
        "Pilots flew F-16 and Su-24 jets from the base.",
        "The group has 40,000 members and 3,500 vehicles.",
        "The message was posted at 7:15:02 PM local time.",
        "Crowds chanted in Russia Today footage.",
        "Will the city fall again? The fall of the town shocked everyone.",
        "Prime Minister May met the envoy.",
    ],
)
def test_numbers_and_names_are_not_dates(sentence: str) -> None:
    assert resolved(sentence) == []


def test_no_year_is_invented_without_publication_date() -> None:
    assert resolved("On Oct. 4, the ministry named two commanders.", None) == [
        ("On Oct. 4", None, None, "unknown")]
    assert only("The talks began today.", None) == (None, None, "unknown")
    assert only("The talks began last week.", None) == (None, None, "unknown")


def test_year_stated_in_paragraph_is_borrowed_without_publication_date() -> None:
    found = resolved("On 2 May 2016 the army entered the suburb. By May 9 it held the centre.", None)
    assert found[1] == ("By May 9", "2016-05-09", "2016-05-09", "day")


def test_relative_chain_counts_from_the_previous_day() -> None:
    text = "The minister warned on March 1 that rebels would strike. Two days later they attacked."
    found = resolved(text)
    assert found[1] == ("Two days later", "2015-03-03", "2015-03-03", "day")


def test_offset_after_takes_anchor_later_in_the_same_sentence() -> None:
    found = resolved("One day after the vote on March 5, gunmen stormed the hall.")
    assert found[0] == ("One day after", "2015-03-06", "2015-03-06", "day")


def test_offset_prefers_a_day_anchor_over_a_nearer_month() -> None:
    text = ("The premier spoke on March 2.\nIn January a report had warned of attacks.\n"
            "A day after his speech jets struck.")
    found = resolved(text)
    assert found[-1] == ("A day after", "2015-03-03", "2015-03-03", "day")


def test_duration_after_an_older_date_is_not_counted_from_publication() -> None:
    found = resolved("In the 1990s the clans fought for six years over the wells.")
    assert found[1] == ("for six years", None, None, "unknown")


def test_abbreviation_does_not_end_the_sentence() -> None:
    found = resolved("In 1991 Gen. Aziz's men fought for six years in the marshes.")
    assert found[1] == ("for six years", None, None, "unknown")


def test_expressions_do_not_span_line_breaks() -> None:
    found = resolved("The talks resumed on\n\nMarch 3, 2015 in the capital.")
    assert [phrase for phrase, *_ in found] == ["March 3, 2015"]


def test_before_publication() -> None:
    when = before_publication(TUE)
    assert (when.start, when.end, when.precision) == (None, TUE, "before-publication")
    assert before_publication(None).precision == "unknown"


def test_stated_days_lists_written_days() -> None:
    assert stated_days("Talks on June 3, 2016 and again on 9 July ended.") == [(6, 3, 2016), (7, 9, None)]


_WORDS = st.sampled_from([
    "on 3 May", "last week", "yesterday", "in 2012", "mid-June", "two weeks ago", "in the past few days",
    "on Monday", "Aug. 9", "several months ago", "for over a year now", "late 2010", "the", "fighters",
    "30 miles", "F-16", "May", "in April", "2,000", "at the start of the year", "\n", "One day after", ".",
    "took",
])


@settings(max_examples=150, deadline=None)
@given(words=st.lists(_WORDS, max_size=25), published=st.one_of(
    st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))))
def test_expressions_are_ordered_intervals_at_their_offsets(words: list[str], published: date | None) -> None:
    text = " ".join(words)
    previous_end = 0
    for expression in find_temporal_expressions(text, published):
        assert text[expression.start:expression.end] == expression.phrase == expression.when.phrase
        assert expression.start >= previous_end
        previous_end = expression.end
        when = expression.when
        if when.start and when.end:
            assert when.start <= when.end
        if published is None and when.precision != "unknown":
            assert any(ch.isdigit() for ch in text)  # a year was written somewhere


@pytest.mark.parametrize("sentence, expected", [
    ("The road has been closed since Sunday.", ("since Sunday", "2015-03-08", "2015-03-10", "range")),
    ("Since mid-February the road was closed.", ("Since mid-February", "2015-02-10", "2015-03-10", "range")),
    ("The road has been closed since June 2013.", ("since June 2013", "2013-06-01", "2015-03-10", "range")),
])
def test_since_runs_to_publication(sentence: str, expected: tuple[str, str, str, str]) -> None:
    assert resolved(sentence) == [expected]


def test_offset_after_an_event_in_a_dated_main_clause_is_unknown() -> None:
    found = resolved("The dam was retaken in June 2014, four months after it fell.")
    assert found[1] == ("four months after", None, None, "unknown")


@pytest.mark.parametrize("text, expected", [
    ("Sunday's vote was marred by violence.", ("Sunday's", "2015-03-08", "2015-03-08", "day")),
    ("Talks collapsed over the weekend.", ("over the weekend", "2015-03-07", "2015-03-08", "range")),
])
def test_possessive_weekday_and_weekend(text: str, expected: tuple[str, str, str, str]) -> None:
    assert resolved(text) == [expected]


def test_later_that_day_takes_the_previous_day() -> None:
    found = resolved("Gunmen stormed the hall on March 3. Later that day, jets struck the town.")
    assert found[1] == ("Later that day", "2015-03-03", "2015-03-03", "day")


@pytest.mark.parametrize("text, phrases", [
    ("The ministry said Monday that the town was retaken.", ["Monday"]),
    ("Gunmen attacked a market Sunday, police said.", ["Sunday"]),
    ("Every Friday protesters march to the square.", []),
    ("Marking Bloody Sunday, crowds gathered.", []),
    ("The Sunday Times reported the raid.", []),
])
def test_weekday_without_preposition(text: str, phrases: list[str]) -> None:
    assert [phrase for phrase, *_ in resolved(text)] == phrases


@pytest.mark.parametrize("text, expected", [
    ("In the past 48 hours, jets struck.", ("In the past 48 hours", "2015-03-08", "2015-03-10", "range")),
    ("A bomb exploded three hours ago.", ("three hours ago", "2015-03-09", "2015-03-10", "range")),
    ("The town fell days ago.", ("days ago", "2015-03-03", "2015-03-08", "range")),
])
def test_hours_and_unnumbered_ago(text: str, expected: tuple[str, str, str, str]) -> None:
    assert resolved(text) == [expected]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The siege began in the first week of February.", ("2015-02-01", "2015-02-07", "range")),
        ("Shelling rose during the final week of January 2013.", ("2013-01-24", "2013-01-31", "range")),
        ("The dam was lost in the second week of March.", ("2015-03-08", "2015-03-10", "range")),
        ("Militias took the bridge in November last year.", ("2014-11-01", "2014-11-30", "month")),
        ("The garrison surrendered in early June last year.", ("2014-06-01", "2014-06-10", "range")),
        ("Talks resumed in January this year.", ("2015-01-01", "2015-01-31", "month")),
    ],
)
def test_weeks_of_a_month_and_months_of_a_relative_year(sentence: str, expected: tuple) -> None:
    assert only(sentence) == expected


def test_that_month_and_that_year_take_the_period_of_the_previous_expression() -> None:
    found = resolved("The rebels entered Idlib on 3 May 2012. Jets bombed the market that month. "
                     "Later that year the army withdrew.")
    assert found[1] == ("that month", "2012-05-01", "2012-05-31", "month")
    assert found[2] == ("Later that year", "2012-01-01", "2012-12-31", "year")


def test_yearless_month_in_a_later_sentence_counts_from_publication() -> None:
    # an older year stated in an earlier sentence does not carry over in a dated report
    found = resolved("The town fell in June 2011, weeks after the port. The army won it back in February.")
    assert found[1] == ("in February", "2015-02-01", "2015-02-28", "month")
    found = resolved("The port was shelled on 4 May 2012 and again on May 9.")
    assert found[1] == ("on May 9", "2012-05-09", "2012-05-09", "day")


def test_that_season_takes_the_year_of_the_previous_expression() -> None:
    found = resolved("The army entered the city in August 2012. Jets bombed it that autumn.")
    assert found[1] == ("that autumn", "2012-09-01", "2012-11-30", "season")
