"""The read methods and cross-origin reads: every GET route answers HEAD too, and pages on other sites
may GET and HEAD the API (the embedded widget does), never write. Starlette's CORSMiddleware adds
`access-control-allow-origin` to any request that carries an Origin, whatever its method, so only reads
(and preflights asking for a read) reach it; a write, or a preflight asking to write, is answered with no
CORS header at all, and the browser keeps the response from the other site's page."""

from __future__ import annotations

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

READ_METHODS = ("GET", "HEAD")


class ReadOnlyCORS:
    def __init__(self, app: ASGIApp, allow_origins: list[str], allow_headers: list[str]) -> None:
        self.app = app
        self.cors = CORSMiddleware(app, allow_origins=allow_origins, allow_methods=list(READ_METHODS),
                                   allow_headers=allow_headers)  # fmt: skip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _is_read(scope):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def _is_read(scope: Scope) -> bool:
    method = scope["method"]
    if method in READ_METHODS:
        return True
    if method != "OPTIONS":
        return False
    headers = dict(scope["headers"])
    asked = headers.get(b"access-control-request-method", b"").decode("latin-1").upper()
    return asked in READ_METHODS


class HeadAsGet:
    """HEAD is answered as GET would be (FastAPI routes only declare GET): the route runs on a copy of
    the scope saying GET, and the server, which still knows the request was a HEAD, sends no body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "HEAD":
            scope = {**scope, "method": "GET"}
        await self.app(scope, receive, send)
