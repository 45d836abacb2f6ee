"""The projections a service runs, in order: `reports` first, because `timeline` reads it for outlet
and publication date of reports received in an earlier batch."""

from __future__ import annotations

from timeline.projections.base import Projection
from timeline.projections.control import ControlProjection
from timeline.projections.incidents import IncidentsProjection
from timeline.projections.reports import ReportsProjection
from timeline.projections.timeline import TimelineProjection


def default_projections() -> list[Projection]:
    """Fresh instances of every projection the service keeps (other modules append theirs here)."""
    return [ReportsProjection(), TimelineProjection(), IncidentsProjection(), ControlProjection()]
