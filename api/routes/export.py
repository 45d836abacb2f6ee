"""`GET /export?format=`: the filtered timeline streamed as json, jsonl, geojson, csv or timelinejs."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api import examples as E
from api.query_deps import ERRORS, ContextDep, FilterDep, answers_errors
from timeline.exports import FORMATS

router = APIRouter(tags=["export"])


@router.get(
    "/export",
    responses={**ERRORS, 200: {"description": "the export, streamed", "content": {
        "application/json": {"example": {"metadata": {"format": "json"}, "items": [E.ENTRY]}},
        "application/x-ndjson": {"example": E.EXPORT_JSONL}, "application/geo+json": {"example": E.GEOJSON},
        "text/csv": {"example": E.EXPORT_CSV}}}},
)
@answers_errors
def get_export(
    ctx: ContextDep,
    flt: FilterDep,
    fmt: Annotated[
        Literal["json", "jsonl", "geojson", "csv", "timelinejs"], Query(alias="format", examples=["csv"])
    ] = "jsonl",
) -> Any:
    """Every matching entry (constant memory), with metadata: when, store position, filters."""
    chunks = ctx.export(flt, fmt)
    _, media_type, suffix = FORMATS[fmt]
    headers = {"Content-Disposition": f'attachment; filename="timeline.{suffix}"',
               "X-Timeline-Filters": json.dumps(flt.echo(), ensure_ascii=True)}
    return StreamingResponse(chunks, media_type=media_type, headers=headers)
