"""`GET /events/{id}/history`: the audit trail of one event (as extracted, then each correction, split,
retraction or re-extraction) with who made each step, when and why."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path

from api.deps import ApplicationDep
from api.schemas import NO_NUL, ErrorOut
from api.schemas_history import EventHistoryOut

router = APIRouter(tags=["curation"])


@router.get("/events/{event_id}/history", response_model=EventHistoryOut,
            responses={404: {"model": ErrorOut, "description": "no such event"}})  # fmt: skip
def get_history(event_id: Annotated[str, Path(max_length=200, pattern=NO_NUL)], app: ApplicationDep) -> Any:
    """The event's versions, oldest first, with who (API key id and name), when and why."""
    found = app.history(event_id)
    return {**asdict(found), "versions": [
        {**asdict(v), "by": v.by.model_dump() if v.by else None} for v in found.versions]}
