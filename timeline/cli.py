"""The `timeline` command: ingest, extract, project, rebuild, serve, up, curation, export, db and API keys."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from timeline.bootstrap import opened
from timeline.cli_curation import correct_command, reextract_command, retract_command, split_command
from timeline.cli_db import db_app
from timeline.cli_export import export
from timeline.cli_extract import extract_command
from timeline.cli_keys import keys_app, local_key_notice
from timeline.cli_support import one_line_errors, operator
from timeline.config import Settings
from timeline.services.files import parse_date
from timeline.services.ingest import IngestResult

app = typer.Typer(
    help="Conflict timeline: news reports -> typed events -> append-only log -> projected timeline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
Host = Annotated[str | None, typer.Option(help="interface to listen on (TIMELINE_HOST)")]
Port = Annotated[int | None, typer.Option(help="port to listen on (TIMELINE_PORT)")]
Workers = Annotated[int | None, typer.Option(min=1, help="server processes (TIMELINE_WORKERS)")]


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
) -> None:
    """Store reports and their events (a report already stored is not stored again), then project."""
    day = parse_date(published, "--published date") if published else None
    with opened() as app:
        app.ingest_files(paths, published=day, source=source, url=url, on_result=_print_result,
                         by=operator())


@app.command()
@one_line_errors
def project() -> None:
    """Catch every projection up with the log."""
    with opened() as app:
        for name, position in app.project().items():
            typer.echo(f"{name:<12} at position {position}")


@app.command()
@one_line_errors
def rebuild(name: Annotated[str | None, typer.Argument(help="one projection (default: all)")] = None) -> None:
    """Empty projection(s) and replay the whole log from position 0."""
    with opened() as app:
        for projection, position in app.rebuild(name).items():
            typer.echo(f"{projection:<12} rebuilt to position {position}")


def _serve(settings: Settings) -> None:
    import uvicorn

    from api.app import create_app

    where = f"http://{settings.host}:{settings.port}/"
    typer.echo(f"Serving the timeline at {where} with {settings.workers} worker(s) (Ctrl-C to stop)")
    if settings.workers == 1:
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="warning")
        return
    # Worker processes build their app from the environment: the settings this process read from it.
    uvicorn.run("api.app:create_app", factory=True, host=settings.host, port=settings.port,
                workers=settings.workers, log_level="warning")  # fmt: skip


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
