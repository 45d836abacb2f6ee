"""`POST /reports` (ingest one report, then project) and `GET /reports/{id}` (a report with its events)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Response

from api.deps import ConnectionDep, ProjectorDep, SettingsDep, StoreDep
from api.schemas import NO_NUL, ErrorOut, IngestOut, ReportIn, ReportOut
from timeline.domain.events import report_stream
from timeline.services import browse
from timeline.services.ingest import ingest_report
from timeline.services.streams import load

router = APIRouter(tags=["reports"])


@router.post(
    "/reports",
    status_code=201,
    response_model=IngestOut,
    responses={200: {"model": IngestOut, "description": "already stored"}, 422: {"model": ErrorOut}},
)
def post_report(
    body: ReportIn, response: Response, store: StoreDep, settings: SettingsDep, project: ProjectorDep
) -> Any:
    """Store a report and the events extracted from it (201), or return the stored ones (200)."""
    result = ingest_report(
        store,
        body.text,
        content_type=body.content_type,
        source=body.source,
        url=body.url,
        title=body.title,
        published=body.published,
        date_order=body.date_order,
    )
    if settings.project_on_write:
        project()
    response.status_code = 201 if result.created else 200
    return IngestOut(
        report_id=result.report_id,
        event_ids=result.event_ids,
        created=result.created,
        published=result.published,
        published_rule=result.published_rule,
    )


@router.get("/reports/{report_id}", response_model=ReportOut, responses={404: {"model": ErrorOut}})
def get_report(
    report_id: Annotated[str, Path(max_length=200, pattern=NO_NUL)], conn: ConnectionDep, store: StoreDep
) -> Any:
    """The report (catalogue entry and stored text) with its live events."""
    found = browse.get_report(conn, report_id)
    if found is None:
        raise HTTPException(404, f"no report with id {report_id!r}")
    received = load(store, report_stream(report_id)).received
    return {**found, "text": received.text if received else ""}
