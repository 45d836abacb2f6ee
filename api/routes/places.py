"""`GET /places` (search with event counts), `GET /places/{id}/control` and `GET /control?place=&on=`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api.query_deps import ERRORS, NO_NUL, ContextDep, IsoDay, answers_errors
from api.schemas_query import ControlOn, PlaceControl, PlaceCount

router = APIRouter(tags=["places"])


@router.get("/places", response_model=list[PlaceCount], responses=ERRORS)
@answers_errors
def get_places(
    ctx: ContextDep,
    q: Annotated[
        str | None, Query(max_length=200, pattern=NO_NUL, description="prefix or name; omit for top places")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> Any:
    """Gazetteer autocomplete, each place with the number of timeline events at or inside it."""
    return ctx.places(q, limit)


@router.get("/places/{place_id}/control", response_model=list[PlaceControl], responses=ERRORS)
@answers_errors
def get_place_control(
    ctx: ContextDep,
    place_id: Annotated[str, Path(max_length=200, pattern=NO_NUL, description="gazetteer id or name")],
) -> Any:
    """Who held the place (and, for an area, each place inside it) when: periods with their sources."""
    return ctx.place_control(place_id)


@router.get("/control", response_model=ControlOn, responses=ERRORS)
@answers_errors
def get_control(
    ctx: ContextDep,
    place: Annotated[
        str, Query(max_length=200, pattern=NO_NUL, description="an area (governorate, country) or a place")
    ],
    on: Annotated[IsoDay, Query(description="YYYY-MM-DD")],
) -> Any:
    """Who held each known locality in the area on that day, as far as the reports say."""
    return ctx.control_on(place, on)
