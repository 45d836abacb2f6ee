"""Typed events: one frozen pydantic class per event type, with its stored name and schema version."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from string import Formatter
from typing import Any, ClassVar, Literal, NamedTuple

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from timeline.domain.access import Author
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
    by: Author | None = None  # who posted it (None: stored before writes recorded who)


class Headline(NamedTuple):
    """How an entry of a type is titled. Placeholders: {actor} (first actor), {target} (second actor),
    {place}. The first template whose actors are all known is used; `bare` (default: the label) needs none."""

    with_actor: str
    without_actor: str
    bare: str | None = None


# ACLED's disorder type of each of its event types (ACLED codebook).
ACLED_DISORDER: dict[str, str] = {
    "Battles": "Political violence", "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence", "Riots": "Political violence",
    "Protests": "Demonstrations", "Strategic developments": "Strategic developments",
}  # fmt: skip


class AcledCoding(NamedTuple):
    """How ACLED would code one event: its disorder, event and sub-event type, and the rule that decided."""

    disorder_type: str
    event_type: str
    sub_event_type: str
    rule: str


class AcledWords(NamedTuple):
    """Words of the evidence that decide ACLED's coding of an event of a type (the first that matches)."""

    pattern: str  # a regular expression matched, case-insensitively, on word boundaries
    event_type: str
    sub_event_type: str
    name: str


class DomainEvent(Event):
    """Something a report states happened. `kind` is the SCHEMA.md type ("town_captured").

    Everything the service knows about a type is written once, here, on its class: what the rest of the
    code reads (projections, queries, exports, `/types` and through it the widget's legend) instead of
    naming kinds. Adding a type means adding a class below (and its trigger data for the extraction).
    """

    schema_version: ClassVar[int] = 2  # v2 renamed `date` to `when` (see upcasting)
    kind: ClassVar[str] = ""
    core: ClassVar[bool] = True  # one of the brief's core types (others are kept, but secondary)
    label: ClassVar[str] = ""  # what people read: legend, entries, exports
    headline: ClassVar[Headline] = Headline("{actor}: {place}", "{place}")
    acled: ClassVar[tuple[str, str | None]] = ("Strategic developments", None)  # event, sub-event type
    acled_words: ClassVar[tuple[AcledWords, ...]] = ()  # finer ACLED coding from the evidence's words
    # ACLED's actor1 (named "<name> (<country>)") and its actor code when the report names no actor
    acled_unnamed_actor: ClassVar[tuple[str, int]] = ("Unidentified Armed Group", 3)
    synonyms: ClassVar[tuple[str, ...]] = ()  # words a question or a `type=` filter may use for it
    # Verbs a question uses for it whose object is the place ("who captured Mosul", "retake Hit"): the
    # word after one is read as a place even when it is also an English word.
    place_verbs: ClassVar[tuple[str, ...]] = ()
    style: ClassVar[tuple[str, str]] = ("#9aa0a6", "circle")  # the widget's colour and marker shape
    # Flags the extraction and the projections read:
    may_have_no_place: ClassVar[bool] = False  # stated without a place (e.g. a designation)
    two_party: ClassVar[bool] = False  # the actors after the trigger are the other side (a clash)
    has_counts: ClassVar[bool] = False  # the sentence's numbers of dead and injured belong to it
    claimable: ClassVar[bool] = False  # with no actor named, whoever claimed responsibility is its actor
    exclusive: ClassVar[bool] = False  # two parties cannot both have done it at one place on one day
    control: ClassVar[Literal["gain", "loss"] | None] = None  # the first actor gains / loses the place

    @classmethod
    def definition(cls) -> str:
        """What a report must state for this type (SCHEMA.md), from the class docstring."""
        return " ".join((cls.__doc__ or "").split())

    @classmethod
    def acled_types(cls) -> tuple[str, str]:
        """ACLED's event type and sub-event type (the label when ACLED has no sub-type that fits)."""
        return cls.acled[0], cls.acled[1] or cls.label

    @classmethod
    def acled_coding(cls, state_actor: bool, evidence: str = "") -> AcledCoding:
        """ACLED's coding of an event of this type whose first actor is (`state_actor`) or is not state
        forces, stated in `evidence`: the first of the type's `acled_words` found in it, else its `acled`."""
        for words in cls.acled_words:
            if re.search(rf"\b(?:{words.pattern})\b", evidence, re.IGNORECASE):
                return AcledCoding(ACLED_DISORDER[words.event_type], words.event_type, words.sub_event_type,
                                   f"words:{words.name}")
        event_type, sub_event_type = cls.acled_types()
        return AcledCoding(ACLED_DISORDER[event_type], event_type, sub_event_type, "type")

    @classmethod
    def title(cls, actors: Sequence[str], place: str | None) -> str:
        """The headline of an event of this type with these actors at this place."""
        values = {"actor": actors[0] if actors else None, "target": actors[1] if len(actors) > 1 else None,
                  "place": place or "an unnamed place"}  # fmt: skip
        for template in (cls.headline.with_actor, cls.headline.without_actor):
            needed = {name for _, name, _, _ in Formatter().parse(template) if name}
            if all(values.get(name) for name in needed):
                return template.format(**values)
        return cls.headline.bare or cls.label

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
    label: ClassVar[str] = "Town captured"
    headline: ClassVar[Headline] = Headline("{actor} captured {place}", "{place} captured")
    acled: ClassVar[tuple[str, str | None]] = ("Battles", "Non-state actor overtakes territory")
    synonyms: ClassVar[tuple[str, ...]] = (
        "towns captured", "capture", "captures", "captured", "seizure", "seizures", "seized", "took",
        "taken", "takeover", "takeovers", "fell", "fall", "falls", "recapture", "recaptures", "recaptured",
        "retaken", "town captures", "towns seized", "cities captured", "towns taken", "towns fell",
    )  # fmt: skip
    place_verbs: ClassVar[tuple[str, ...]] = (
        "capture", "captures", "capturing", "captured", "recapture", "recapturing", "recaptured", "take",
        "takes", "taking", "took", "taken", "retake", "retakes", "retaking", "retook", "retaken", "seize",
        "seizes", "seizing", "seized", "overrun", "overran", "overruns", "liberate", "liberates",
        "liberating", "liberated", "storm", "stormed", "storms",
    )  # fmt: skip
    style: ClassVar[tuple[str, str]] = ("#c8323c", "square")
    exclusive: ClassVar[bool] = True
    control: ClassVar[Literal["gain", "loss"] | None] = "gain"

    @classmethod
    def acled_coding(cls, state_actor: bool, evidence: str = "") -> AcledCoding:
        """ACLED codes a capture by who took the place: state forces regain territory, anyone else
        overtakes it."""
        sub = "Government regains territory" if state_actor else "Non-state actor overtakes territory"
        rule = "actor:state" if state_actor else "actor:non-state"
        return AcledCoding(ACLED_DISORDER["Battles"], "Battles", sub, rule)


