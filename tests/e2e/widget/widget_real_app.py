"""The real app (api.app.create_app) for the widget tests, plus any of the query/widget routers the app
does not mount yet (so the tests can run while the lead wires routers up; nothing is mounted twice)."""

from __future__ import annotations

import importlib

from fastapi import FastAPI

from api.app import create_app as create_real_app

ROUTER_MODULES = ["timeline", "places", "browse", "stream", "widget"]


def create_app() -> FastAPI:
    app = create_real_app()
    for name in ROUTER_MODULES:
        try:
            module = importlib.import_module(f"api.routes.{name}")
        except ImportError:
            continue
        mounted = {
            (getattr(r, "path", None), tuple(sorted(getattr(r, "methods", None) or ()))) for r in app.routes
        }
        wanted = {
            (getattr(r, "path", None), tuple(sorted(getattr(r, "methods", None) or ())))
            for r in module.router.routes
        }
        if not wanted & mounted:
            app.include_router(module.router)
    return app
