"""`GET /events`: the projected events, through the same read path as /timeline (same filters, cursor,
errors and entry shape); kept for clients of the first API."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.query_deps import ERRORS, NO_NUL, ContextDep, FilterDep, timeline_answer
from api.schemas_query import TimelinePage

router = APIRouter(tags=["query"])


@router.get("/events", response_model=TimelinePage, responses=ERRORS)
async def get_events(
    ctx: ContextDep,
    flt: FilterDep,
    cursor: Annotated[str | None, Query(max_length=500, pattern=NO_NUL)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Any:
    """Live events whose date interval overlaps the window, in date order (undated last)."""
    return await timeline_answer(ctx, flt, cursor, limit)
