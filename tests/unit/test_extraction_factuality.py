"""Factuality: what is planned, expected, threatened, hypothetical, conditional, negated, hedged or
asked gives no event; the same trigger stated as fact does. Sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.domain.report import Report, report_id_for
from timeline.extraction import explain, extract

pytestmark = pytest.mark.timeout(300)


def report(text: str) -> Report:
    return Report(report_id=report_id_for(text), text=text, published=date(2019, 3, 12))


def kinds(text: str) -> list[str]:
    return [e.kind for e in extract(report(text))]


@pytest.mark.parametrize(
    "text",
    [
        "The army would mount an offensive on Raqqa in the coming days.",
        "Commanders said they plan to launch an offensive on Hajin next week.",
        "The militia is considering an assault on Tal Abyad.",
        "Officials expect the rebels to capture Idlib soon.",
        "The group threatened to attack Kirkuk.",
        "If the talks fail, the army will storm Daraa.",
        "The Peshmerga did not capture Mosul Dam on Friday.",
        "Officials denied that the army had withdrawn from Tal Afar.",
        "Did the Syrian army capture Palmyra last week?",
        "Iraqi forces may have succeeded in retaking Baiji on Sunday.",
        "A further offensive on Fallujah could follow.",
        "Further clashes in Kobani may draw in Turkey.",
        "The planned withdrawal from Manbij was postponed.",
        "The army sought to seize Kirkuk from the Kurds.",
    ],
)
def test_non_factual_statements_give_no_event(text: str):
    assert kinds(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The army launched an offensive on Raqqa on Monday.", "offensive_launched"),
        ("The militia captured Tal Abyad on Sunday.", "town_captured"),
        ("The Peshmerga managed to capture Mosul Dam on Friday.", "town_captured"),
        ("The army had to withdraw from Tal Afar on Friday.", "withdrawal"),
    ],
)
def test_factual_statements_give_an_event(text: str, kind: str):
    assert kinds(text) == [kind]


def test_explain_names_the_rule_and_the_reason_for_a_rejection():
    rows = explain(report("Rebels captured Azaz on Monday. The army would retake Azaz within days."))
    emitted = [r for r in rows if r["emitted"]]
    rejected = [r for r in rows if not r["emitted"]]
    assert emitted[0]["rule_id"].startswith("town_captured.verb.")
    assert emitted[0]["place"]["surface"] == "Azaz"
    assert emitted[0]["date"]["governed_by"] == "clause"
    assert any("modal" in r["reason"] for r in rejected)


@pytest.mark.parametrize(
    "text",
    [
        "The army launched a recruitment campaign in Basra on Monday.",
        "The conference took place in Erbil on Monday.",
        "The group took over 100 hostages in Sirte on Monday.",
        "It is not clear whether the army captured Hit on Monday.",
    ],
)
def test_look_alikes_are_not_events(text: str):
    assert kinds(text) == []
