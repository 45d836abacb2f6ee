"""`GET /incidents`: one item per happening (events merged across reports), same filters as /timeline."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.query_deps import ERRORS, NO_NUL, ContextDep, FilterDep, answer, answers_errors
from api.schemas_query import IncidentsPage

router = APIRouter(tags=["query"])


@router.get("/incidents", response_model=IncidentsPage, responses=ERRORS)
@answers_errors
def get_incidents(
    ctx: ContextDep,
    flt: FilterDep,
    cursor: Annotated[str | None, Query(max_length=500, pattern=NO_NUL)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Any:
    """Incidents with a corroboration count (independent outlets), merges and contradiction flag."""
    return answer(ctx.incidents(flt, cursor, limit))
