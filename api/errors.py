"""JSON errors `{"detail": message}` with the right status: bad input is a 4xx, never a 500."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from timeline.extraction.cleaning import InvalidReport
from timeline.services.curation import EventNotLive, InvalidCuration, UnknownEvent
from timeline.services.streams import UnknownReport
from timeline.store.base import ConcurrencyError

STATUS_FOR: dict[type[Exception], int] = {
    InvalidReport: 422,
    InvalidCuration: 422,
    EventNotLive: 409,  # before UnknownEvent, its base class: the first match wins
    UnknownEvent: 404,
    UnknownReport: 404,
    ConcurrencyError: 409,
}


def validation_message(exc: RequestValidationError) -> str:
    """One line naming the first problem: where it is and what is wrong."""
    errors = exc.errors()
    if not errors:
        return "invalid request"
    first = errors[0]
    if first.get("type") == "json_invalid":
        return "the request body is not valid JSON"
    where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
    message = str(first.get("msg", "invalid value"))
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    return f"{where}: {message}{more}" if where else f"{message}{more}"


def install_error_handlers(app: FastAPI) -> None:
    async def on_validation(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return JSONResponse({"detail": validation_message(exc)}, status_code=422)

    async def on_http(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    async def on_domain(_: Request, exc: Exception) -> JSONResponse:
        status = next(code for cls, code in STATUS_FOR.items() if isinstance(exc, cls))
        return JSONResponse({"detail": str(exc)}, status_code=status)

    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(HTTPException, on_http)
    for cls in STATUS_FOR:
        app.add_exception_handler(cls, on_domain)
