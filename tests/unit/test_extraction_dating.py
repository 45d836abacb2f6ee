"""Date governance: same clause, then same sentence, then the nearest preceding expression in the
paragraph, then 'before publication' -- never silently the publication day."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.domain.report import Report, report_id_for
from timeline.extraction import extract

pytestmark = pytest.mark.timeout(300)
PUBLISHED = date(2017, 9, 15)  # a Friday


def when(text: str, kind: str, published: date | None = PUBLISHED):
    events = [e for e in extract(Report(report_id=report_id_for(text), text=text, published=published))
              if e.kind == kind]
    assert len(events) == 1, events
    return events[0].when


def test_same_clause_wins_over_the_rest_of_the_sentence():
    w = when("On Monday the army shelled Douma, while rebels captured Harasta on Wednesday.",
             "town_captured")
    assert (w.start, w.end) == (date(2017, 9, 13), date(2017, 9, 13))


def test_preceding_expression_in_the_paragraph_governs():
    w = when("Fighting broke out on Tuesday. Rebels later captured Harasta, activists said.", "town_captured")
    assert w.start == date(2017, 9, 12)


def test_background_event_keeps_its_own_older_date():
    w = when("The army recaptured Aleppo in December 2016 after a long siege.", "town_captured")
    assert (w.start, w.end) == (date(2016, 12, 1), date(2016, 12, 31))


def test_no_expression_gives_the_week_before_publication():
    w = when("Rebels captured Harasta, activists said.", "town_captured")
    assert w.end == PUBLISHED and w.precision == "before-publication"
    assert w.start == date(2017, 9, 8)  # SCHEMA: undated current news is P-7..P, never the day alone


def test_no_expression_and_no_publication_date_is_unknown():
    w = when("Rebels captured Harasta, activists said.", "town_captured", published=None)
    assert w.start is None and w.end is None and w.precision == "unknown"


def test_present_perfect_without_a_date_is_recent():
    w = when("Rebels have captured Harasta, activists said.", "town_captured")
    assert (w.start, w.end, w.precision) == (date(2017, 9, 8), PUBLISHED, "before-publication")


def test_no_publication_date_never_invents_a_year():
    w = when("On Aug. 29, rebels captured Harasta.", "town_captured", published=None)
    assert w.start is None and w.end is None


def test_date_of_a_later_paragraph_does_not_leak_backwards():
    text = "Rebels captured Harasta, activists said.\n\nOn Thursday the army shelled Douma."
    assert when(text, "town_captured").precision == "before-publication"
