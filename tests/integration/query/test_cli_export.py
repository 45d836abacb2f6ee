"""`timeline export` (the typer command function, mounted on a throw-away app exactly as the CLI
mounts it) against a real SQLite store: file output parsed back, bad input -> exit 2 and one line."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from timeline.cli_export import export

from .conftest import build_standard


@pytest.fixture
def cli(corpus, monkeypatch):
    if corpus.store.engine.dialect.name != "sqlite":
        pytest.skip("one backend is enough for the CLI wiring")
    build_standard(corpus)
    corpus.project()
    monkeypatch.setenv("TIMELINE_DATABASE_URL", str(corpus.store.engine.url))
    app = typer.Typer()
    app.command("export")(export)
    app.command("noop")(lambda: None)  # two commands, so `export` is addressed by name as in the CLI
    return app, corpus


def test_export_to_file_in_each_format(cli, tmp_path):
    app, corpus = cli
    runner = CliRunner()
    out = tmp_path / "diyala.csv"
    result = runner.invoke(
        app, ["export", "--format", "csv", "--place", "Diyala", "--from", "2014", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out)  # pandas' defaults
    assert set(frame["event_id"]) >= {corpus.ids["wire_jalula"], corpus.ids["august_jalula"]}
    assert set(frame["admin1"]) == {"Diyala"}
    assert out.read_bytes().count(b"\r\n") == len(frame) + 1  # CRLF line ends (none inside these fields)
    result = runner.invoke(app, ["export", "--format", "acled-meta", "--place", "Diyala", "--from", "2014"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rows"] == len(frame)
    result = runner.invoke(app, ["export", "--format", "jsonl", "--type", "airstrike"])
    assert result.exit_code == 0
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert lines[0]["metadata"]["filters"] == {"types": ["airstrike"]}
    assert {x["type"] for x in lines[1:]} == {"airstrike"} and len(lines) == 3


def test_bad_input_exits_2_with_one_line(cli):
    app, _ = cli
    runner = CliRunner()
    for args in (["--place", "Atlantisville"], ["--from", "someday"]):
        result = runner.invoke(app, ["export", *args])
        assert result.exit_code == 2, (args, result.output)
        assert len(result.stderr.strip().splitlines()) == 1 and "error:" in result.stderr
    # A choice option refuses a value outside its list as a usage error that lists the choices.
    result = runner.invoke(app, ["export", "--format", "xml"])
    assert result.exit_code == 2 and "'xml' is not one of" in result.stderr and "'csv'" in result.stderr
