"""`timeline retract | correct | split | reextract`: curation events appended to a report's stream by the
application, then projected (TIMELINE_PROJECT_ON_WRITE)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from timeline.bootstrap import opened
from timeline.cli_support import operator
from timeline.services.curation import CurationResult

Reason = Annotated[str, typer.Option("--reason", help="why (kept in the log)")]
SET_HELP = "FIELD=VALUE (VALUE may be JSON), e.g. kind=attack or place='{\"name\": \"X\"}'"


def _done(result: CurationResult, what: str) -> None:
    typer.echo(f"{what} in {result.stream_id} at position {', '.join(map(str, result.positions))}")


def _parse_change(item: str) -> tuple[str, Any]:
    field, sep, value = item.partition("=")
    if not sep or not field.strip():
        raise ValueError(f"--set {item!r}: expected FIELD=VALUE (VALUE may be JSON)")
    try:
        return field.strip(), json.loads(value)
    except json.JSONDecodeError:
        return field.strip(), value  # a bare word: the value is that string


def retract_command(event_id: str, reason: Reason) -> None:
    """Withdraw an event from the timeline (it stays in the log)."""
    with opened() as app:
        result = app.retract(event_id, reason, by=operator())
    _done(result, f"retracted {event_id}")


def correct_command(
    event_id: str,
    changes: Annotated[list[str], typer.Option("--set", help=SET_HELP)],
    reason: Reason,
) -> None:
    """Change fields of an event (when, place, actors, kind, evidence, confidence, fatalities, injured)."""
    with opened() as app:
        result = app.correct(event_id, dict(map(_parse_change, changes)), reason, by=operator())
    _done(result, f"corrected {event_id}")


def split_command(event_id: str, reason: Reason) -> None:
    """Take an event out of the incident it was merged into; it is never merged automatically again."""
    with opened() as app:
        result = app.split(event_id, reason, by=operator())
    _done(result, f"split {event_id} from its incident")


def reextract_command(report_id: str) -> None:
    """Extract a stored report again with the current extractor; its new events replace the old ones."""
    with opened() as app:
        result = app.reextract(report_id, by=operator())
    if not result.changed:
        typer.echo(f"{report_id}: already extracted by this extractor version; nothing to do")
        return
    _done(result, f"re-extracted {report_id} ({len(result.event_ids) - 1} events)")
