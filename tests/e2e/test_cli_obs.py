"""The CLI's --version (also as `python -m timeline`), shell completion, `ingest --json`, and progress bars:
drawn on a terminal (a pseudo-terminal here), never when stderr is not a terminal or with --quiet. A
subprocess per call."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import threading
from importlib.metadata import version
from pathlib import Path

from tests.e2e.test_cli import FIXTURES, TIMELINE

REPORT = FIXTURES / "uskowi-2014-08-16-jalula.txt"


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`timeline ARGS` in the caller's environment (so its gazetteer cache), on a temporary database."""
    env = {**os.environ, "TIMELINE_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    return subprocess.run([TIMELINE, *args], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=600)  # fmt: skip


def test_version() -> None:
    result = subprocess.run([TIMELINE, "--version"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert result.stdout.strip() == f"timeline {version('conflict-timeline')}"


def test_python_dash_m_timeline_is_the_same_command() -> None:
    """For an environment whose scripts are not on PATH (the benchmarks fall back to it)."""
    result = subprocess.run([sys.executable, "-m", "timeline", "--version"], capture_output=True, text=True,
                            timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"timeline {version('conflict-timeline')}"


def test_shell_completion_is_offered_and_shown(tmp_path: Path) -> None:
    helped = run(tmp_path, "--help")
    assert "--install-completion" in helped.stdout and "--show-completion" in helped.stdout
    env = {"PATH": str(Path(sys.executable).parent), "SHELL": "/bin/bash", "HOME": str(tmp_path)}
    shown = subprocess.run([TIMELINE, "--show-completion"], env=env, capture_output=True, text=True,
                           timeout=120)  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert "_TIMELINE_COMPLETE" in shown.stdout and "complete " in shown.stdout  # a bash completion script


def test_ingest_json_reports_every_file_and_fails_if_one_did(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_text("   \n")
    result = run(tmp_path, "ingest", "--json", str(REPORT), str(REPORT), "blank.txt", "missing.txt")
    assert result.returncode == 1 and result.stderr == ""  # no progress bar: stderr is not a terminal
    document = json.loads(result.stdout)
    by_status: dict[str, list[dict]] = {}
    for entry in document["files"]:
        by_status.setdefault(entry["status"], []).append(entry)
    assert (document["created"], document["duplicate"], document["error"]) == (1, 1, 2)
    (created,), (duplicate,) = by_status["created"], by_status["duplicate"]
    assert created["report_id"] == duplicate["report_id"] and len(created["report_id"]) == 64
    assert created["events"] == duplicate["events"] > 0
    assert sorted(Path(e["path"]).name for e in by_status["error"]) == ["blank.txt", "missing.txt"]
    assert all(e["error"] and e["report_id"] is None for e in by_status["error"])

    again = run(tmp_path, "ingest", "--json", str(REPORT))
    assert again.returncode == 0
    assert [e["status"] for e in json.loads(again.stdout)["files"]] == ["duplicate"]


def on_a_terminal(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    """Run `timeline ARGS` with stderr on a pseudo-terminal; returns the exit code, stdout, and what the
    terminal received."""
    leader, follower = pty.openpty()
    env = {**os.environ, "TIMELINE_DATABASE_URL": f"sqlite:///{tmp_path / 'tty.db'}", "COLUMNS": "120"}
    proc = subprocess.Popen([TIMELINE, *args], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=follower)  # fmt: skip
    os.close(follower)
    received = bytearray()

    def drain() -> None:  # read while it runs, or a full terminal buffer would block the bar
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed with the process
                return
            if not chunk:
                return
            received.extend(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    out, _ = proc.communicate(timeout=600)
    reader.join(timeout=10)
    os.close(leader)
    return proc.returncode, out.decode(), received.decode(errors="replace")


def test_progress_drawn_on_a_terminal_but_not_with_quiet(tmp_path: Path) -> None:
    code, out, terminal = on_a_terminal(tmp_path, "ingest", str(REPORT))
    assert code == 0 and out.startswith("stored ")  # results stay on stdout
    assert "ingesting" in terminal
    code, out, terminal = on_a_terminal(tmp_path, "rebuild")
    assert code == 0 and "rebuilt to position" in out and "rebuilding all projections" in terminal
    code, out, terminal = on_a_terminal(tmp_path, "rebuild", "--quiet")
    assert code == 0 and "rebuilt to position" in out and terminal.strip() == ""


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    result = run(tmp_path, "rebuild")
    assert result.returncode == 0 and result.stderr == "" and "rebuilt to position" in result.stdout


def test_choice_options_list_their_values_and_refuse_others(tmp_path: Path) -> None:
    from timeline.exports import FORMATS

    helped = run(tmp_path, "export", "--help")
    assert "|".join(FORMATS)[:20] in helped.stdout.replace("\n", "").replace(" ", "")
    refused = run(tmp_path, "export", "--format", "xml")
    assert refused.returncode == 2 and "'xml' is not one of" in refused.stderr
    refused = run(tmp_path, "export", "--precision", "hourly")
    assert refused.returncode == 2 and "'hourly' is not one of" in refused.stderr
    assert not (tmp_path / "cli.db").exists()  # refused before anything was opened
    exported = run(tmp_path, "export", "--format", "csv", "--precision", "month")
    assert exported.returncode == 0, exported.stderr
