"""Publication date from datelines and bylines (texts written for these tests)."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.extraction.pubdate import PublicationDate, find_publication_date, is_dateline, outlet_date_order

STORY = ("Army engineers rebuilt the bridge over the canal and reopened the road to traffic, the governor "
         "said, adding that the work had taken most of the winter and cost more than planned.")


@pytest.mark.parametrize("text, expected, rule, phrase", [
    (f"Tuesday, March 10, 2015\n\nBridge reopens\n\n{STORY}", date(2015, 3, 10), "dateline",
     "Tuesday, March 10, 2015"),
    (f"Bridge reopens\n\nMar 10, 2015\n\n{STORY}", date(2015, 3, 10), "dateline", "Mar 10, 2015"),
    (f"Bridge reopens\n10 March 2015 14:05 GMT\n{STORY}", date(2015, 3, 10), "dateline", "10 March 2015"),
    (f"Bridge reopens\nPublished March 10th, 2015\n{STORY}", date(2015, 3, 10), "published-line",
     "March 10th, 2015"),
    (f"Bridge reopens\nPosted on: 2015-03-10\n{STORY}", date(2015, 3, 10), "published-line", "2015-03-10"),
    (f"Bridge reopens\nBy Lina Example, March 10, 2015\n{STORY}", date(2015, 3, 10), "byline",
     "March 10, 2015"),
    (f"Bridge reopens\nBy Lina Example 23/2/2015\n{STORY}", date(2015, 2, 23), "byline-numeric", "23/2/2015"),
])
def test_dateline_and_byline_rules(text: str, expected: date, rule: str, phrase: str) -> None:
    assert find_publication_date(text) == PublicationDate(expected, rule, phrase, False)


def test_date_inside_caption_or_sentence_is_not_the_publication_date() -> None:
    text = (f"Bridge reopens\nWorkers repair the bridge on March 2, 2015. Photo: Example Agency\n{STORY} "
            "The contract was signed on January 5, 2015.")
    assert find_publication_date(text) is None


def test_comment_timestamps_are_not_the_publication_date() -> None:
    text = f"Bridge reopens\n\n{STORY}\n\nWhat You Say\n\nOmar | 3/12/2015 8:01:02 PM\nGood.\n3/12/2015\n"
    assert find_publication_date(text) is None


def day_of(text: str, outlet: str | None = None, date_order: str | None = None) -> date | None:
    found = find_publication_date(text, outlet=outlet, date_order=date_order)
    return found.date if found else None


def test_numeric_byline_uses_caller_order_then_outlet_table() -> None:
    text = f"Bridge reopens\nBy Lina Example 4/3/2015\n{STORY}"
    assert day_of(text, date_order="DMY") == date(2015, 3, 4)
    assert day_of(text, date_order="MDY") == date(2015, 4, 3)
    assert day_of(text, outlet="Rudaw English") == date(2015, 3, 4)
    assert day_of(text, outlet="Rudaw English", date_order="MDY") == date(2015, 4, 3)


def test_numeric_byline_follows_the_days_the_text_names() -> None:
    # 3/1/2016 read D/M is 3 January, two days after the New Year's Eve the text calls just past.
    text = (f"Bridge reopens\nBy Lina Example 3/1/2016\n{STORY}\n"
            "The governor announced the reopening on December 31 and inspected it on January 1, 2016.")
    found = find_publication_date(text)
    assert found == PublicationDate(date(2016, 1, 3), "byline-numeric", "3/1/2016", False)
    # A day the text states after the D/M reading rules it out.
    text = (f"Bridge reopens\nBy Lina Example 3/1/2016\n{STORY}\n"
            "Work started on January 20, 2016 and ended on Feb. 29, 2016.")
    assert day_of(text) == date(2016, 3, 1)


def test_dotted_dateline_is_day_month_year() -> None:
    assert day_of(f"Bridge reopens\n4.3.2015\n{STORY}") == date(2015, 3, 4)


def test_numeric_byline_with_nothing_to_decide_is_uncertain() -> None:
    found = find_publication_date(f"Bridge reopens\nBy Lina Example 4/3/2015\n{STORY}")
    assert found is not None and found.uncertain and found.date in (date(2015, 4, 3), date(2015, 3, 4))


def test_unambiguous_numeric_date_is_certain() -> None:
    found = find_publication_date(f"Bridge reopens\nBy Lina Example 4/23/2015\n{STORY}")
    assert found == PublicationDate(date(2015, 4, 23), "byline-numeric", "4/23/2015", False)


def test_text_without_dateline_has_no_publication_date() -> None:
    assert find_publication_date(f"Bridge reopens\n{STORY} It reopened on March 10.") is None


def test_outlet_date_order_table() -> None:
    assert outlet_date_order("Rudaw English") == "DMY"
    assert outlet_date_order("The Washington Post") == "MDY"
    assert outlet_date_order("Unknown Gazette") is None and outlet_date_order(None) is None
    assert outlet_date_order("BBCX News") is None  # whole words only


def test_is_dateline() -> None:
    assert is_dateline("Saturday, May 2, 2015") and is_dateline("2/5/2015")
    assert not is_dateline("Troops retake town on May 2, 2015")


def test_published_line_in_another_language_is_read_by_dateparser() -> None:
    found = find_publication_date(f"Pont rouvert\nPublished 10 mars 2015\n{STORY}")
    assert found == PublicationDate(date(2015, 3, 10), "published-line-parsed", "10 mars 2015", False)


def test_published_line_without_a_year_is_not_guessed() -> None:
    assert find_publication_date(f"Bridge reopens\nPosted 3 hours ago\n{STORY}") is None


def test_published_line_wins_over_an_earlier_updated_line() -> None:
    text = f"Bridge reopens\nUpdated: March 12, 2015\nPublished: March 10, 2015\n{STORY}"
    expected = PublicationDate(date(2015, 3, 10), "published-line", "March 10, 2015", False)
    assert find_publication_date(text) == expected
