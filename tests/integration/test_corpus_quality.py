"""Extraction quality on the two corpora of original reports written for the project, scored with the
project's matcher: tests/data/heldout (ten reports, never used to write rules) and tests/data/blind (eight
reports written after the rules, whose texts the rule authors never read). Fails when F1 drops below a
corpus's floor or a gold file is malformed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from timeline.extraction.cleaning import prepare_page
from timeline.extraction.corpus import gold_files, score_corpus
from timeline.extraction.segments import segment

pytestmark = pytest.mark.timeout(600)  # the first extraction may build the gazetteer index
DATA = Path(__file__).resolve().parents[1] / "data"

# ---------------------------------------------------------------------------------------------------------
# F1 FLOOR for the held-out set. First measured 2026-11-21 ~07:57 UTC: P=0.741 R=0.541 F1=0.625. After the
# generalisation pass (extractor 1.1.0: open dates bounded, news-style yearless months, relative/passive
# captures, offensives begun or announced, aircraft subjects, attacks with no named doer, headlines skipped),
# measured 2026-11-21 ~09:05 UTC: P=0.958 R=0.919 F1=0.938 (tp=68, predicted=71, required=74; date exact
# 62/68, place exact 68/68). Floor = measured F1 minus a margin of about two events (two fewer matches give
# F1 0.910). Raise it when the extractor improves; never lower it to make a failing run pass.
HELDOUT_F1_FLOOR = 0.91
# ---------------------------------------------------------------------------------------------------------

# ---------------------------------------------------------------------------------------------------------
# F1 FLOOR for the blind set. Measured 2026-11-21 at 09:30 UTC with the extractor as it was then:
#   P=0.827 R=0.729 F1=0.775 (tp=43, predicted=52, required=59; date exact 43/43, place exact 43/43).
#   (../shared/eval/score.py through the CLI gives the same figures.)
# Floor = measured F1 minus about 0.05 (four or five fewer matches give F1 0.729 / 0.717), so a real
# regression fails.
# Raise it when the extractor improves; never lower it to make a failing run pass.
BLIND_F1_FLOOR = 0.72
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    name: str
    floor: float
    min_required: int

    @property
    def folder(self) -> Path:
        return DATA / self.name

    def gold_files(self) -> list[Path]:
        return gold_files(self.folder / "gold")

    def stored_text(self, report_name: str) -> str:
        return prepare_page((self.folder / "reports" / report_name).read_bytes(), filename=report_name).text


CORPORA = [Corpus("heldout", HELDOUT_F1_FLOOR, 60), Corpus("blind", BLIND_F1_FLOOR, 50)]
GOLD = [(c, f) for c in CORPORA for f in c.gold_files()]
TYPES = {"town_captured", "offensive_launched", "designation_announced", "attack", "airstrike", "clash",
         "withdrawal", "deployment", "displacement", "visit", "appointment"}


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda c: c.name)
def test_f1_stays_above_the_floor(corpus: Corpus):
    score = score_corpus(corpus.folder / "reports", corpus.folder / "gold")
    summary = (f"{corpus.name} P={score.precision:.3f} R={score.recall:.3f} F1={score.f1:.3f} "
               f"(tp={score.tp} predicted={score.predicted} required={score.required}); missed "
               f"{[(g['type'], (g.get('place') or {}).get('name')) for g in score.missed]}")
    assert score.required >= corpus.min_required, summary
    assert score.f1 >= corpus.floor, summary


@pytest.mark.parametrize(("corpus", "gold_file"), GOLD,
                         ids=[f"{c.name}-{f.name.removesuffix('.gold.json')}" for c, f in GOLD])
def test_gold_file_follows_the_schema(corpus: Corpus, gold_file: Path):
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    meta_name = gold["report"].rsplit(".", 1)[0] + ".meta.json"
    meta = json.loads((corpus.folder / "reports" / meta_name).read_text())
    assert gold["published"] == meta["published"]
    text = corpus.stored_text(gold["report"])
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
            assert place["name"] and place["country"] in {"IQ", "SY", "TR"}
            assert place["admin1"] or place["level"] == "country"
            assert -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180
        assert isinstance(event["actors"], list)
