"""`GET /health`: database reachable, the log's last position and every projection's checkpoint."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import ApplicationDep
from api.query_deps import answer
from api.schemas import HealthDownOut, HealthOut

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthOut, responses={503: {"model": HealthDownOut}})
async def get_health(app: ApplicationDep) -> Any:
    """200 while the database answers (status "behind" while projections catch up), else 503."""
    # Two index look-ups (~0.2 ms): cheaper on the event loop than a hop to the threadpool and back, and
    # answered as it is (the shape is HealthOut's) without the response model's validation.
    report = app.health()
    if report["status"] == "error":
        return answer({**report, "detail": f"the database is {report['database']}"}, status_code=503)
    return answer(report)
