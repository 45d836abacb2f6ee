"""Typed events: one frozen pydantic class per event type, with its stored name and schema version."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from timeline.domain.values import Count, Evidence, Extractor, Place, When


class Event(BaseModel):
    """Base of everything stored in the log. `type_name` is the stored type; bump `schema_version`
    with an upcaster in `timeline.domain.upcasting` whenever the stored shape changes."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    type_name: ClassVar[str] = ""
    schema_version: ClassVar[int] = 1

    event_id: str


class ReportReceived(Event):
    type_name: ClassVar[str] = "ReportReceived"
    schema_version: ClassVar[int] = 1

    report_id: str  # sha256 of the normalised text
    source: str | None = None  # outlet
    url: str | None = None
    title: str | None = None
    published: date | None = None
    published_rule: str | None = None  # how the publication date was found ("meta", "dateline", ...)
    received_at: AwareDatetime
    text: str  # the stored text; evidence offsets point into it
    content_type: str = "text/plain"


class DomainEvent(Event):
    """Something a report states happened. `kind` is the SCHEMA.md type ("town_captured")."""

    schema_version: ClassVar[int] = 2  # v2 renamed `date` to `when` (see upcasting)
    kind: ClassVar[str] = ""
    core: ClassVar[bool] = True

    @classmethod
    def definition(cls) -> str:
        """What a report must state for this type (SCHEMA.md), from the class docstring."""
        return " ".join((cls.__doc__ or "").split())

    report_id: str
    when: When = Field(default_factory=When.unknown)
    place: Place | None = None
    actors: tuple[str, ...] = ()
    evidence: Evidence
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    extractor: Extractor
    fatalities: Count | None = None
    injured: Count | None = None


class TownCaptured(DomainEvent):
    """An armed party takes or retakes control of a populated place, base, neighbourhood or area."""

    type_name: ClassVar[str] = "TownCaptured"
    kind: ClassVar[str] = "town_captured"
    core: ClassVar[bool] = True


class OffensiveLaunched(DomainEvent):
    """An armed party begins an offensive, operation, campaign, assault or advance on a place or enemy."""

    type_name: ClassVar[str] = "OffensiveLaunched"
    kind: ClassVar[str] = "offensive_launched"
    core: ClassVar[bool] = True


class DesignationAnnounced(DomainEvent):
    """A government or international body designates a person or group (terrorist list, sanctions)."""

    type_name: ClassVar[str] = "DesignationAnnounced"
    kind: ClassVar[str] = "designation_announced"
    core: ClassVar[bool] = True


class Attack(DomainEvent):
    """A bombing, suicide or car bomb, IED, shelling, massacre, execution, assassination or raid
    (not from the air)."""

    type_name: ClassVar[str] = "Attack"
    kind: ClassVar[str] = "attack"
    core: ClassVar[bool] = True


class Airstrike(DomainEvent):
    """A strike by aircraft or drones."""

    type_name: ClassVar[str] = "Airstrike"
    kind: ClassVar[str] = "airstrike"
    core: ClassVar[bool] = True


class Clash(DomainEvent):
    """Armed fighting between parties, where no capture and no start of an offensive is stated."""

    type_name: ClassVar[str] = "Clash"
    kind: ClassVar[str] = "clash"
    core: ClassVar[bool] = True


class Withdrawal(DomainEvent):
    """Forces retreat, flee, abandon or pull out of a place."""

    type_name: ClassVar[str] = "Withdrawal"
    kind: ClassVar[str] = "withdrawal"
    core: ClassVar[bool] = False


class Deployment(DomainEvent):
    """Forces are sent to or deployed in a place."""

    type_name: ClassVar[str] = "Deployment"
    kind: ClassVar[str] = "deployment"
    core: ClassVar[bool] = False


class Displacement(DomainEvent):
    """Civilians flee or are driven from a place."""

    type_name: ClassVar[str] = "Displacement"
    kind: ClassVar[str] = "displacement"
    core: ClassVar[bool] = False


class Visit(DomainEvent):
    """An official visit or meeting of leaders or officials."""

    type_name: ClassVar[str] = "Visit"
    kind: ClassVar[str] = "visit"
    core: ClassVar[bool] = False


class Appointment(DomainEvent):
    """A person takes up an official or command post."""

    type_name: ClassVar[str] = "Appointment"
    kind: ClassVar[str] = "appointment"
    core: ClassVar[bool] = False


DOMAIN_EVENT_TYPES: tuple[type[DomainEvent], ...] = (
    TownCaptured,
    OffensiveLaunched,
    DesignationAnnounced,
    Attack,
    Airstrike,
    Clash,
    Withdrawal,
    Deployment,
    Displacement,
    Visit,
    Appointment,
)
BY_KIND: dict[str, type[DomainEvent]] = {c.kind: c for c in DOMAIN_EVENT_TYPES}


class EventRetracted(Event):
    """A curator withdraws a domain event: it leaves every projection."""

    type_name: ClassVar[str] = "EventRetracted"
    target_event_id: str
    reason: str


class EventCorrected(Event):
    """A curator changes fields of a domain event (`changes` maps field name -> new value)."""

    type_name: ClassVar[str] = "EventCorrected"
    target_event_id: str
    changes: dict[str, Any]
    reason: str


class ReportReextracted(Event):
    """The report was extracted again: its earlier domain events are superseded by the ones appended
    after this event in the same stream."""

    type_name: ClassVar[str] = "ReportReextracted"
    report_id: str
    extractor_version: str
    at: datetime | None = None


class IncidentSplit(Event):
    """A curator says an event is not the same happening as the others it was merged with: it leaves
    its incident and is never merged automatically again (the incidents projection records it)."""

    type_name: ClassVar[str] = "IncidentSplit"
    target_event_id: str
    reason: str


CURATION_EVENT_TYPES: tuple[type[Event], ...] = (
    EventRetracted,
    EventCorrected,
    ReportReextracted,
    IncidentSplit,
)
ALL_EVENT_TYPES: tuple[type[Event], ...] = (ReportReceived, *DOMAIN_EVENT_TYPES, *CURATION_EVENT_TYPES)
BY_TYPE_NAME: dict[str, type[Event]] = {c.type_name: c for c in ALL_EVENT_TYPES}


def report_stream(report_id: str) -> str:
    return f"report-{report_id}"
