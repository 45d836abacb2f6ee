"""`timeline extract PATH --json`: the events a report states, in the scorer's shape; stores nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from timeline.domain.events import DomainEvent
from timeline.domain.report import Report, report_id_for
from timeline.extraction import explain as explain_report
from timeline.extraction import extract
from timeline.extraction.cleaning import prepare_page
from timeline.extraction.pubdate import find_publication_date
from timeline.services.files import ReportInputError, parse_date, read_report_file


def score_shape(event: DomainEvent) -> dict[str, Any]:
    """type, place {name, admin1, country, lat, lon} | null, date {start, end, precision} | null, actors,
    evidence {text, start, end} (issue 2, section 6); used until the extractor ships its own."""
    place = event.place
    when = event.when
    return {
        "id": event.event_id,
        "type": event.kind,
        "place": None if place is None else {
            "name": place.resolved_name or place.name, "aliases": [place.name], "admin1": place.admin1,
            "country": place.country, "lat": place.lat, "lon": place.lon, "level": place.precision,
        },
        "date": None if when.start is None else {
            "start": when.start.isoformat(), "end": (when.end or when.start).isoformat(),
            "precision": when.precision,
        },
        "actors": list(event.actors),
        "evidence": event.evidence.model_dump(),
    }  # fmt: skip


def _explained(event: DomainEvent, shape: dict[str, Any]) -> dict[str, Any]:
    return {**shape, "explain": {
        "rule_id": event.extractor.rule_id, "extractor": f"{event.extractor.name} {event.extractor.version}",
        "confidence": event.confidence, "date_phrase": event.when.phrase,
        "gazetteer_id": event.place.gazetteer_id if event.place else None,
    }}  # fmt: skip


def to_json(event: DomainEvent) -> dict[str, Any]:
    try:
        from timeline.extraction.output import to_score_json  # the extractor's own shape, when it exists
    except ImportError:
        return score_shape(event)
    return to_score_json(event)  # type: ignore[no-any-return]


def extract_command(
    path: Annotated[Path, typer.Argument(help="a .txt or .html report")],
    published: Annotated[str | None, typer.Option(help="publication date YYYY-MM-DD")] = None,
    as_json: Annotated[bool, typer.Option("--json", help='print {"events": [...]}')] = False,
    explain: Annotated[bool, typer.Option(
        help="show how each event was found (rule, trigger, place, actors, date) and which triggers were "
             "rejected and why")] = False,
) -> None:
    """Extract events from one report without storing anything."""
    if path.is_dir():
        raise ReportInputError(f"{path}: extract takes one report file, not a folder")
    if not path.exists():
        raise ReportInputError(f"{path}: no such file")
    given = parse_date(published, "--published date") if published else None
    report_file = read_report_file(path)
    page = prepare_page(report_file.raw, content_type=report_file.content_type, filename=path.name)
    day, uncertain = given, False
    if day is None:
        found = find_publication_date(page.text, outlet=report_file.outlet, date_order=report_file.date_order)
        if found is not None:
            day, uncertain = found.date, found.uncertain
    report = Report(report_id=report_id_for(page.text), text=page.text, published=day,
                    published_uncertain=uncertain, source=report_file.outlet, title=page.title)  # fmt: skip
    events = extract(report)
    reasons = explain_report(report) if explain else []
    if as_json:
        shaped = [_explained(e, to_json(e)) if explain else to_json(e) for e in events]
        out: dict[str, Any] = {"published": day.isoformat() if day else None, "events": shaped}
        if explain:
            out["explain"] = reasons
        typer.echo(json.dumps(out, ensure_ascii=False, indent=1, default=str))
        return
    typer.echo(f"{len(events)} events (published {day or 'unknown'})")
    for e in events:
        where = e.place.name if e.place else "-"
        typer.echo(f"{e.when.start or '?'}  {e.kind:<22} {where:<20} {', '.join(e.actors) or '-'}")
    for row in reasons:
        typer.echo(_explain_line(row))


def _explain_line(row: dict[str, Any]) -> str:
    """One line per trigger: what the extractor did with it and why."""
    if not row["emitted"]:
        return f"  rejected {row['rule_id']:<30} {row['trigger']!r} at {row['start']}: {row['reason']}"
    place = row["place"] or {}
    date = row["date"]
    return (f"  emitted  {row['rule_id']:<30} {row['trigger']!r} -> {row['type']} "
            f"place={place.get('surface')} ({place.get('chosen_by')}) "
            f"actors={row['actors']} ({row['actor_chosen_by']}) "
            f"date={date['start']}..{date['end']} ({date['governed_by']}: {date['phrase']!r})")
