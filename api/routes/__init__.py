"""Every router the app includes, in order (other parts append theirs here)."""

from __future__ import annotations

from fastapi import APIRouter

from api.routes import (
    browse,
    curation,
    events,
    export,
    health,
    history,
    incidents,
    metrics,
    pages,
    places,
    reports,
    stream,
    timeline,
    widget,
)

ROUTERS: list[APIRouter] = [
    reports.router,
    curation.router,
    events.router,
    history.router,
    health.router,
    pages.router,
    timeline.router,
    incidents.router,
    places.router,
    browse.router,
    export.router,
    stream.router,
    widget.router,
    metrics.router,
]
