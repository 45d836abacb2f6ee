"""Every router the app includes, in order (other parts append theirs here): OPEN ones, answered without
an API key whatever the settings (/health, for load balancers and start-up checks), then the others,
which the app includes behind the read-access check."""

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

OPEN_ROUTERS: list[APIRouter] = [health.router]
ROUTERS: list[APIRouter] = [
    reports.router,
    curation.router,
    events.router,
    history.router,
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
