"""`timeline export --format jsonl [filters] [-o FILE]`: the same streamed exports as GET /export.
Wired into the CLI with `app.command("export")(export)`."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeAlias

import typer

from timeline.cli_support import choices
from timeline.exports import FORMATS
from timeline.query.filters import BadFilter, PlaceNotFound, TimelineFilter
from timeline.query.windows import PRECISION_LADDER

if TYPE_CHECKING:  # to the type checker a choice is its value
    ExportFormat: TypeAlias = str
    Precision: TypeAlias = str
else:
    ExportFormat = choices("ExportFormat", FORMATS)
    Precision = choices("Precision", PRECISION_LADDER)


def _value(choice: str | Enum | None) -> str | None:
    return choice.value if isinstance(choice, Enum) else choice


def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="file (default stdout)")] = None,
    place: Annotated[str | None, typer.Option(help="name, alias or gazetteer id")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="2014, 2014-06, June 2014")] = None,
    date_to: Annotated[str | None, typer.Option("--to")] = None,
    types: Annotated[list[str] | None, typer.Option("--type", help="event type; repeatable")] = None,
    actor: Annotated[str | None, typer.Option()] = None,
    source: Annotated[str | None, typer.Option(help="outlet")] = None,
    min_sources: Annotated[int | None, typer.Option(min=1)] = None,
    precision: Annotated[Precision | None, typer.Option(help="coarsest date precision to keep")] = None,
    as_reported_by: Annotated[str | None, typer.Option()] = None,
    as_of: Annotated[str | None, typer.Option(help="store position or ISO time")] = None,
    q: Annotated[str | None, typer.Option("--q", "-q", "--question", help="plain English")] = None,
) -> None:
    """Export the filtered timeline (constant memory). A CSV (csv, acled) holds only its rows: its
    metadata is the sidecar format (csv-meta, acled-meta)."""
    from timeline.bootstrap import opened

    flt = TimelineFilter.model_validate({
        "place": place, "from": date_from, "to": date_to, "types": tuple(types or ()), "actor": actor,
        "source": source, "min_sources": min_sources, "precision": _value(precision),
        "as_reported_by": as_reported_by, "as_of": as_of, "q": q,
    })
    with opened() as app:
        try:
            chunks = app.queries.export(flt, _value(fmt) or "jsonl").chunks
            if output is None:
                for chunk in chunks:
                    sys.stdout.write(chunk)
            else:
                with output.open("w", encoding="utf-8", newline="") as sink:
                    for chunk in chunks:
                        sink.write(chunk)
        except (BadFilter, PlaceNotFound) as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(2) from None
    if output:
        typer.echo(f"wrote {output}", err=True)