class OffensiveLaunched(DomainEvent):
    """An armed party begins an offensive, operation, campaign, assault or advance on a place or enemy."""

    type_name: ClassVar[str] = "OffensiveLaunched"
    kind: ClassVar[str] = "offensive_launched"
    label: ClassVar[str] = "Offensive launched"
    headline: ClassVar[Headline] = Headline("{actor} launched an offensive on {place}",
                                            "Offensive launched on {place}")
    acled: ClassVar[tuple[str, str | None]] = ("Battles", "Armed clash")
    synonyms: ClassVar[tuple[str, ...]] = (
        "offensive", "offensives", "offensives launched", "operation", "operations", "campaign",
        "campaigns", "assault", "assaults", "advance", "advances",
    )  # fmt: skip
    style: ClassVar[tuple[str, str]] = ("#e07b1a", "triRight")


class DesignationAnnounced(DomainEvent):
    """A government or international body designates a person or group (terrorist list, sanctions)."""

    type_name: ClassVar[str] = "DesignationAnnounced"
    kind: ClassVar[str] = "designation_announced"
    label: ClassVar[str] = "Designation"
    headline: ClassVar[Headline] = Headline("{actor} designated {target}", "Designation of {target}",
                                            "Designation announced")
    acled: ClassVar[tuple[str, str | None]] = ("Strategic developments", "Other")
    synonyms: ClassVar[tuple[str, ...]] = (
        "designation announced", "designations", "terrorist designation", "terrorist designations",
        "sanction", "sanctions", "terror listing", "listings",
    )  # fmt: skip
    style: ClassVar[tuple[str, str]] = ("#3d8b3d", "hexagon")
    may_have_no_place: ClassVar[bool] = True


