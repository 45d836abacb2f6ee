"""`timeline extract --explain` as a user runs it: a subprocess per call; the extractor's own account of each
trigger (rule, place, actors, date) and of the triggers it rejected, with the reason."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TIMELINE = str(Path(sys.executable).with_name("timeline"))
REPORT = ("Rebel fighters captured Azaz on Monday, activists said.\n\n"
          "The army would retake Azaz within days, a general warned.\n")


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"TIMELINE_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
           "PATH": str(Path(sys.executable).parent)}
    return subprocess.run([TIMELINE, *args], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=240)


def test_explain_json_lists_emitted_and_rejected_triggers(tmp_path: Path) -> None:
    report = tmp_path / "azaz.txt"
    report.write_text(REPORT, encoding="utf-8")
    result = run(tmp_path, "extract", str(report), "--published", "2019-03-06", "--json", "--explain")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    (event,) = out["events"]
    assert event["type"] == "town_captured" and event["place"]["name"] == "Azaz"
    rows = out["explain"]
    emitted = [r for r in rows if r["emitted"]]
    rejected = [r for r in rows if not r["emitted"]]
    assert [(r["rule_id"], r["trigger"]) for r in emitted] == [(event["rule_id"], "captured")]
    assert emitted[0]["date"]["phrase"] == "on Monday" and emitted[0]["date"]["start"] == "2019-03-04"
    assert emitted[0]["place"]["surface"] == "Azaz"
    assert any(r["trigger"] == "retake" and "would" in r["reason"] for r in rejected)
    assert not (tmp_path / "cli.db").exists()  # extract stores nothing


def test_explain_text_prints_one_line_per_trigger(tmp_path: Path) -> None:
    report = tmp_path / "azaz.txt"
    report.write_text(REPORT, encoding="utf-8")
    result = run(tmp_path, "extract", str(report), "--published", "2019-03-06", "--explain")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "1 events (published 2019-03-06)"
    assert any(line.strip().startswith("emitted") and "'captured'" in line and "on Monday" in line
               for line in lines)
    assert any(line.strip().startswith("rejected") and "'retake'" in line and "modal" in line
               for line in lines)


def test_without_explain_there_is_no_explanation(tmp_path: Path) -> None:
    report = tmp_path / "azaz.txt"
    report.write_text(REPORT, encoding="utf-8")
    result = run(tmp_path, "extract", str(report), "--published", "2019-03-06", "--json")
    assert result.returncode == 0, result.stderr
    assert "explain" not in json.loads(result.stdout)
