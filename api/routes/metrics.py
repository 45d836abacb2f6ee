"""`GET /metrics`: Prometheus text format (timeline.observability.metrics), every worker's counters added
up when the server runs several, and each projection's lag read from the database at scrape time."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from api import examples as E
from api.deps import ApplicationDep
from timeline.observability.metrics import scrape

router = APIRouter(tags=["health"])

PROMETHEUS_TEXT: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/plain": {"example": E.METRICS}}, "description": "Prometheus text format"}
}


@router.get("/metrics", response_class=Response, responses=PROMETHEUS_TEXT)
def get_metrics(app: ApplicationDep) -> Response:
    """Reports ingested, extraction time, events appended, HTTP latency, and projection lag."""
    body, content_type = scrape(app.health, app.settings.metrics_dir)
    return Response(content=body, media_type=content_type)
