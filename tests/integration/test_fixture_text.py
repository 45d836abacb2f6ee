"""The five fixture reports through page preparation, comment segmentation, publication date and temporal
expressions: what the stored text keeps and drops, and the dates the gold annotations rely on."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from timeline.extraction.cleaning import prepare_page
from timeline.extraction.dates import find_temporal_expressions
from timeline.extraction.pubdate import find_publication_date
from timeline.extraction.segments import segment

REPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "reports"
FURNITURE = ["Sign In / Up", "Comment as a guest", "Your email will not be displayed publicly",
             "Forgot Password", "or connect using", "Continue reading", "More from", "Topics covered",
             "Tags :", "Elsewhere on", "0.219 seconds", "Map credit", "Be Part of Your",
             "Al-Monitor Archives"]


def stored(name: str) -> str:
    return prepare_page((REPORTS / f"{name}.txt").read_bytes(), filename=f"{name}.txt").text


def meta(name: str) -> dict:
    return json.loads((REPORTS / f"{name}.meta.json").read_text())


@pytest.mark.parametrize("name", sorted(p.stem for p in REPORTS.glob("*.txt")))
def test_furniture_is_dropped_and_preparation_is_stable(name: str) -> None:
    text = stored(name)
    for line in text.split("\n"):
        assert not any(line.strip().startswith(f) and len(line) < 120 for f in FURNITURE), line
    assert prepare_page(text).text == text
    assert segment(prepare_page(text).text) == segment(text)


@pytest.mark.parametrize("name, heads", [
    ("uskowi-2014-08-16-jalula", ["Anonymous said...", "Mark Pyruz said..."]),
    ("rudaw-2019-01-02-iraq-syria", ["Islam | 3/1/2019", "What You Say", "Renas | 3/22/2019 8:04:44 PM"]),
])
def test_blog_comments_are_found_after_the_body(name: str, heads: list[str]) -> None:
    text = stored(name)
    spans = segment(text)
    assert [text[a:b].split("\n")[0] for a, b in spans.comments][:len(heads)] == heads
    body_text = "".join(text[a:b] for a, b in spans.body)
    assert "said..." not in body_text and "PM\n" not in body_text


@pytest.mark.parametrize("name", ["almonitor-2014-06-10-isis-offense", "lwj-2017-11-iraq-syria-digest",
                                  "zerohedge-2014-06-13-diyala"])
def test_articles_without_comments_are_all_body(name: str) -> None:
    assert segment(stored(name)).comments == ()


@pytest.mark.parametrize("name, outlet, order, expected, rule", [
    ("uskowi-2014-08-16-jalula", None, None, date(2014, 8, 16), "dateline"),
    ("almonitor-2014-06-10-isis-offense", None, None, date(2014, 6, 10), "dateline"),
    ("rudaw-2019-01-02-iraq-syria", None, "DMY", date(2019, 1, 2), "byline-numeric"),
    ("rudaw-2019-01-02-iraq-syria", "Rudaw English", None, date(2019, 1, 2), "byline-numeric"),
    ("rudaw-2019-01-02-iraq-syria", None, None, date(2019, 1, 2), "byline-numeric"),  # from the text's days
])
def test_publication_dates(
    name: str, outlet: str | None, order: str | None, expected: date, rule: str
) -> None:
    found = find_publication_date(stored(name), outlet=outlet, date_order=order)
    assert found is not None and (found.date, found.rule, found.uncertain) == (expected, rule, False)
    assert str(found.date) == meta(name)["published"]


@pytest.mark.parametrize("name", ["lwj-2017-11-iraq-syria-digest", "zerohedge-2014-06-13-diyala"])
def test_reports_without_a_dateline_have_no_publication_date(name: str) -> None:
    assert find_publication_date(stored(name)) is None


@pytest.mark.parametrize("name, phrase, start, end", [
    ("uskowi-2014-08-16-jalula", "On 11 August", "2014-08-11", "2014-08-11"),
    ("uskowi-2014-08-16-jalula", "mid-July", "2014-07-10", "2014-07-20"),
    ("almonitor-2014-06-10-isis-offense", "in the past few days", "2014-06-03", "2014-06-10"),
    ("almonitor-2014-06-10-isis-offense", "last week", "2014-06-02", "2014-06-08"),
    ("almonitor-2014-06-10-isis-offense", "several months ago", "2013-06-10", "2014-04-10"),
    ("almonitor-2014-06-10-isis-offense", "For about six months", "2013-11-10", "2014-01-10"),
    ("zerohedge-2014-06-13-diyala", "overnight", "2014-06-12", "2014-06-13"),
    ("zerohedge-2014-06-13-diyala", "at the start of the year", "2014-01-01", "2014-01-31"),
    ("zerohedge-2014-06-13-diyala", "the 1980s", "1980-01-01", "1989-12-31"),
    ("rudaw-2019-01-02-iraq-syria", "One day after", "2018-12-31", "2018-12-31"),
    ("rudaw-2019-01-02-iraq-syria", "in October 2017", "2017-10-01", "2017-10-31"),
    ("rudaw-2019-01-02-iraq-syria", "In 2018", "2018-01-01", "2018-12-31"),
    ("rudaw-2019-01-02-iraq-syria", "for over a year now", "2017-01-02", "2019-01-02"),
])
def test_fixture_expressions_match_the_gold_conventions(name: str, phrase: str, start: str, end: str) -> None:
    text = stored(name)
    published = date.fromisoformat(meta(name)["published"])
    found = {e.phrase: e.when for e in find_temporal_expressions(text, published)}
    assert phrase in found, sorted(found)
    assert (str(found[phrase].start), str(found[phrase].end)) == (start, end)


def test_digest_without_publication_date_invents_no_year() -> None:
    found = find_temporal_expressions(stored("lwj-2017-11-iraq-syria-digest"), None)
    assert found and all(e.when.precision == "unknown" and e.when.start is None for e in found)
