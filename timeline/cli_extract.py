"""`timeline extract PATH [--json] [--explain]`: the events a report states, in the scorer's shape, with the
extractor's account of every trigger on request; stores nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from timeline.config import Settings
from timeline.domain.report import Report, report_id_for
from timeline.extraction import RuleExtractor
from timeline.extraction.cleaning import prepare_page
from timeline.extraction.output import to_score_json
from timeline.extraction.pubdate import find_publication_date
from timeline.services.files import ReportInputError, parse_date, read_report_file


def extract_command(
    path: Annotated[Path, typer.Argument(help="a .txt or .html report")],
    published: Annotated[str | None, typer.Option(help="publication date YYYY-MM-DD")] = None,
    as_json: Annotated[bool, typer.Option("--json", help='print {"events": [...]}')] = False,
    explain: Annotated[
        bool,
        typer.Option(
            help="show how each event was found (trigger, rule, the dependency path to each argument, how "
            "the "
            "date was chosen) and which triggers were rejected and why"
        ),
    ] = False,
) -> None:
    """Extract events from one report without storing anything."""
    if path.is_dir():
        raise ReportInputError(f"{path}: extract takes one report file, not a folder")
    if not path.exists():
        raise ReportInputError(f"{path}: no such file")
    given = parse_date(published, "--published date") if published else None
    settings = Settings()
    report_file = read_report_file(path, settings.max_body_bytes)  # refused from its size, unread
    page = prepare_page(report_file.raw, content_type=report_file.content_type, filename=path.name,
                        max_bytes=settings.max_body_bytes)  # fmt: skip
    day, uncertain = given, False
    if day is None:
        found = find_publication_date(page.text, outlet=report_file.outlet, date_order=report_file.date_order)
        if found is not None:
            day, uncertain = found.date, found.uncertain
    report = Report(report_id=report_id_for(page.text), text=page.text, published=day,
                    published_uncertain=uncertain, source=report_file.outlet, title=page.title)  # fmt: skip
    extractor = RuleExtractor.from_settings(settings)  # the gazetteer and actor file the settings name
    if explain:
        events, rows = extractor.extract_explained(report)
    else:
        events, rows = extractor.extract(report), []
    if as_json:
        by_event = {r["event_id"]: r for r in rows if r["emitted"]}
        shaped = [
            {**to_score_json(e), "explain": by_event[e.event_id]} if explain else to_score_json(e)
            for e in events
        ]
        out: dict[str, Any] = {"published": day.isoformat() if day else None, "events": shaped}
        if explain:
            out["explain"] = rows
        typer.echo(json.dumps(out, ensure_ascii=False, indent=1, default=str))
        return
    typer.echo(f"{len(events)} events (published {day or 'unknown'})")
    for e in events:
        where = e.place.name if e.place else "-"
        typer.echo(f"{e.when.start or '?'}  {e.kind:<22} {where:<20} {', '.join(e.actors) or '-'}")
    for row in rows:
        typer.echo(_explain_line(row))


def _explain_line(row: dict[str, Any]) -> str:
    """One line per trigger: what the extractor did with it and why (arguments with their paths)."""
    if not row["emitted"]:
        return f"  rejected {row['rule_id']:<34} {row['trigger']!r} at {row['start']}: {row['reason']}"
    place = row["place"] or {}
    date = row["date"]
    who = "; ".join(f"{a['role']} {a['actor']} <{a['path'] or a['chosen_by']}>" for a in row["arguments"])
    return (
        f"  emitted  {row['rule_id']:<34} {row['trigger']!r} -> {row['type']} "
        f"place={place.get('surface')} <{place.get('path') or place.get('chosen_by')}> "
        f"actors={row['actors']} [{who}] "
        f"date={date['start']}..{date['end']} ({date['governed_by']}: {date['phrase']!r})"
    )
