"""Response models of the query routes (/timeline, /incidents, /places, /control, /actors, /types,
/stats): the HTTP shape of a timeline entry the widget and other clients read."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api import examples as E


class ErrorOut(BaseModel):
    """Every error body: one line saying what is wrong."""

    model_config = ConfigDict(json_schema_extra=E.examples(E.ERROR))

    detail: str


class DateOut(BaseModel):
    start: str | None
    end: str | None
    precision: str
    phrase: str | None


class PlaceOut(BaseModel):
    name: str | None
    locality: str | None
    admin1: str | None
    country: str | None
    gazetteer_id: str | None
    spelling: str | None = None  # the report's own spelling; `name` and `admin1` are display names
    lat: float | None
    lon: float | None
    precision: str


class EvidenceOut(BaseModel):
    text: str
    start: int
    end: int


class SourceOut(BaseModel):
    report_id: str
    event_id: str
    outlet: str | None
    url: str | None
    title: str | None
    published: str | None
    evidence: EvidenceOut


class CountOut(BaseModel):
    low: int | None
    high: int | None


class EntryBase(BaseModel):
    id: str
    type: str
    label: str
    headline: str
    date: DateOut
    place: PlaceOut | None
    actors: list[str]
    fatalities: CountOut | None
    confidence: float
    position: int
    sources: list[SourceOut]


class Entry(EntryBase):
    contradictions: list[EntryBase] = []
    # on a page: how many contradict in all (`contradictions` holds the first few); absent elsewhere
    contradictions_total: int | None = None


class PlaceRef(BaseModel):
    id: str
    name: str
    level: str
    admin1: str | None
    country: str | None


class QuestionPlace(PlaceRef):
    words: str  # the question's words read as the place


class QuestionTime(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    words: str
    date_from: str | None = Field(alias="from")
    date_to: str | None = Field(alias="to")


class QuestionTypes(BaseModel):
    words: list[str]
    kinds: list[str]


class QuestionActors(BaseModel):
    words: list[str]
    names: list[str]  # every actor named; the filter keeps the first


class QuestionEcho(BaseModel):
    """How `q=` was read: what each part was found from, and the words left over."""

    place: QuestionPlace | None
    time: QuestionTime | None
    types: QuestionTypes | None
    actors: QuestionActors | None
    leftover: list[str]


class QueryEcho(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    place: PlaceRef | None
    date_from: str | None = Field(alias="from")
    date_to: str | None = Field(alias="to")
    types: list[str]
    actors: list[str]
    understood: str
    question: QuestionEcho | None = None  # present when the request had `q=`


class TimelinePage(BaseModel):
    model_config = ConfigDict(json_schema_extra=E.examples(E.TIMELINE_PAGE))

    total: int
    next_cursor: str | None
    query: QueryEcho
    items: list[Entry]


class MergeOut(BaseModel):
    event_id: str
    rule: str
    merged_with: str | None


class IncidentOut(BaseModel):
    id: str
    type: str
    label: str
    date: DateOut
    corroboration: int = Field(description="independent outlets that report it")
    report_count: int
    event_count: int
    entry: Entry = Field(description="the most precise report of it, with every source")
    merges: list[MergeOut]
    contradicted: bool


class IncidentsPage(BaseModel):
    model_config = ConfigDict(json_schema_extra=E.examples(E.INCIDENTS_PAGE))

    total: int
    next_cursor: str | None
    query: QueryEcho
    items: list[IncidentOut]


class PlaceCount(BaseModel):
    model_config = ConfigDict(json_schema_extra=E.examples(E.PLACE_COUNT))

    id: str
    name: str
    level: str
    admin1: str | None
    country: str | None
    event_count: int


class PlaceNotFoundOut(ErrorOut):
    """The one error shape, with close matches for a "did you mean"."""

    model_config = ConfigDict(json_schema_extra=E.examples(E.PLACE_NOT_FOUND))

    suggestions: list[PlaceRef]


class ControlPeriodOut(BaseModel):
    controller: str
    start: str | None = Field(alias="from")
    end: str | None = Field(alias="to")
    inferred: bool
    disputed: bool
    sources: list[SourceOut]

    model_config = ConfigDict(populate_by_name=True)


class PlaceControl(BaseModel):
    model_config = ConfigDict(json_schema_extra=E.examples(E.PLACE_CONTROL))

    place: PlaceOut
    periods: list[ControlPeriodOut]


class ControlOn(BaseModel):
    model_config = ConfigDict(json_schema_extra=E.examples(E.CONTROL_ON))

    place: PlaceRef
    on: str
    localities: list[PlaceControl]


class ActorOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=E.examples(E.ACTOR))

    name: str
    event_count: int
    aliases: list[str]


class AcledOut(BaseModel):
    event_type: str
    sub_event_type: str


class TypeStyleOut(BaseModel):
    color: str = Field(description="CSS colour of the type's markers")
    shape: str = Field(description="marker shape (the widget draws: circle, square, diamond, triUp, ...)")


class TypeFlagsOut(BaseModel):
    may_have_no_place: bool
    two_party: bool
    has_counts: bool
    claimable: bool = Field(description="with no actor named, whoever claimed responsibility is its actor")
    exclusive: bool = Field(description="two parties cannot both have done it at one place on one day")
    control: Literal["gain", "loss"] | None = Field(description="what it says about who holds the place")


class TypeOut(BaseModel):
    """One event type, as its class in timeline/domain/events.py defines it."""

    model_config = ConfigDict(json_schema_extra=E.examples(E.TYPE))

    type: str
    label: str
    definition: str
    core: bool
    synonyms: list[str]
    acled: AcledOut
    style: TypeStyleOut
    flags: TypeFlagsOut


class Bucket(BaseModel):
    key: str | None
    count: int


class StatsOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=E.examples(E.STATS))

    total: int
    by_type: list[Bucket]
    by_month: list[Bucket]
    by_admin1: list[Bucket]
