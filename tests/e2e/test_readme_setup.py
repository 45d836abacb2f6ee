"""The README's two set-up commands, run as written in a fresh virtual environment on a copy of the
repository: the first serves the fixtures' events, the second installs the test extra and collects tests.
The venv keeps the pip it shipped with (no upgrade), and HTML reads over POST /reports and `timeline ingest`
in it: what a newcomer's install gives."""

from __future__ import annotations

import ensurepip
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.e2e.server_process import free_port

REPO = Path(__file__).resolve().parents[2]
SKIP = shutil.ignore_patterns(
    ".venv", "venv", ".git", "artifacts", "*.db", "*.db-*", "__pycache__", ".pytest_cache", ".ruff_cache",
    ".mypy_cache", "*.egg-info", "build", "dist",
)  # fmt: skip


HTML_REPORT = (
    "<html><head><title>Militants take Jalula</title></head><body><nav>menu</nav><article>"
    "<h1>Militants take Jalula</h1><p>BAGHDAD, 12 August 2014 - Islamic State fighters captured the town of "
    "Jalula in Diyala province on Monday after heavy clashes with Kurdish Peshmerga forces, residents "
    "said.</p><p>The fighters raised their flag over the police station, according to two local officials "
    "who spoke to reporters by telephone from the provincial capital.</p></article></body></html>"
)


def readme_commands() -> list[str]:
    """The commands of the README's first code block (the set-up a newcomer follows)."""
    block = re.search(r"```(?:bash|sh|console)?\n(.*?)```", (REPO / "README.md").read_text(), re.S)
    assert block, "README.md has no code block"
    commands = [line.strip() for line in block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2, f"the README should open with exactly two commands, found {commands}"
    return commands


def test_readme_opens_with_install_run_and_install_test() -> None:
    run, test = readme_commands()
    assert "pip install" in run and "timeline up" in run
    assert "[test]" in test and "pytest" in test


def shell(command: str, cwd: Path, env: dict[str, str], **kwargs: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(["bash", "-c", command], cwd=cwd, env=env, start_new_session=True, **kwargs)  # type: ignore[call-overload]


@pytest.mark.slow
@pytest.mark.timeout(2400)
def test_readme_commands_in_a_fresh_venv(tmp_path: Path) -> None:
    run, test = readme_commands()
    copy = tmp_path / "repo"
    shutil.copytree(REPO, copy, ignore=SKIP)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TIMELINE_", "VIRTUAL_ENV", "PYTHON"))}
    env |= {"PATH": f"{venv / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}", "VIRTUAL_ENV": str(venv),
            "TIMELINE_PORT": str(port), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}  # fmt: skip
    log = (tmp_path / "up.log").open("wb")
    server = shell(run, copy, env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        health = wait_for(base, server, tmp_path / "up.log", timeout=1800)
        assert health["database"] == "ok" and health["last_position"] >= 5
        reports = len(list((copy / "fixtures" / "reports").glob("*.txt")))
        events = httpx.get(f"{base}/events", params={"limit": 500}, timeout=30).json()["items"]
        report_ids = {e["sources"][0]["report_id"] for e in events}
        assert len(report_ids) >= 2, "expected events from several fixture reports"
        assert reports == 5 and (copy / "timeline.db").exists()
        assert "<li>" in httpx.get(f"{base}/list", timeout=30).text
        assert "<conflict-timeline" in httpx.get(f"{base}/", timeout=30).text
        # writes need a key: `timeline up` printed a local editor one, as a newcomer reads it off the screen
        printed = re.search(r"Authorization: Bearer (\S+)", (tmp_path / "up.log").read_text())
        assert printed, "timeline up printed no local key"
        key = {"Authorization": f"Bearer {printed.group(1)}"}
        # HTML needs lxml's cleaner, which the venv's own pip must install (lxml_html_clean, listed directly)
        posted = httpx.post(f"{base}/reports", json={"text": HTML_REPORT, "content_type": "text/html"},
                            headers=key, timeout=300)  # fmt: skip
        assert posted.status_code == 201 and posted.json()["event_ids"], posted.text
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGINT)  # Ctrl-C, as the README says
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        log.close()

    install = test.split("&&")[
        0
    ].strip()  # the test command's install part; then collect, not the whole suite
    done = subprocess.run(["bash", "-c", f"{install} && pytest --co -q"], cwd=copy, env=env,
                          capture_output=True, text=True, timeout=1200)  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert re.search(r"\d+ tests? collected", done.stdout), done.stdout[-2000:]
    page = tmp_path / "page.html"
    page.write_text(HTML_REPORT, encoding="utf-8")
    ingested = subprocess.run([str(venv / "bin" / "timeline"), "ingest", str(page)], cwd=copy,
                              env={**env, "TIMELINE_DATABASE_URL": f"sqlite:///{tmp_path / 'html.db'}"},
                              capture_output=True, text=True, timeout=600)  # fmt: skip
    assert ingested.returncode == 0 and ingested.stdout.startswith("stored "), ingested.stderr[-2000:]
    python = str(venv / "bin" / "python")
    pip = subprocess.run([python, "-m", "pip", "--version"], capture_output=True, text=True, check=True)
    assert pip.stdout.split()[1] == ensurepip.version()  # the pip the venv shipped with, as a newcomer has


def wait_for(base: str, proc: subprocess.Popen[bytes], log: Path, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"`timeline up` exited with {proc.returncode}:\n{log.read_text()[-4000:]}")
        try:
            response = httpx.get(f"{base}/health", timeout=2)
            if response.status_code == 200:
                return dict(response.json())
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise AssertionError(f"{base}/health did not answer within {timeout} s:\n{log.read_text()[-4000:]}")