class Attack(DomainEvent):
    """A bombing, suicide or car bomb, IED, shelling, massacre, execution, assassination or raid
    (not from the air)."""

    type_name: ClassVar[str] = "Attack"
    kind: ClassVar[str] = "attack"
    label: ClassVar[str] = "Attack"
    headline: ClassVar[Headline] = Headline("{actor} attack in {place}", "Attack in {place}")
    acled: ClassVar[tuple[str, str | None]] = ("Explosions/Remote violence", "Remote explosive/landmine/IED")
    acled_words: ClassVar[tuple[AcledWords, ...]] = (
        AcledWords(r"suicide\w*", "Explosions/Remote violence", "Suicide bomb", "suicide"),
        AcledWords(r"shell(?:s|ed|ing)?|mortars?|rockets?|artillery|missiles?", "Explosions/Remote violence",
                   "Shelling/artillery/missile attack", "shelling"),
        AcledWords(r"ieds?|car bombs?|roadside bombs?|explosives?|(?:land)?mines?|bomb(?:s|ed|ings?)?"
                   r"|blasts?|explosions?", "Explosions/Remote violence", "Remote explosive/landmine/IED",
                   "explosive"),
        AcledWords(r"kidnap\w*|abduct\w*", "Violence against civilians", "Abduction/forced disappearance",
                   "abduction"),
        AcledWords(r"massacre[sd]?|execut\w*|assassinat\w*|beheaded|civilians?", "Violence against civilians",
                   "Attack", "civilians"),
        AcledWords(r"raids?|raided|gunmen|gunfire|ambush\w*", "Battles", "Armed clash", "armed"),
    )  # fmt: skip
    synonyms: ClassVar[tuple[str, ...]] = (
        "attacks", "bombing", "bombings", "car bomb", "car bombs", "suicide bombing", "suicide bombings",
        "ied", "ieds", "shelling", "massacre", "massacres", "execution", "executions", "assassination",
        "assassinations", "raid", "raids",
    )  # fmt: skip
    place_verbs: ClassVar[tuple[str, ...]] = ("attack", "attacked", "attacking", "bomb", "bombed",
                                              "shell", "shelled", "raid", "raided")  # fmt: skip
    style: ClassVar[tuple[str, str]] = ("#7b3294", "cross")
    has_counts: ClassVar[bool] = True
    claimable: ClassVar[bool] = True


class Airstrike(DomainEvent):
    """A strike by aircraft or drones."""

    type_name: ClassVar[str] = "Airstrike"
    kind: ClassVar[str] = "airstrike"
    label: ClassVar[str] = "Airstrike"
    headline: ClassVar[Headline] = Headline("{actor} airstrike on {place}", "Airstrike on {place}")
    acled: ClassVar[tuple[str, str | None]] = ("Explosions/Remote violence", "Air/drone strike")
    synonyms: ClassVar[tuple[str, ...]] = (
        "airstrikes", "air strike", "air strikes", "air raid", "air raids", "strike", "strikes",
        "drone strike", "drone strikes", "bombing raid", "bombing raids",
    )  # fmt: skip
    style: ClassVar[tuple[str, str]] = ("#2b6cb0", "triDown")
    has_counts: ClassVar[bool] = True


class Clash(DomainEvent):
    """Armed fighting between parties, where no capture and no start of an offensive is stated."""

    type_name: ClassVar[str] = "Clash"
    kind: ClassVar[str] = "clash"
    label: ClassVar[str] = "Clash"
    headline: ClassVar[Headline] = Headline("Clashes between {actor} and {target} in {place}",
                                            "Clashes in {place}")
    acled: ClassVar[tuple[str, str | None]] = ("Battles", "Armed clash")
    synonyms: ClassVar[tuple[str, ...]] = (
        "clashes", "fighting", "battle", "battles", "firefight", "firefights", "skirmish", "skirmishes",
    )  # fmt: skip
    style: ClassVar[tuple[str, str]] = ("#b7860b", "diamond")
    two_party: ClassVar[bool] = True
    has_counts: ClassVar[bool] = True


class Withdrawal(DomainEvent):
    """Forces retreat, flee, abandon or pull out of a place."""

    type_name: ClassVar[str] = "Withdrawal"
    kind: ClassVar[str] = "withdrawal"
    core: ClassVar[bool] = False
    label: ClassVar[str] = "Withdrawal"
    acled: ClassVar[tuple[str, str | None]] = ("Strategic developments", "Non-violent transfer of territory")
    headline: ClassVar[Headline] = Headline("{actor} withdrew from {place}", "Withdrawal from {place}")
    synonyms: ClassVar[tuple[str, ...]] = ("withdrawals", "retreat", "retreats", "pullout", "pull-out",
                                           "pullouts")  # fmt: skip
    place_verbs: ClassVar[tuple[str, ...]] = ("abandon", "abandons", "abandoned", "evacuate", "evacuated")
    style: ClassVar[tuple[str, str]] = ("#2f8f8a", "triLeft")
    control: ClassVar[Literal["gain", "loss"] | None] = "loss"


class Deployment(DomainEvent):
    """Forces are sent to or deployed in a place."""

    type_name: ClassVar[str] = "Deployment"
    kind: ClassVar[str] = "deployment"
    core: ClassVar[bool] = False
    label: ClassVar[str] = "Deployment"
    acled: ClassVar[tuple[str, str | None]] = ("Strategic developments", "Change to group/activity")
    headline: ClassVar[Headline] = Headline("{actor} deployed to {place}", "Deployment to {place}")
    synonyms: ClassVar[tuple[str, ...]] = ("deployments", "reinforcement", "reinforcements")
    style: ClassVar[tuple[str, str]] = ("#1f3a5f", "triUp")


