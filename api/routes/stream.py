"""`GET /stream`: Server-Sent Events of new, changed and removed timeline entries; `id:` is the store
position, so a client resumes with `Last-Event-ID` (or `?after=`)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from api import examples as E
from api.deps import QueriesDep

router = APIRouter(tags=["stream"])


class EventStream(StreamingResponse):
    media_type = "text/event-stream"  # so the OpenAPI document declares this type, not application/json
KEEPALIVE_SECONDS = 15.0


@router.get("/stream", response_class=EventStream, responses={
    200: {"description": "text/event-stream", "content": {"text/event-stream": {"example": E.STREAM}}},
    # a bad parameter is answered before the stream starts, as JSON like every error
    422: {"description": "a parameter is not valid",
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}})
async def get_stream(
    request: Request,
    queries: QueriesDep,
    last_event_id: Annotated[
        str | None, Header(alias="Last-Event-ID", max_length=20, pattern=r"^\d*$")
    ] = None,
    after: Annotated[int | None, Query(ge=0, description="store position to start after")] = None,
    poll: Annotated[float, Query(ge=0.05, le=30.0, description="seconds between polls")] = 1.0,
) -> Any:
    """Starts after `Last-Event-ID` / `after`, or at the current end of the store (only new changes)."""
    if last_event_id:
        position = int(last_event_id)
    elif after is not None:
        position = after
    else:
        position = await run_in_threadpool(queries.store.last_position)

    async def events() -> AsyncIterator[str]:
        nonlocal position
        yield f"retry: 2000\n: resuming after {position}\n\n"
        idle = 0.0
        while not await request.is_disconnected():
            changes, position = await run_in_threadpool(queries.changes_after, position)
            for at, payload in changes:
                yield f"id: {at}\ndata: {json.dumps(payload, ensure_ascii=False)}\n\n"
            if changes:
                idle = 0.0
                continue
            await asyncio.sleep(poll)
            idle += poll
            if idle >= KEEPALIVE_SECONDS:
                idle = 0.0
                yield f": keep-alive {position}\n\n"

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return EventStream(events(), headers=headers)
