"""The filter a caller gives /timeline, /incidents, /export (`TimelineFilter`), and its resolution
against the gazetteer and vocabularies into a `ResolvedFilter` the SQL layer can apply."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from timeline.domain.actors import ActorVocabulary
from timeline.query.vocabulary import resolve_type
from timeline.query.windows import BadWindow, parse_window, precisions_at_or_finer

_GAZETTEER_ID = re.compile(r"^[a-z0-9]+:[\w.\-]+$", re.I)


class BadFilter(ValueError):
    """A filter value that cannot be understood (HTTP 422 / CLI exit 2)."""


class PlaceNotFound(LookupError):
    """No gazetteer entry by that name or id; carries close matches for a "did you mean"."""

    def __init__(self, name: str, suggestions: list[dict[str, Any]]) -> None:
        hint = f"; did you mean: {', '.join(s['name'] for s in suggestions)}" if suggestions else ""
        super().__init__(f"unknown place {name!r}{hint}")
        self.name = name
        self.suggestions = suggestions


class GazetteerLike(Protocol):
    def get(self, entry_id: str) -> Any: ...
    def lookup(self, name: str) -> list[Any]: ...
    def suggest(self, name: str, limit: int = 5) -> list[Any]: ...
    def search(self, prefix: str, limit: int = 10) -> list[Any]: ...


class TimelineFilter(BaseModel):
    """Raw filter values as a caller gives them (strings, as typed)."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    place: str | None = None
    date_from: str | None = Field(default=None, alias="from")
    date_to: str | None = Field(default=None, alias="to")
    precision: str | None = None
    types: tuple[str, ...] = ()
    actor: str | None = None
    source: str | None = None
    min_sources: int | None = Field(default=None, ge=1)
    as_reported_by: str | None = None
    as_of: str | None = None
    q: str | None = None

    def echo(self) -> dict[str, Any]:
        """The filters as given, for export metadata (non-empty only)."""
        return {k: v for k, v in self.model_dump(by_alias=True).items() if v not in (None, (), [])}


@dataclass(frozen=True)
class PlaceScope:
    """A gazetteer entry and how rows inside it are matched."""

    id: str
    name: str
    level: str
    admin1: str | None
    country: str | None

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "level": self.level, "admin1": self.admin1,
                "country": self.country}


@dataclass(frozen=True)
class ResolvedFilter:
    place: PlaceScope | None = None
    start: date | None = None
    end: date | None = None
    precisions: tuple[str, ...] | None = None
    kinds: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()  # every spelling of the one actor asked for
    actor_label: str | None = None
    source: str | None = None
    min_sources: int | None = None
    reported_by: date | None = None
    as_of_position: int | None = None
    report_id: str | None = None  # one report's entries (GET /reports/{id})
    understood: str = ""
    question: dict[str, Any] | None = None  # what `q=` was read as, word by word (ParsedQuestion.echo)
    extra: dict[str, Any] = field(default_factory=dict)

    def query_json(self) -> dict[str, Any]:
        return {
            "place": self.place.as_json() if self.place else None,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "types": list(self.kinds),
            "actors": [self.actor_label] if self.actor_label else [],
            "understood": self.understood,
            "question": self.question,
        }


def _entry_json(entry: Any) -> dict[str, Any]:
    return {"id": entry.id, "name": entry.name, "level": entry.level, "admin1": entry.admin1,
            "country": entry.country}


def resolve_place(name: str, gazetteer: GazetteerLike) -> PlaceScope:
    """A place by gazetteer id or by any name/alias the gazetteer knows; else PlaceNotFound."""
    text = name.strip()
    entry = gazetteer.get(text) if _GAZETTEER_ID.match(text) else None
    if entry is None:
        found = gazetteer.lookup(text)
        entry = found[0] if found else None
    if entry is None:
        raise PlaceNotFound(text, [_entry_json(e) for e in gazetteer.suggest(text, limit=5)])
    admin1 = entry.name if entry.level == "admin1" and not entry.admin1 else entry.admin1
    return PlaceScope(id=entry.id, name=entry.name, level=entry.level, admin1=admin1, country=entry.country)


def parse_types(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    kinds: list[str] = []
    for value in values:
        for part in value.split(","):
            if not part.strip():
                continue
            kind = resolve_type(part)
            if kind is None:
                raise BadFilter(f"unknown event type {part.strip()!r}; see GET /types")
            kinds.append(kind)
    return tuple(dict.fromkeys(kinds))


def _window(value: str | None, name: str) -> tuple[date, date] | None:
    if value is None or not value.strip():
        return None
    try:
        return parse_window(value)
    except BadWindow as exc:
        raise BadFilter(f"{name}: {exc}") from None


def parse_as_of(value: str) -> int | datetime:
    """A store position (digits) or an ISO time (UTC assumed when no offset is given)."""
    text = value.strip()
    if text.isdecimal():  # what int() reads: "²" is a digit, not a decimal
        return int(text)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise BadFilter(f"as_of: {value!r} is neither a store position nor an ISO time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def resolve(flt: TimelineFilter, gazetteer: GazetteerLike, actors: ActorVocabulary,
            position_at: Any = None) -> ResolvedFilter:
    """Resolve names, windows and vocabularies. `q` (a question) fills in whatever the explicit
    parameters leave empty. `position_at(datetime) -> int` maps an as_of time to a store position."""
    from timeline.query.parse_question import parse_question  # the parser uses this module's helpers

    asked = parse_question(flt.q, gazetteer, actors) if flt.q and flt.q.strip() else None
    place = resolve_place(flt.place, gazetteer) if flt.place else (asked.place if asked else None)
    start_window = _window(flt.date_from, "from")
    end_window = _window(flt.date_to, "to")
    start = start_window[0] if start_window else (asked.start if asked else None)
    end = end_window[1] if end_window else (asked.end if asked else None)
    if start and end and end < start:
        raise BadFilter(f"to ({end}) is before from ({start})")
    try:
        precisions = precisions_at_or_finer(flt.precision) if flt.precision else None
    except BadWindow as exc:
        raise BadFilter(str(exc)) from None
    kinds = parse_types(flt.types) or (asked.kinds if asked else ())
    actor = flt.actor.strip() if flt.actor and flt.actor.strip() else (asked.actor if asked else None)
    reported = _window(flt.as_reported_by, "as_reported_by")
    as_of_position = None
    if flt.as_of and flt.as_of.strip():
        moment = parse_as_of(flt.as_of)
        as_of_position = moment if isinstance(moment, int) else (position_at(moment) if position_at else None)
        if as_of_position is None:
            raise BadFilter("as_of by time needs a store")
    resolved = ResolvedFilter(
        place=place, start=start, end=end, precisions=precisions, kinds=kinds,
        actors=tuple(actors.spellings(actor)) if actor else (), actor_label=actor,
        source=flt.source.strip() if flt.source and flt.source.strip() else None,
        min_sources=flt.min_sources, reported_by=reported[1] if reported else None,
        as_of_position=as_of_position, question=asked.echo() if asked else None,
    )
    from timeline.query.describe import describe

    return ResolvedFilter(**{**resolved.__dict__, "understood": describe(resolved)})

