"""The projections a service runs."""

from __future__ import annotations

from timeline.domain.actors import ActorVocabulary
from timeline.projections.base import Projection
from timeline.projections.control import ControlProjection
from timeline.projections.incidents import IncidentsProjection
from timeline.projections.reports import ReportsProjection
from timeline.projections.timeline import TimelineProjection


def default_projections(actors: ActorVocabulary) -> list[Projection]:
    """Fresh instances of every projection the service keeps (other modules append theirs here)."""
    return [ReportsProjection(), TimelineProjection(), IncidentsProjection(actors), ControlProjection(actors)]
