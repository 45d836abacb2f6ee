"""A plain-English question ("towns captured by ISIS in Salahuddin in June 2014") -> place, window,
types and actor, using the gazetteer, the date patterns and the type/actor vocabularies."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from timeline.domain.actors import ActorVocabulary
from timeline.query.vocabulary import type_synonyms
from timeline.query.windows import MONTHS, BadWindow, parse_window

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# Longest forms first so "13 June 2014" is not read as "June 2014".
_DATE_PHRASES = [
    r"\d{4}-\d{1,2}-\d{1,2}",
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH})\.?,?\s+\d{{4}}",
    rf"(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,\s+\d{{4}}",
    rf"(?:{_MONTH})\.?,?\s+\d{{4}}",
    r"\d{4}-\d{1,2}",
    r"(?<!\d)\d{4}(?!\d)",
]
_DATE = re.compile("|".join(f"(?:{p})" for p in _DATE_PHRASES), re.I)
_RANGE = re.compile(
    rf"\b(?:between|from)\s+(?P<a>{_DATE.pattern})\s+(?:and|to|until|-)\s+(?P<b>{_DATE.pattern})", re.I
)
_PLACE_AFTER = re.compile(r"\b(?:in|at|around|near|inside|across)\s+", re.I)
_BY = re.compile(r"\bby\s+(?:the\s+)?(?P<rest>.+)", re.I)
_STOP = re.compile(
    r"\s+(?:in|at|on|during|since|between|from|by|near|around|and|with|of|for)\s+|[,?.!;]", re.I
)
_PLACE_SUFFIX = re.compile(r"\s+(?:province|governorate|region|district|city|town)$", re.I)
_FILLER = {"the", "a", "an", "what", "happened", "which", "were", "was", "show", "me", "list", "all"}


@dataclass(frozen=True)
class ParsedQuestion:
    place: Any  # PlaceScope | None
    start: date | None
    end: date | None
    kinds: tuple[str, ...]
    actor: str | None
    leftover: str  # words not understood, echoed so a user can see what was ignored


def _find_window(text: str) -> tuple[date | None, date | None, str]:
    if m := _RANGE.search(text):
        a, b = parse_window(m["a"]), parse_window(m["b"])
        return a[0], b[1], text[: m.start()] + " " + text[m.end():]
    for m in _DATE.finditer(text):
        try:
            start, end = parse_window(m.group(0))
        except BadWindow:
            continue
        rest = text[: m.start()] + " " + text[m.end():]
        before = text[: m.start()].rstrip().lower()
        if before.endswith("since"):
            return start, None, rest
        if before.endswith("before") or before.endswith("until"):
            return None, end, rest
        return start, end, rest
    return None, None, text


def _find_kinds(text: str) -> tuple[tuple[str, ...], str]:
    folded = " " + " ".join(text.lower().replace("-", " ").split()) + " "
    kinds: list[str] = []
    for phrase in sorted(type_synonyms(), key=len, reverse=True):
        needle = f" {phrase} "
        if needle in folded:
            kinds.append(type_synonyms()[phrase])
            folded = folded.replace(needle, " ")
    return tuple(dict.fromkeys(kinds)), folded


def _find_actor(text: str, actors: ActorVocabulary) -> str | None:
    if m := _BY.search(text):
        phrase = _STOP.split(m["rest"], maxsplit=1)[0].strip()
        if phrase:
            return actors.canonical(phrase)
    # A known alias written as a word of the question (case-sensitive for short ones: "IS" is not "is").
    for alias, canonical in actors.aliases().items():
        original = [w for w in re.findall(r"[\w.'-]+", text) if w.casefold() == alias]
        if original and (len(alias) > 3 or any(w.isupper() for w in original)):
            return canonical
    return None


def _find_place(
    text: str, gazetteer: Any, actor: str | None, actors: ActorVocabulary
) -> tuple[Any, str | None]:
    from timeline.query.filters import PlaceNotFound, resolve_place

    tried: str | None = None
    for m in _PLACE_AFTER.finditer(text):
        phrase = _STOP.split(text[m.end():], maxsplit=1)[0].strip()
        words = [w for w in phrase.split() if w.lower() not in _FILLER]
        if not words:
            continue
        if not any(w[:1].isupper() for w in words):
            # Lower-case words ("in diyala") are tried, but never reported as an unknown place.
            # Only areas and curated places: "in the north" must not become North, South Carolina.
            try:
                scope = resolve_place(_PLACE_SUFFIX.sub("", " ".join(words)), gazetteer)
            except PlaceNotFound:
                continue
            if scope.level != "locality" or scope.id.startswith("sup:"):
                return scope, None
            continue
        candidate = _PLACE_SUFFIX.sub("", " ".join(words))
        if actor and actors.canonical(candidate) == actor:
            continue
        tried = tried or candidate
        try:
            return resolve_place(candidate, gazetteer), None
        except PlaceNotFound:
            continue
    return None, tried


def parse_question(question: str, gazetteer: Any, actors: ActorVocabulary) -> ParsedQuestion:
    """Raises PlaceNotFound (with suggestions) when the question names a place the gazetteer lacks."""
    from timeline.query.filters import PlaceNotFound, _entry_json

    start, end, rest = _find_window(question)
    actor = _find_actor(rest, actors)
    place, unknown = _find_place(rest, gazetteer, actor, actors)
    if place is None and unknown:
        raise PlaceNotFound(unknown, [_entry_json(e) for e in gazetteer.suggest(unknown, limit=5)])
    kinds, leftover = _find_kinds(rest)
    return ParsedQuestion(place=place, start=start, end=end, kinds=kinds, actor=actor,
                          leftover=" ".join(leftover.split()))
