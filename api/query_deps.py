"""Shared pieces of the query routes: the filter parameters every one takes, the read side of the
application, query errors -> JSON 4xx (404 with suggestions for a place), and the timeline page served
from the page cache on the event loop (computed in the threadpool when it is not there)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

import orjson
from fastapi import Depends, Query, Response
from fastapi.responses import JSONResponse
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError
from starlette.concurrency import run_in_threadpool

from api.deps import QueriesDep
from api.schemas import ErrorOut
from api.schemas_query import PlaceNotFoundOut
from timeline.query.filters import BadFilter, PlaceNotFound, TimelineFilter
from timeline.query.service import QueryContext

ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": PlaceNotFoundOut, "description": "unknown place, with close matches"},
    422: {"model": ErrorOut},
}


F = TypeVar("F", bound=Callable[..., Any])
NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL; refuse it as bad input (422)


def _iso_day(value: object) -> object:
    # pydantic reads a bare number as a Unix time ("0" -> 1970-01-01): a day must be written as a date
    if isinstance(value, str) and not _ISO_DAY.match(value):
        raise PydanticCustomError("date_from_datetime_parsing", "must be a date written YYYY-MM-DD")
    return value


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
IsoDay = Annotated[date, BeforeValidator(_iso_day)]


async def timeline_filter(
    place: Annotated[
        str | None, Query(max_length=200, pattern=NO_NUL, description="name, alias or gazetteer id",
              examples=["Diyala"])
    ] = None,
    date_from: Annotated[
        str | None,
        Query(
            alias="from", max_length=40, pattern=NO_NUL, description="2014, 2014-06, June 2014, 2014-06-13",
            examples=["2014-06"]
        ),
    ] = None,
    date_to: Annotated[
        str | None, Query(alias="to", max_length=40, pattern=NO_NUL, examples=["2014-12-31"])
    ] = None,
    precision: Annotated[
        str | None, Query(max_length=40, pattern=NO_NUL, description="finest to keep")
    ] = None,
    types: Annotated[list[str] | None, Query(alias="type", description="kind or label; repeatable")] = None,
    actor: Annotated[
        str | None, Query(max_length=200, pattern=NO_NUL, description="canonical name or alias")
    ] = None,
    source: Annotated[str | None, Query(max_length=200, pattern=NO_NUL, description="outlet")] = None,
    min_sources: Annotated[int | None, Query(ge=1, le=1000)] = None,
    as_reported_by: Annotated[str | None, Query(max_length=40, pattern=NO_NUL)] = None,
    as_of: Annotated[
        str | None, Query(max_length=60, pattern=NO_NUL, description="store position or ISO time")
    ] = None,
    q: Annotated[
        str | None, Query(max_length=300, pattern=NO_NUL, description="a question in plain English",
              examples=["who captured Jalula in 2014"])
    ] = None,
) -> TimelineFilter:
    return TimelineFilter.model_validate(
        {
            "place": place,
            "from": date_from,
            "to": date_to,
            "precision": precision,
            "types": tuple(types or ()),
            "actor": actor,
            "source": source,
            "min_sources": min_sources,
            "as_reported_by": as_reported_by,
            "as_of": as_of,
            "q": q,
        }
    )


def answer(body: dict[str, Any], status_code: int = 200) -> Response:
    """A body as the service built it, in its documented shape (the route's response model, which the
    API tests check responses against), serialised without validating every nested entry again: on a
    busy page that costs more than the query."""
    return Response(orjson.dumps(body), status_code=status_code, media_type="application/json")


def answers_errors(route: F) -> F:
    """Query errors -> JSON: 404 with suggestions for an unknown place, 422 for a bad filter."""

    @functools.wraps(route)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return route(*args, **kwargs)
        except PlaceNotFound as error:
            return JSONResponse({"detail": str(error), "suggestions": error.suggestions}, status_code=404)
        except BadFilter as error:
            return JSONResponse({"detail": str(error)}, status_code=422)

    return wrapper  # type: ignore[return-value]


FilterDep = Annotated[TimelineFilter, Depends(timeline_filter)]


async def timeline_answer(ctx: QueryContext, flt: TimelineFilter, cursor: str | None, limit: int) -> Response:
    """A timeline page: straight from the page cache, on the event loop, when it holds the page (one
    checkpoint look-up, like /health's); else computed in the threadpool, off the loop."""
    cached = ctx.cached_timeline(flt, cursor, limit)
    if cached is not None:
        return answer(cached)
    return await run_in_threadpool(_computed_timeline, ctx, flt, cursor, limit)  # type: ignore[no-any-return]


@answers_errors
def _computed_timeline(ctx: QueryContext, flt: TimelineFilter, cursor: str | None, limit: int) -> Response:
    return answer(ctx.timeline(flt, cursor, limit))


ContextDep = QueriesDep
