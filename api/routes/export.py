"""`GET /export?format=`: the filtered timeline streamed as json, jsonl, geojson, csv, acled or timelinejs,
or the JSON sidecar of a CSV (csv-meta, acled-meta). The export's metadata also goes in `X-Timeline-*`
headers (a CSV body holds nothing but the header line and rows), and a CSV links its sidecar."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from api import examples as E
from api.query_deps import ERRORS, ContextDep, FilterDep, answers_errors

router = APIRouter(tags=["export"])

ExportFormat = Literal["json", "jsonl", "geojson", "csv", "csv-meta", "acled", "acled-meta", "timelinejs"]


def _ascii(value: Any) -> str:
    """A header value: strings as they are when ASCII, anything else as ASCII-only JSON."""
    if isinstance(value, str) and value.isascii() and value.isprintable():
        return value
    return json.dumps(value, ensure_ascii=True)


@router.get(
    "/export",
    responses={**ERRORS, 200: {"description": "the export, streamed", "content": {
        "application/json": {"example": {"metadata": {"format": "json"}, "items": [E.ENTRY]}},
        "application/x-ndjson": {"example": E.EXPORT_JSONL}, "application/geo+json": {"example": E.GEOJSON},
        "text/csv": {"example": E.EXPORT_CSV}}}},
)
@answers_errors
def get_export(
    request: Request,
    ctx: ContextDep,
    flt: FilterDep,
    fmt: Annotated[ExportFormat, Query(alias="format", examples=["csv"])] = "jsonl",
) -> Any:
    """Every matching entry (constant memory), with metadata: when, store position, filters."""
    export = ctx.export(flt, fmt)
    meta = export.metadata
    headers = {
        "Content-Disposition": f'attachment; filename="{export.filename}"',
        "X-Timeline-Format": fmt,
        "X-Timeline-Generated-At": _ascii(meta["generated_at"]),
        "X-Timeline-Store-Position": str(meta["store_position"]),
        "X-Timeline-Filters": json.dumps(meta["filters"], ensure_ascii=True),
        "X-Timeline-Understood": _ascii(meta["understood"]),
    }
    if fmt in ("csv", "acled"):
        sidecar = request.url.include_query_params(format=f"{fmt}-meta")
        headers["Link"] = f'<{sidecar}>; rel="describedby"; type="application/json"'
    return StreamingResponse(export.chunks, media_type=export.media_type, headers=headers)
