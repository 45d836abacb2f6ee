"""The `timeline` command: ingest, extract, project, rebuild, serve, up, curation, export, db and API keys."""

from __future__ import annotations

import json
import logging.config
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Annotated

import typer

from timeline.bootstrap import opened
from timeline.cli_curation import correct_command, reextract_command, retract_command, split_command
from timeline.cli_db import db_app
from timeline.cli_export import export
from timeline.cli_extract import extract_command
from timeline.cli_ingest import IngestSummary
from timeline.cli_keys import keys_app, local_key_notice
from timeline.cli_progress import Quiet, progress_bar
from timeline.cli_support import one_line_errors, operator
from timeline.config import Settings
from timeline.services.files import parse_date
from timeline.services.ingest import IngestResult

app = typer.Typer(
    help="Conflict timeline: news reports -> typed events -> append-only log -> projected timeline.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish, PowerShell)
    pretty_exceptions_enable=False,
)
Host = Annotated[str | None, typer.Option(help="interface to listen on (TIMELINE_HOST)")]
Port = Annotated[int | None, typer.Option(help="port to listen on (TIMELINE_PORT)")]
Workers = Annotated[int | None, typer.Option(min=1, help="server processes (TIMELINE_WORKERS)")]


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"timeline {package_version('conflict-timeline')}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_show_version, is_eager=True,
                                          help="print the version and exit")] = False,  # fmt: skip
) -> None:
    """Conflict timeline: news reports -> typed events -> append-only log -> projected timeline."""


def _print_result(path: Path, result: IngestResult) -> None:
    status = "stored" if result.created else "already stored"
    typer.echo(f"{status:<15} {result.report_id}  {len(result.event_ids):>3} events  {path}")


@app.command()
@one_line_errors
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="report files (.txt, .html) or folders of them")],
    published: Annotated[str | None, typer.Option(help="publication date YYYY-MM-DD (all files)")] = None,
    source: Annotated[str | None, typer.Option(help="outlet name (all files)")] = None,
    url: Annotated[str | None, typer.Option(help="address of the report")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON document: per file its report id, "
                                          "status (created, duplicate, error) and event count; a file "
                                          "that fails does not stop the others")] = False,  # fmt: skip
    quiet: Quiet = False,
) -> None:
    """Store reports and their events (a report already stored is not stored again), then project."""
    day = parse_date(published, "--published date") if published else None
    with opened() as app, progress_bar("ingesting", quiet=quiet) as bar:
        if not as_json:

            def done(path: Path, result: IngestResult) -> None:
                _print_result(path, result)
                bar.advance(path.name)

            app.ingest_files(paths, published=day, source=source, url=url, on_result=done, on_total=bar.total,
                             by=operator())  # fmt: skip
            return
        summary = IngestSummary()
        app.ingest_files(paths, published=day, source=source, url=url, on_result=summary.stored,
                         on_error=summary.failed, on_total=bar.total, by=operator())  # fmt: skip
    typer.echo(json.dumps(summary.document(), ensure_ascii=False, indent=1))
    if summary.errors:
        raise typer.Exit(1)


@app.command()
@one_line_errors
def project() -> None:
    """Catch every projection up with the log."""
    with opened() as app:
        for name, position in app.project().items():
            typer.echo(f"{name:<12} at position {position}")


@app.command()
@one_line_errors
def rebuild(
    name: Annotated[str | None, typer.Argument(help="one projection (default: all)")] = None,
    quiet: Quiet = False,
) -> None:
    """Empty projection(s) and replay the whole log from position 0."""
    # One atomic replay with no per-batch report: the bar shows it is working and for how long.
    with opened() as app, progress_bar(f"rebuilding {name or 'all projections'}", quiet=quiet):
        rebuilt = app.rebuild(name)
    for projection, position in rebuilt.items():
        typer.echo(f"{projection:<12} rebuilt to position {position}")


# How long a worker may take to answer uvicorn's first health ping (its default is 5 s). A worker imports
# the whole package before it can answer; on a busy machine that took over 5 s, and uvicorn then kills it
# and starts another, forever.
WORKER_START = 60


def _serve(settings: Settings) -> None:
    import uvicorn

    from timeline.observability.logs import log_config

    where = f"http://{settings.host}:{settings.port}/"
    banner = f"Serving the timeline at {where} with {settings.workers} worker(s) (Ctrl-C to stop)"
    logs = log_config(settings)
    if settings.log_format == "json":  # every line of a JSON log is JSON, the first one too
        logging.config.dictConfig(logs)
        logging.getLogger("timeline.serve").info(banner)
    else:
        typer.echo(banner)
    if settings.workers == 1:
        from api.app import create_app

        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=logs,
                    access_log=settings.access_log, log_level=settings.log_level)  # fmt: skip
        return
    # Worker processes build their app from the environment: the settings this process read from it, and
    # the directory where prometheus-client keeps every worker's metrics (made here, removed at the end).
    with _metrics_dir(settings) as metrics_dir:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
        uvicorn.run("api.app:create_app", factory=True, host=settings.host, port=settings.port,
                    workers=settings.workers, log_config=logs, access_log=settings.access_log,
                    log_level=settings.log_level, timeout_worker_healthcheck=WORKER_START)  # fmt: skip


@contextmanager
def _metrics_dir(settings: Settings) -> Iterator[Path]:
    """The multiprocess metrics directory: the one the environment names (emptied: a previous run's files
    would add to this run's counters), else a temporary one."""
    if settings.metrics_dir is not None:
        settings.metrics_dir.mkdir(parents=True, exist_ok=True)
        for stale in settings.metrics_dir.glob("*.db"):
            stale.unlink()
        yield settings.metrics_dir
        return
    with tempfile.TemporaryDirectory(prefix="timeline-metrics-") as made:
        yield Path(made)


def _settings(host: str | None, port: int | None, workers: int | None = None) -> Settings:
    overrides = {k: v for k, v in (("host", host), ("port", port), ("workers", workers)) if v is not None}
    return Settings(**overrides)  # type: ignore[arg-type]


@app.command()
@one_line_errors
def serve(host: Host = None, port: Port = None, workers: Workers = None) -> None:
    """Serve the API and the timeline page."""
    _serve(_settings(host, port, workers))


@app.command()
@one_line_errors
def up(host: Host = None, port: Port = None, workers: Workers = None) -> None:
    """Create the database, ingest the fixture reports if the log is empty, project, and serve."""
    settings = _settings(host, port, workers)
    with opened(settings) as app:
        if app.store.last_position() == 0 and settings.fixtures_dir.is_dir():
            typer.echo(f"Empty log: ingesting the reports in {settings.fixtures_dir}")
            app.ingest_files([settings.fixtures_dir], on_result=_print_result, by=operator())
        app.project()
        notice = local_key_notice(app)
    if notice:
        typer.echo(notice)
    _serve(settings)


app.command("extract")(one_line_errors(extract_command))
app.command("retract")(one_line_errors(retract_command))
app.command("correct")(one_line_errors(correct_command))
app.command("split")(one_line_errors(split_command))
app.command("reextract")(one_line_errors(reextract_command))
app.command("export")(one_line_errors(export))
app.add_typer(db_app, name="db")
app.add_typer(keys_app, name="keys")

try:  # the gazetteer's own commands (build, import, lookup), when that package provides them
    from timeline.gazetteer import gazetteer_app
except ImportError:
    pass
else:
    app.add_typer(gazetteer_app, name="gazetteer", help="Build and query the place gazetteer.")
