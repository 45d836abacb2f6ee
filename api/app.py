"""The FastAPI application factory: `uvicorn api.app:create_app --factory` (settings from TIMELINE_*).
It holds one `Application` (timeline.bootstrap) that every route reaches through `api.deps`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.concurrency import run_in_threadpool

from api.errors import install_error_handlers
from api.metrics import RequestMetrics
from api.routes import ROUTERS
from timeline.application import Application
from timeline.bootstrap import bootstrap
from timeline.config import Settings


def create_app(settings: Settings | None = None, *, application: Application | None = None) -> FastAPI:
    """An app over `application`, or over one bootstrapped from `settings` (the environment by default);
    at start-up the gazetteer is opened and the projections caught up, so no request waits for either."""
    service = application or bootstrap(settings or Settings())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(service.warm_up)
        yield
        if application is None:  # an application given by the caller is the caller's to close
            service.close()

    app = FastAPI(
        title="Conflict timeline",
        version="0.1.0",
        description="News reports -> typed events -> append-only log -> projected timeline.",
        lifespan=lifespan,
    )
    app.state.application = service
    app.add_middleware(
        CORSMiddleware,
        allow_origins=service.settings.cors_origins,
        allow_methods=["GET"],  # embedding pages read; writes stay same-origin
        allow_headers=["Last-Event-ID"],
    )
    install_error_handlers(app)
    app.add_middleware(RequestMetrics)  # outermost: times the whole request, CORS and errors included
    for router in ROUTERS:
        app.include_router(router)
    return app
