"""`GET /events`: live events filtered by place, dates and type, in date order, with a cursor."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from api.deps import QueriesDep
from api.schemas import NO_NUL, ErrorOut, EventsPage
from timeline.domain.events import BY_KIND
from timeline.services import browse

router = APIRouter(tags=["events"])
PLACE_HELP = "place name (as written or resolved), admin1, country code or gazetteer id"


ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": ErrorOut}, 422: {"model": ErrorOut}}


@router.get("/events", response_model=EventsPage, responses=ERRORS)
def get_events(
    queries: QueriesDep,
    place: Annotated[str | None, Query(max_length=200, pattern=NO_NUL, description=PLACE_HELP)] = None,
    date_from: Annotated[date | None, Query(alias="from", description="YYYY-MM-DD, inclusive")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="YYYY-MM-DD, inclusive")] = None,
    types: Annotated[list[str] | None, Query(alias="type", description="event type, repeatable")] = None,
    cursor: Annotated[str | None, Query(max_length=500, pattern=NO_NUL)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Any:
    """Events whose date interval overlaps [from, to]; undated events come last."""
    unknown = sorted(set(types or ()) - set(BY_KIND))
    if unknown:
        raise HTTPException(422, f"unknown event type {unknown[0]!r}; known: {', '.join(sorted(BY_KIND))}")
    if date_from and date_to and date_to < date_from:
        raise HTTPException(422, f"'to' ({date_to}) is before 'from' ({date_from})")
    filters = browse.EventFilters(place=place, date_from=date_from, date_to=date_to, types=tuple(types or ()))
    with queries.engine.connect() as conn:
        items, next_cursor = browse.list_events(conn, filters, cursor, limit)
    return {"items": items, "next_cursor": next_cursor}
