"""`timeline gazetteer build | import FILE | lookup NAME`: the typer sub-app the main CLI mounts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from timeline.cli_progress import Quiet, progress_bar
from timeline.config import Settings
from timeline.gazetteer.build import build_index, default_index_path, import_file
from timeline.gazetteer.geonames_dump import DumpFormatError
from timeline.gazetteer.supplement import SupplementError

gazetteer_app = typer.Typer(help="Build, extend and query the offline gazetteer.", no_args_is_help=True)

IndexPath = Annotated[Path | None, typer.Option(
    "--path", help="index file (default: TIMELINE_GAZETTEER_PATH or ~/.cache/conflict-timeline/)")]


@gazetteer_app.command("build")
def build_cmd(path: IndexPath = None, quiet: Quiet = False) -> None:
    """(Re)build the index from the packaged data, the supplement and previously imported dumps."""
    settings = Settings()
    path = path or settings.gazetteer_path
    try:
        with progress_bar("building the gazetteer", quiet=quiet) as bar:
            figures = build_index(path, settings.gazetteer_supplement, progress=bar.step)
    except (SupplementError, DumpFormatError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    built = path or default_index_path(settings.gazetteer_supplement)
    typer.echo(f"built {built}: {int(figures['entries'])} entries, "
               f"{int(figures['dumps'])} dumps re-applied, {figures['seconds']:.1f} s")


@gazetteer_app.command("import")
def import_cmd(file: Annotated[Path, typer.Argument(help="GeoNames dump: allCountries.txt or e.g. IQ.txt")],
               path: IndexPath = None) -> None:
    """Add every place of a GeoNames dump (19 tab-separated columns) to the index."""
    try:
        settings = Settings()
        n = import_file(file, path or settings.gazetteer_path, settings.gazetteer_supplement)
    except (FileNotFoundError, DumpFormatError, SupplementError, UnicodeDecodeError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"imported {n} places from {file}")


@gazetteer_app.command("lookup")
def lookup_cmd(name: str, limit: Annotated[int, typer.Option(min=1)] = 5, path: IndexPath = None) -> None:
    """Print the best candidates for a name (or suggestions when nothing matches)."""
    from timeline.gazetteer.gazetteer import Gazetteer

    settings = Settings()
    gaz = Gazetteer(path) if path else Gazetteer.open(settings.gazetteer_path, settings.gazetteer_supplement)
    found = gaz.lookup(name)[:limit]
    if not found:
        close = gaz.suggest(name, limit)
        hint = f"; did you mean: {', '.join(e.name for e in close)}?" if close else ""
        typer.echo(f"no place named {name!r}{hint}", err=True)
        raise typer.Exit(1)
    for e in found:
        where = ", ".join(x for x in (e.admin1, e.country) if x)
        typer.echo(f"{e.id}\t{e.name}\t{e.level}/{e.kind}\t{where}\t{e.lat},{e.lon}\tpop {e.population}")
