"""FastAPI dependencies: the one `Application` and its read side. Async, so resolving them costs no
threadpool hop."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from timeline.application import Application
from timeline.query.service import QueryContext


async def get_application(request: Request) -> Application:
    return request.app.state.application  # type: ignore[no-any-return]


async def get_queries(request: Request) -> QueryContext:
    return request.app.state.application.queries  # type: ignore[no-any-return]


ApplicationDep = Annotated[Application, Depends(get_application)]
QueriesDep = Annotated[QueryContext, Depends(get_queries)]
