"""The FastAPI application factory: `uvicorn api.app:create_app --factory` (settings from TIMELINE_*)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.concurrency import run_in_threadpool

from api.deps import Projector
from api.errors import install_error_handlers
from api.routes import ROUTERS
from timeline.config import Settings
from timeline.projections.base import ProjectionRunner
from timeline.projections.registry import default_projections
from timeline.store.factory import open_store


def create_app(settings: Settings | None = None) -> FastAPI:
    """An app over the store `settings.database_url` names; projections are caught up at start-up."""
    settings = settings or Settings()
    store = open_store(settings.database_url)
    runner = ProjectionRunner(store, store.engine, default_projections())
    projector = Projector(runner)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(projector)
        yield
        store.close()

    app = FastAPI(
        title="Conflict timeline",
        version="0.1.0",
        description="News reports -> typed events -> append-only log -> projected timeline.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.runner = runner
    app.state.projector = projector
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET"],  # embedding pages read; writes stay same-origin
        allow_headers=["Last-Event-ID"],
    )
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    return app