class Displacement(DomainEvent):
    """Civilians flee or are driven from a place."""

    type_name: ClassVar[str] = "Displacement"
    kind: ClassVar[str] = "displacement"
    core: ClassVar[bool] = False
    label: ClassVar[str] = "Displacement"
    acled: ClassVar[tuple[str, str | None]] = ("Strategic developments", "Other")
    acled_unnamed_actor: ClassVar[tuple[str, int]] = ("Civilians", 7)  # those displaced
    headline: ClassVar[Headline] = Headline("Civilians displaced from {place}",
                                            "Civilians displaced from {place}")
    synonyms: ClassVar[tuple[str, ...]] = ("displacements", "displaced", "refugees", "exodus",
                                           "flight of civilians")  # fmt: skip
    style: ClassVar[tuple[str, str]] = ("#c2417f", "plus")


class Visit(DomainEvent):
    """An official visit or meeting of leaders or officials."""

    type_name: ClassVar[str] = "Visit"
    kind: ClassVar[str] = "visit"
    core: ClassVar[bool] = False
    label: ClassVar[str] = "Visit"
    acled: ClassVar[tuple[str, str | None]] = ("Strategic developments", "Other")
    headline: ClassVar[Headline] = Headline("{actor} visited {place}", "Official visit to {place}")
    synonyms: ClassVar[tuple[str, ...]] = ("visits", "meeting", "meetings", "official visit",
                                           "official visits")  # fmt: skip
    place_verbs: ClassVar[tuple[str, ...]] = ("visit", "visited", "visiting")
    style: ClassVar[tuple[str, str]] = ("#8c6a4f", "circle")


class Appointment(DomainEvent):
    """A person takes up an official or command post."""

    type_name: ClassVar[str] = "Appointment"
    kind: ClassVar[str] = "appointment"
    core: ClassVar[bool] = False
    label: ClassVar[str] = "Appointment"
    acled: ClassVar[tuple[str, str | None]] = ("Strategic developments", "Change to group/activity")
    headline: ClassVar[Headline] = Headline("{actor} appointed", "Appointment")
    synonyms: ClassVar[tuple[str, ...]] = ("appointments", "appointed", "nomination", "nominations")
    style: ClassVar[tuple[str, str]] = ("#5f6b7a", "star")


# Every type defined above, in definition order: a new class is picked up without being listed.
DOMAIN_EVENT_TYPES: tuple[type[DomainEvent], ...] = tuple(c for c in DomainEvent.__subclasses__() if c.kind)
BY_KIND: dict[str, type[DomainEvent]] = {c.kind: c for c in DOMAIN_EVENT_TYPES}


class CurationEvent(Event):
    """Base of the events a curator (or a re-extraction) appends: each records who made it (`by`: the API
    key's id and name, or the CLI's local operator; None for events stored before that was recorded).
    When is the log's own `recorded_at`."""

    by: Author | None = None


class EventRetracted(CurationEvent):
    """A curator withdraws a domain event: it leaves every projection."""

    type_name: ClassVar[str] = "EventRetracted"
    target_event_id: str
    reason: str


class EventCorrected(CurationEvent):
    """A curator changes fields of a domain event (`changes` maps field name -> new value)."""

    type_name: ClassVar[str] = "EventCorrected"
    target_event_id: str
    changes: dict[str, Any]
    reason: str


class ReportReextracted(CurationEvent):
    """The report was extracted again: its earlier domain events are superseded by the ones appended
    after this event in the same stream."""

    type_name: ClassVar[str] = "ReportReextracted"
    report_id: str
    extractor_version: str
    at: datetime | None = None


class IncidentSplit(CurationEvent):
    """A curator says an event is not the same happening as the others it was merged with: it leaves
    its incident and is never merged automatically again (the incidents projection records it)."""

    type_name: ClassVar[str] = "IncidentSplit"
    target_event_id: str
    reason: str


CURATION_EVENT_TYPES: tuple[type[CurationEvent], ...] = (
    EventRetracted,
    EventCorrected,
    ReportReextracted,
    IncidentSplit,
)
ALL_EVENT_TYPES: tuple[type[Event], ...] = (ReportReceived, *DOMAIN_EVENT_TYPES, *CURATION_EVENT_TYPES)
BY_TYPE_NAME: dict[str, type[Event]] = {c.type_name: c for c in ALL_EVENT_TYPES}


_REPORT_STREAM = "report-"


def report_stream(report_id: str) -> str:
    return f"{_REPORT_STREAM}{report_id}"


def is_report_stream(stream_id: str) -> bool:
    return stream_id.startswith(_REPORT_STREAM)
