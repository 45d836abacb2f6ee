"""`GET /actors`, `GET /types` (with definitions) and `GET /stats` (counts by type, month, admin1)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.query_deps import ERRORS, NO_NUL, ContextDep, FilterDep, answers_errors
from api.schemas_query import ActorOut, StatsOut, TypeOut
from timeline.query import browse

router = APIRouter(tags=["browse"])


@router.get("/actors", response_model=list[ActorOut])
def get_actors(
    ctx: ContextDep,
    q: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> Any:
    """Actors named in the timeline, most frequent first, with the aliases the actor filter accepts."""
    return ctx.actor_counts(q, limit)


@router.get("/types", response_model=list[TypeOut])
def get_types() -> Any:
    """The event types, with what a report must state for each, and the words a question may use."""
    return browse.types()


@router.get("/stats", response_model=StatsOut, responses=ERRORS)
@answers_errors
def get_stats(ctx: ContextDep, flt: FilterDep) -> Any:
    """Counts of matching entries by type, by month of their start date and by admin1."""
    return ctx.stats(flt)
