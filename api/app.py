"""The FastAPI application factory: `uvicorn api.app:create_app --factory` (settings from TIMELINE_*).
It holds one `Application` (timeline.bootstrap) that every route reaches through `api.deps`. /docs and
/redoc are served with the Swagger UI and ReDoc assets of the `fastapi-offline` package, so they work
without a network."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi_offline import FastAPIOffline
from starlette.concurrency import run_in_threadpool

from api.cors import HeadAsGet, ReadOnlyCORS
from api.deps import read_access
from api.errors import ERROR_RESPONSES, install_error_handlers
from api.metrics import RequestMetrics
from api.routes import OPEN_ROUTERS, ROUTERS
from timeline.application import Application
from timeline.bootstrap import bootstrap
from timeline.config import Settings


def create_app(settings: Settings | None = None, *, application: Application | None = None) -> FastAPI:
    """An app over `application`, or over one bootstrapped from `settings` (the environment by default);
    at start-up the gazetteer is opened and the projections caught up, so no request waits for either.
    Reports are extracted in worker processes, off the event loop (timeline.services.extraction_pool)."""
    service = application or bootstrap(settings or Settings(), in_workers=True)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(service.warm_up)
        yield
        if application is None:  # an application given by the caller is the caller's to close
            service.close()

    app = FastAPIOffline(
        title="Conflict timeline",
        version="0.1.0",
        description="News reports -> typed events -> append-only log -> projected timeline.",
        lifespan=lifespan,
        responses=ERROR_RESPONSES,
        # operation ids are the route functions' names (get_timeline), which generated clients name
        # their functions after, rather than FastAPI's get_timeline_timeline_get
        generate_unique_id_function=lambda route: route.name,
    )
    app.state.application = service
    app.add_middleware(HeadAsGet)
    # embedding pages read (GET/HEAD); writes stay same-origin and carry no CORS header
    app.add_middleware(ReadOnlyCORS, allow_origins=service.settings.cors_origins,
                       allow_headers=["Last-Event-ID", "Authorization"])  # fmt: skip
    install_error_handlers(app, service.settings.max_body_bytes)
    app.add_middleware(RequestMetrics)  # outermost: times the whole request, CORS and errors included
    for router in OPEN_ROUTERS:
        app.include_router(router)
    for router in ROUTERS:  # reads open unless Settings.read_requires_key
        app.include_router(router, dependencies=[Depends(read_access)])
    return app
