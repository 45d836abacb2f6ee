"""`POST /reports` (ingest one report with an ingest key or better, then project) and `GET /reports/{id}`
(a report with its events)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response

from api.deps import WRITE_ERRORS, ApplicationDep, IngestKey
from api.schemas import NO_NUL, ErrorOut, IngestOut, ReportIn, ReportOut

router = APIRouter(tags=["reports"])


@router.post(
    "/reports",
    status_code=201,
    response_model=IngestOut,
    responses={200: {"model": IngestOut, "description": "already stored"}, 413: {"model": ErrorOut},
               422: {"model": ErrorOut, "description": "not a usable report, or its extraction ran past the "
                                                       "time limit (nothing stored)"},
               503: {"model": ErrorOut, "description": "the extraction workers are busy: try again after "
                                                       "Retry-After seconds"}, **WRITE_ERRORS},  # fmt: skip
)
def post_report(body: ReportIn, response: Response, app: ApplicationDep, by: IngestKey) -> Any:
    """Store a report and the events extracted from it (201), or return the stored ones (200): of racing
    POSTs of one new report exactly one gets 201. Extraction runs in worker processes, off the event loop."""
    result = app.ingest(body.text, by=by, **body.model_dump(exclude={"text"}))
    response.status_code = 201 if result.created else 200
    return IngestOut(report_id=result.report_id, event_ids=result.event_ids, created=result.created,
                     published=result.published, published_rule=result.published_rule)  # fmt: skip


@router.get("/reports/{report_id}", response_model=ReportOut, responses={404: {"model": ErrorOut}})
def get_report(report_id: Annotated[str, Path(max_length=200, pattern=NO_NUL)], app: ApplicationDep) -> Any:
    """The report (catalogue entry and stored text) with its live events."""
    return app.report(report_id)
