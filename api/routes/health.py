"""`GET /health`: database reachable, the log's last position and every projection's checkpoint."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from api.deps import ApplicationDep
from api.schemas import HealthOut

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthOut, responses={503: {"model": HealthOut}})
def get_health(app: ApplicationDep, response: Response) -> Any:
    """200 while the database answers (status "behind" while projections catch up), else 503."""
    report = app.health()
    if report["status"] == "error":
        response.status_code = 503
    return report
