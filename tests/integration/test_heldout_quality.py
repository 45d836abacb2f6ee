"""Held-out extraction quality: the ten reports in tests/data/heldout (original texts, never used to write
rules) scored with the project's matcher. Fails when F1 drops below the floor or a gold file is malformed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from timeline.domain.report import Report, report_id_for
from timeline.extraction import extract
from timeline.extraction.cleaning import prepare_page
from timeline.extraction.evaluation import Score, score_report
from timeline.extraction.output import to_score_json
from timeline.extraction.segments import segment

pytestmark = pytest.mark.timeout(600)  # the first extraction may build the gazetteer index
HELDOUT = Path(__file__).resolve().parents[1] / "data" / "heldout"
GOLD_FILES = sorted((HELDOUT / "gold").glob("*.gold.json"))

# ---------------------------------------------------------------------------------------------------------
# F1 FLOOR for the held-out set. First measured 2026-11-21 ~07:57 UTC: P=0.741 R=0.541 F1=0.625. After the
# generalisation pass (extractor 1.1.0: open dates bounded, news-style yearless months, relative/passive
# captures, offensives begun or announced, aircraft subjects, attacks with no named doer, headlines skipped),
# measured 2026-11-21 ~09:05 UTC: P=0.958 R=0.919 F1=0.938 (tp=68, predicted=71, required=74; date exact
# 62/68, place exact 68/68). Floor = measured F1 minus a margin of about two events (two fewer matches give
# F1 0.910). Raise it when the extractor improves; never lower it to make a failing run pass.
HELDOUT_F1_FLOOR = 0.91
# ---------------------------------------------------------------------------------------------------------

TYPES = {"town_captured", "offensive_launched", "designation_announced", "attack", "airstrike", "clash",
         "withdrawal", "deployment", "displacement", "visit", "appointment"}


def stored_text(report_name: str) -> str:
    return prepare_page((HELDOUT / "reports" / report_name).read_bytes(), filename=report_name).text


def score_heldout() -> Score:
    total = Score()
    for gold_file in GOLD_FILES:
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text = stored_text(gold["report"])
        published = date.fromisoformat(gold["published"]) if gold.get("published") else None
        events = extract(Report(report_id=report_id_for(text), text=text, published=published))
        total.add(score_report(gold["events"], [to_score_json(e) for e in events]))
    return total


def test_heldout_f1_stays_above_the_floor():
    score = score_heldout()
    summary = (f"held-out P={score.precision:.3f} R={score.recall:.3f} F1={score.f1:.3f} "
               f"(tp={score.tp} predicted={score.predicted} required={score.required}); missed "
               f"{[(g['type'], (g.get('place') or {}).get('name')) for g in score.missed]}")
    assert score.required >= 60, summary
    assert score.f1 >= HELDOUT_F1_FLOOR, summary


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_gold_file_follows_the_schema(gold_file: Path):
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    meta = json.loads((HELDOUT / "reports" / (gold["report"].rsplit(".", 1)[0] + ".meta.json")).read_text())
    assert gold["published"] == meta["published"]
    text = stored_text(gold["report"])
    comments = segment(text).comments
    required = [e["required"] for e in gold["events"]]
    assert required == sorted(required, reverse=True), "required events come first"
    for event in gold["events"]:
        assert event["type"] in TYPES
        start = text.find(event["evidence"])
        assert start >= 0, f"evidence not in the stored text: {event['evidence']!r}"
        assert not any(a <= start < b for a, b in comments), f"evidence in a comment: {event['evidence']!r}"
        if event["date"] is not None:
            earliest, latest = (date.fromisoformat(event["date"][k]) for k in ("earliest", "latest"))
            assert earliest <= latest
            if gold["published"]:
                assert latest <= date.fromisoformat(gold["published"])
        place = event["place"]
        if place is not None:
            assert place["level"] in {"locality", "admin1", "country"}
            assert place["name"] and place["admin1"] and place["country"] in {"IQ", "SY", "TR"}
            assert -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180
        assert isinstance(event["actors"], list)
