"""HTTP request latency into timeline_http_request_duration_seconds, labelled by the matched route's path
template (`/reports/{report_id}`, never the raw path, so the number of series stays bounded), the method
and the status. A pure ASGI middleware: it sees the status and the end of streamed bodies."""

from __future__ import annotations

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from timeline.observability.metrics import HTTP_LATENCY

UNMATCHED = "unmatched"  # every path no route matched (404s, scanners) shares one label


class RequestMetrics:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets when the app raises before answering

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            # The router records the matched route in the scope it was handed (this dict).
            route = getattr(scope.get("route"), "path_format", None) or UNMATCHED
            HTTP_LATENCY.labels(route, scope["method"], str(status)).observe(time.perf_counter() - started)
