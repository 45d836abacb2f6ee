"""JSON errors `{"detail": message}` (`ErrorOut`) with the right status: bad input is a 4xx, never a
500, and even an unexpected failure answers JSON. The one error schema is declared here for every route
(ERROR_RESPONSES, in place of FastAPI's own 422 schema, whose shape this API never sends). Owns the
request size limit too: a body over Settings.max_body_bytes is refused with 413 from its Content-Length,
before it is read (a chunked body is counted as it arrives)."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.schemas import ErrorOut
from timeline.extraction.cleaning import InvalidReport, ReportTooLarge
from timeline.services.curation import EventNotLive, InvalidCuration, UnknownEvent
from timeline.services.extraction import ExtractionBusy, ExtractionTimedOut, ExtractionWorkerFailed
from timeline.services.streams import UnknownReport
from timeline.store.base import ConcurrencyError

LOG = logging.getLogger(__name__)
# Seconds a client told "busy" (503) waits before trying again: long enough for a queued report to make
# room, short enough that an interactive client does not give up.
RETRY_AFTER_SECONDS = 10

# Declared on every operation (routes add their own codes); FastAPI then adds no HTTPValidationError.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorOut, "description": "a parameter or the body is not valid: `{\"detail\": message}`"},
}

STATUS_FOR: dict[type[Exception], int] = {
    ReportTooLarge: 413,  # before InvalidReport, its base class: the first match wins
    InvalidReport: 422,
    InvalidCuration: 422,
    EventNotLive: 409,  # before UnknownEvent, its base class: the first match wins
    UnknownEvent: 404,
    UnknownReport: 404,
    ConcurrencyError: 409,
    # The report made more work than one report may (Settings.extraction_time_limit): a fact about the input,
    # which a retry would repeat, so a 4xx like a report over the size cap rather than a gateway's 504.
    ExtractionTimedOut: 422,
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


class BodySizeLimit:
    """ASGI middleware: a request whose body is over `max_bytes` gets 413 and is not read. A declared
    Content-Length is judged before anything is received; a chunked body is counted as it arrives and
    refused once over (what was received is dropped)."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is not None:
            # the server (h11/httptools) has already refused a malformed Content-Length with 400
            if declared.isdigit() and int(declared) > self.max_bytes:
                await self._refuse(send, f"the request body is {int(declared):,} bytes, more than")
                return
            await self.app(scope, receive, send)
            return
        if b"chunked" not in headers.get(b"transfer-encoding", b"").lower():
            await self.app(scope, receive, send)  # no body
            return
        received: list[Message] = []
        size = 0
        while True:  # read the chunked body here, up to the limit, then hand it on
            message = await receive()
            received.append(message)
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await self._refuse(send, "the request body is longer than")
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return received.pop(0) if received else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send, what: str) -> None:
        """Answer 413; `what` ends with the words that lead to the limit ("... is N bytes, more than")."""
        body = orjson.dumps({"detail": f"{what} the {self.max_bytes:,} bytes a request may have; "
                                       "split the report into smaller ones"})
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                   (b"connection", b"close")]  # the client may still be sending: the connection ends here
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def install_error_handlers(app: FastAPI, max_body_bytes: int) -> None:
    """JSON handlers for validation, HTTP and domain errors, and the request body size limit."""
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)

    async def on_validation(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return JSONResponse({"detail": validation_message(exc)}, status_code=422)

    async def on_http(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 400:
            # FastAPI's only 400 is a body it could not decode (not UTF-8, say): bad input like any
            # other, so the documented 422
            return JSONResponse({"detail": f"the request body cannot be read: {exc.detail}"}, status_code=422)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    async def on_domain(_: Request, exc: Exception) -> JSONResponse:
        status = next(code for cls, code in STATUS_FOR.items() if isinstance(exc, cls))
        return JSONResponse({"detail": str(exc)}, status_code=status)

    async def on_busy(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503,
                            headers={"Retry-After": str(RETRY_AFTER_SECONDS)})  # fmt: skip

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        # a defect, not bad input: logged with its traceback, answered in the one error shape
        LOG.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return JSONResponse({"detail": "internal error; it has been logged"}, status_code=500)

    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(ExtractionBusy, on_busy)
    app.add_exception_handler(ExtractionWorkerFailed, on_busy)  # its worker is replaced on the next report
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(ExtractionBusy, on_busy)
    app.add_exception_handler(ExtractionWorkerFailed, on_busy)  # its worker is replaced on the next report
    app.add_exception_handler(Exception, on_unexpected)
    app.add_exception_handler(HTTPException, on_http)
    for cls in STATUS_FOR:
        app.add_exception_handler(cls, on_domain)
