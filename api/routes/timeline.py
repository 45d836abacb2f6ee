"""`GET /timeline`: the projected timeline filtered, paged and explained (see the brief's HTTP shape)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.query_deps import ERRORS, NO_NUL, ContextDep, FilterDep, timeline_answer
from api.schemas_query import TimelinePage

router = APIRouter(tags=["query"])


@router.get("/timeline", response_model=TimelinePage, responses=ERRORS)
async def get_timeline(
    ctx: ContextDep,
    flt: FilterDep,
    cursor: Annotated[str | None, Query(max_length=500, pattern=NO_NUL)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Any:
    """Entries whose date interval overlaps the window, in date order, each with every source."""
    return await timeline_answer(ctx, flt, cursor, limit)
