"""Curation over HTTP: retract, correct or split an event, re-extract a report, each with an editor key
(recorded in the event as who made it). The application appends to the log, then catches the projections
up before answering."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from api.deps import WRITE_ERRORS, ApplicationDep, EditorKey
from api.schemas import NO_NUL, ErrorOut
from api.schemas_curation import CorrectionIn, CurationOut, ReasonIn
from timeline.services.curation import CurationResult

router = APIRouter(tags=["curation"])
EventId = Annotated[str, Path(min_length=1, max_length=200, pattern=NO_NUL)]
ReportId = Annotated[str, Path(min_length=1, max_length=200, pattern=NO_NUL)]
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "no such event or report"},
    409: {"model": ErrorOut, "description": "event no longer live, or a concurrent write won"},
    422: {"model": ErrorOut, "description": "no reason, or a bad field or value"},
    **WRITE_ERRORS,
}


def _answer(result: CurationResult) -> CurationOut:
    return CurationOut(
        changed=result.changed,
        stream_id=result.stream_id,
        event_id=result.event_ids[0] if result.event_ids else None,
        position=result.positions[0] if result.positions else None,
        event_ids=result.event_ids,
        positions=result.positions,
    )


@router.post("/events/{event_id}/retract", response_model=CurationOut, responses=ERRORS)
def retract(event_id: EventId, body: ReasonIn, app: ApplicationDep, by: EditorKey) -> Any:
    """Withdraw an event from the timeline; it stays in the log. Retracting it again is a 409."""
    return _answer(app.retract(event_id, body.reason, by=by))


@router.post("/events/{event_id}/correct", response_model=CurationOut, responses=ERRORS)
def correct(event_id: EventId, body: CorrectionIn, app: ApplicationDep, by: EditorKey) -> Any:
    """Change fields of an event (the original stays in the log; projections show the correction)."""
    return _answer(app.correct(event_id, body.changes, body.reason, by=by))


@router.post("/events/{event_id}/split", response_model=CurationOut, responses=ERRORS)
def split(event_id: EventId, body: ReasonIn, app: ApplicationDep, by: EditorKey) -> Any:
    """Take an event out of the incident it was merged into; it is never merged automatically again."""
    return _answer(app.split(event_id, body.reason, by=by))


@router.post("/reports/{report_id}/reextract", response_model=CurationOut, responses=ERRORS)
def reextract(report_id: ReportId, app: ApplicationDep, by: EditorKey) -> Any:
    """Extract a stored report again with the current extractor; changed=false when its version is the
    one that extracted it already."""
    return _answer(app.reextract(report_id, by=by))
