"""Scoring a folder of reports against gold files: the same preparation and output the CLI uses,
matched with the SCHEMA.md rules in `evaluation`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from timeline.domain.report import Report, report_id_for
from timeline.extraction import extract
from timeline.extraction.cleaning import prepare_page
from timeline.extraction.evaluation import Score, score_report
from timeline.extraction.output import to_score_json


def predictions_for(path: Path, published: date | None) -> tuple[str, list[dict[str, Any]]]:
    """The stored text of a report file and its events in the scorer's JSON shape."""
    text = prepare_page(path.read_bytes(), filename=path.name).text
    events = extract(Report(report_id=report_id_for(text), text=text, published=published))
    return text, [to_score_json(e) for e in events]


def gold_files(gold_dir: Path) -> list[Path]:
    return sorted(gold_dir.glob("*.gold.json"))


def score_corpus(reports: Path, gold_dir: Path) -> Score:
    """Totals over every NAME.gold.json in `gold_dir`, each naming its report in `reports`."""
    total = Score()
    for gold_file in gold_files(gold_dir):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        published = date.fromisoformat(gold["published"]) if gold.get("published") else None
        _, predictions = predictions_for(reports / gold["report"], published)
        total.add(score_report(gold["events"], predictions))
    return total
