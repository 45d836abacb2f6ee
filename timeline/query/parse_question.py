"""A plain-English question ("who captured Mosul", "Mosul 2014", "airstrikes in Raqqa last year", "retake
Hit") -> place, window, types and actors, in any order, with the words each came from and the words left
over (echoed so a user sees why results came back).

The question is read in passes, each taking the words it understands out of the text (offsets kept, taken
words blanked with `|`, which also ends a phrase): the time (dates, ranges, "last year" against a clock
passed in), places in grammar slots (after "in"/"near"/"at" or a type's place verb such as "retake"),
actors (the actor vocabulary), types (each type's own words, timeline/domain/events.py), then capitalised
place names anywhere. A short place name that is also an English word ("Hit") is a place only in a slot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from timeline.domain.actors import ActorVocabulary
from timeline.domain.events import DOMAIN_EVENT_TYPES
from timeline.gazetteer.folding import fold
from timeline.gazetteer.regions import CONFLICT_ZONES, FOCUS
from timeline.gazetteer.vocabulary import common_words, demonyms, not_place_keys
from timeline.query.vocabulary import type_synonyms
from timeline.query.windows import MONTHS, BadWindow, parse_window

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# Any four digits standing alone are a year, as in `from`/`to`: "Diyala 0001" asks about year 1 (and finds
# nothing), it does not drop the year and answer about Diyala at any time.
_YEAR = r"(?<!\d)\d{4}(?!\d)"
# Longest forms first so "13 June 2014" is not read as "June 2014".
_DATE = "|".join(f"(?:{p})" for p in (
    r"\d{4}-\d{1,2}-\d{1,2}",
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH})\.?,?\s+\d{{4}}",
    rf"(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,\s+\d{{4}}",
    rf"(?:{_MONTH})\.?,?\s+\d{{4}}",
    r"\d{4}-(?:0?[1-9]|1[0-2])(?!\d)",
    _YEAR,
))  # fmt: skip
_B = r"(?<![\w-])"  # a word starts here
_E = r"(?![\w-])"  # a word ends here
_RANGE = re.compile(
    rf"{_B}(?:(?:between|from)\s+)?(?P<a>{_DATE})\s*(?:\band\b|\bto\b|\buntil\b|\bthrough\b|-|–)\s*"
    rf"(?P<b>{_DATE}){_E}",
    re.I,
)
_ONE_DATE = re.compile(rf"{_B}(?:(?P<how>in|during|on|since|from|until|till|before|after|by)\s+)?"
                       rf"(?P<d>{_DATE}){_E}", re.I)  # fmt: skip
_RELATIVE = re.compile(
    rf"{_B}(?:(?:in|during)\s+)?(?P<which>last|this|past|previous)\s+(?P<unit>year|month){_E}", re.I
)
# Words after which a place is named; "of" only softly (an unknown name after it is no error).
_HARD_SLOTS = ("in", "at", "near", "around", "inside", "across", "outside")
_SOFT_SLOTS = ("of",)
# Words that end a place phrase.
_STOPS = frozenset({
    "in", "at", "on", "during", "since", "between", "from", "by", "near", "around", "and", "or", "with", "of",
    "for", "to", "after", "before", "until", "when", "where", "who", "did", "was", "were", "is", "are",
    "last", "this",
})  # fmt: skip
# Words a question is made of that say nothing to filter on (dropped from the leftover).
_FILLER = frozenset({
    "the", "a", "an", "what", "who", "when", "where", "which", "how", "did", "does", "do", "done", "was",
    "were", "is", "are", "has", "have", "had", "happened", "happen", "happening", "show", "me", "list",
    "all", "any", "there", "events", "event", "of", "and", "or", "in", "at", "on", "near", "during",
    "since", "between", "from", "to", "by", "for", "with", "around", "inside", "across", "outside", "it",
})  # fmt: skip
_PLACE_SUFFIX = re.compile(r"\s+(?:province|governorate|region|district|city|town|area)$", re.I)
# "the army" in a question about a place is that place's country's army ("Iraqi army").
_FORCE_WORDS = ("army", "military", "forces", "troops", "government", "police", "air force")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*[\w.]|[^\W\d_]", re.U)


@dataclass(frozen=True)
class ParsedQuestion:
    place: Any  # PlaceScope | None
    start: date | None
    end: date | None
    kinds: tuple[str, ...]
    actor: str | None  # the first actor named: the one the filter keeps
    leftover: str  # words not understood, echoed so a user can see what was ignored
    actors: tuple[str, ...] = ()  # every actor named, in order ("between the Peshmerga and ISIS")
    words: dict[str, list[str]] = field(default_factory=dict)  # place/time/type/actor -> words read as it

    def echo(self) -> dict[str, Any]:
        """What the question was understood to say, and from which of its words."""
        return {
            "place": {"words": " ".join(self.words.get("place", [])), **self.place.as_json()}
            if self.place else None,
            "time": {"words": " ".join(self.words.get("time", [])),
                     "from": self.start.isoformat() if self.start else None,
                     "to": self.end.isoformat() if self.end else None} if self.start or self.end else None,
            "types": {"words": self.words.get("type", []), "kinds": list(self.kinds)} if self.kinds else None,
            "actors": {"words": self.words.get("actor", []), "names": list(self.actors)}
            if self.actors else None,
            "leftover": self.leftover.split(),
        }  # fmt: skip


class _Text:
    """The question with the words understood so far blanked out (offsets kept)."""

    def __init__(self, question: str) -> None:
        self.original = question
        self.chars = list(question)
        self.words: dict[str, list[str]] = {}

    def __str__(self) -> str:
        return "".join(self.chars)

    def take(self, start: int, end: int, what: str | None = None, words: str | None = None) -> None:
        if what:
            self.words.setdefault(what, []).append(" ".join((words or self.original[start:end]).split()))
        self.chars[start:end] = "|" * (end - start)


# -- time --------------------------------------------------------------------------------------------------
def _relative(which: str, unit: str, today: date) -> tuple[date, date]:
    if unit.lower() == "year":
        year = today.year - (0 if which.lower() == "this" else 1)
        return date(year, 1, 1), (today if year == today.year else date(year, 12, 31))
    first = today.replace(day=1)
    if which.lower() == "this":
        return first, today
    end = first - timedelta(days=1)
    return end.replace(day=1), end


def _find_window(text: _Text, today: date) -> tuple[date | None, date | None]:
    """One window: a range, a relative year/month, or a date with how it bounds the window."""
    if m := _RANGE.search(str(text)):
        try:
            (start, _), (_, end) = parse_window(m["a"]), parse_window(m["b"])
        except BadWindow:  # a day that does not exist ("30 February 2015"): no range, dates read below
            pass
        else:
            if start <= end:
                text.take(m.start(), m.end(), "time")
                return start, end
    if m := _RELATIVE.search(str(text)):
        text.take(m.start(), m.end(), "time")
        return _relative(m["which"], m["unit"], today)
    for m in _ONE_DATE.finditer(str(text)):
        try:
            start, end = parse_window(m["d"])
        except BadWindow:
            continue
        text.take(m.start(), m.end(), "time")
        how = (m["how"] or "").lower()
        if how in ("since", "from"):
            return start, None
        if how == "after":
            return end + timedelta(days=1), None
        if how in ("until", "till", "by"):
            return None, end
        if how == "before":
            return None, start - timedelta(days=1)
        return start, end
    return None, None


# -- places ------------------------------------------------------------------------------------------------
@cache
def _place_verbs() -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for cls in DOMAIN_EVENT_TYPES for v in cls.place_verbs))


@cache
def _slot_pattern() -> re.Pattern[str]:
    words = sorted((*_HARD_SLOTS, *_SOFT_SLOTS, *_place_verbs()), key=len, reverse=True)
    return re.compile(rf"{_B}(?P<slot>{'|'.join(words)})\s+(?:the\s+)?", re.I)


def _phrase(text: str, at: int) -> list[re.Match[str]]:
    """The words from `at` up to the first stop word, taken word, punctuation or number (at most four)."""
    words: list[re.Match[str]] = []
    for m in _WORD.finditer(text, at):
        gap = text[words[-1].end() if words else at : m.start()]
        if gap.strip() or m.group(0).lower() in _STOPS or len(words) == 4:
            break
        words.append(m)
    return words


def _is_common(words: str) -> bool:
    return all(w.casefold() in common_words() for w in words.split())


def _acceptable(scope: Any, words: str, slot: bool) -> bool:
    """Whether a gazetteer entry found for `words` is what the question means.

    Capitalised in a slot: any entry ("retake Hit"). Lower case in a slot: a name that is not an English
    word, of an area, a curated place or a locality of the wars covered ("in mosul", not "in the north").
    Capitalised outside a slot ("Mosul 2014"): anything whose name is not an English word.
    """
    capitalised = any(w[:1].isupper() for w in words.split())
    if fold(words) in not_place_keys():  # "Kurdish", "Yazidis": peoples, not places
        return False
    if slot and capitalised:
        return True
    if slot:
        if _is_common(words):
            return False
        zones = FOCUS | CONFLICT_ZONES
        return scope.level != "locality" or scope.id.startswith("sup:") or scope.country in zones
    return capitalised and not _is_common(words)


def _try_place(words: list[re.Match[str]], gazetteer: Any, actors: ActorVocabulary, slot: bool) -> Any:
    """The longest leading run of `words` that names a place (an actor's name is not a place here)."""
    from timeline.query.filters import PlaceNotFound, resolve_place

    for n in range(len(words), 0, -1):
        phrase = _PLACE_SUFFIX.sub("", " ".join(w.group(0) for w in words[:n])).strip(" .")
        if not phrase or phrase.lower() in _FILLER or actors.known(phrase):
            continue
        try:
            scope = resolve_place(phrase, gazetteer)
        except PlaceNotFound:
            continue
        if _acceptable(scope, phrase, slot):
            return scope, words[n - 1].end()
    return None, None


def _find_place_in_slots(text: _Text, gazetteer: Any, actors: ActorVocabulary) -> tuple[Any, str | None]:
    """A place after "in"/"near"/a place verb; else the first capitalised unknown name after a hard slot."""
    unknown: str | None = None
    current = str(text)
    for m in _slot_pattern().finditer(current):
        words = _phrase(current, m.end())
        if not words:
            continue
        scope, end = _try_place(words, gazetteer, actors, slot=True)
        if scope is not None:
            verb = m["slot"].lower() in _place_verbs()
            text.take(m.end() if verb else m.start(), end, "place", current[words[0].start() : end])
            return scope, None
        named = _PLACE_SUFFIX.sub("", " ".join(w.group(0) for w in words))
        people = fold(named.split()[0]) in not_place_keys()  # "who attacked Kurdish fighters"
        if (unknown is None and m["slot"].lower() not in _SOFT_SLOTS and named[:1].isupper()
                and not people and not actors.known(named) and not _is_common(named)):  # fmt: skip
            unknown = named
    return None, unknown


def _find_bare_place(text: _Text, gazetteer: Any, actors: ActorVocabulary) -> Any:
    """A capitalised place name anywhere ("Mosul 2014", "when did Mosul fall")."""
    current = str(text)
    for m in _WORD.finditer(current):
        if not m.group(0)[:1].isupper() or m.group(0).lower() in _FILLER:
            continue
        words = _phrase(current, m.start())
        scope, end = _try_place(words, gazetteer, actors, slot=False)
        if scope is not None:
            text.take(m.start(), end, "place")
            return scope
    return None


# -- actors and types --------------------------------------------------------------------------------------
def _alias_pattern(actors: ActorVocabulary) -> re.Pattern[str]:
    aliases = sorted(actors.aliases(), key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(w) for w in a.split()) for a in aliases)
    return re.compile(rf"{_B}(?:the\s+)?(?P<alias>{body}){_E}", re.I)


# The alias pattern of each vocabulary (by fingerprint): one per process in practice, built on first use.
_ALIASES: dict[str, re.Pattern[str]] = {}


def _find_actors(text: _Text, actors: ActorVocabulary) -> list[str]:
    """Every known actor named, in order. Short names count only in capitals ("IS", not "is")."""
    pattern = _ALIASES.get(actors.fingerprint) or _ALIASES.setdefault(
        actors.fingerprint, _alias_pattern(actors)
    )
    found: list[tuple[int, str]] = []
    for m in pattern.finditer(str(text)):
        alias = m["alias"]
        if len(alias) <= 3 and not alias.isupper():
            continue
        found.append((m.start(), actors.aliases()[" ".join(alias.split()).casefold()]))
        # "coalition airstrikes" names the actor and the type: its type words are left for the types pass.
        typed = [t for t in _type_pattern()[0].finditer(m.group(0)) if t.end() == len(m.group(0))]
        text.take(m.start(), m.start() + (typed[0].start() if typed else len(m.group(0))), "actor")
    by = re.search(rf"{_B}by\s+(?:the\s+)?(?=[A-Z])", str(text))
    # An actor the vocabulary lacks, named after "by" in capitals ("attacks by Some Group").
    if not found and by and (words := _phrase(str(text), by.end())):
        text.take(by.end(), words[-1].end(), "actor")
        return [actors.canonical(" ".join(w.group(0) for w in words))]
    return list(dict.fromkeys(name for _, name in sorted(found)))


def _army_of(text: _Text, place: Any, actors: ActorVocabulary) -> str | None:
    """ "The army" in a question about a place: that country's army, when the vocabulary knows it."""
    if place is None or not place.country:
        return None
    adjectives = [form for form, iso in demonyms().items() if iso == place.country]
    for word in _FORCE_WORDS:
        m = re.search(rf"{_B}(?:the\s+)?{word}{_E}", str(text), re.I)
        if not m:
            continue
        for adjective in adjectives:
            if name := actors.known(f"{adjective} {word}"):
                text.take(m.start(), m.end(), "actor")
                return name
    return None


@cache
def _type_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    words = {**type_synonyms(), **{" ".join(v.split()): cls.kind for cls in DOMAIN_EVENT_TYPES
                                    for v in cls.place_verbs}}  # fmt: skip
    body = "|".join(r"[\s-]+".join(re.escape(w) for w in phrase.split())
                    for phrase in sorted(words, key=len, reverse=True))  # fmt: skip
    return re.compile(rf"{_B}(?:{body}){_E}", re.I), words


def _find_kinds(text: _Text) -> tuple[str, ...]:
    pattern, words = _type_pattern()
    kinds: list[str] = []
    for m in pattern.finditer(str(text)):
        kinds.append(words[" ".join(m.group(0).lower().replace("-", " ").split())])
        text.take(m.start(), m.end(), "type")
    return tuple(dict.fromkeys(kinds))


def _leftover(text: _Text) -> str:
    return " ".join(w for w in re.findall(r"[\w'’.-]+", str(text).replace("|", " "))
                    if w.lower().strip(".") not in _FILLER and w.strip("."))  # fmt: skip


def parse_question(
    question: str, gazetteer: Any, actors: ActorVocabulary, today: date | None = None
) -> ParsedQuestion:
    """`today` anchors "last year" (default: today in UTC). Raises PlaceNotFound (with suggestions) when
    the question names, after "in"/"near"/a place verb, a capitalised place the gazetteer lacks."""
    from timeline.query.filters import PlaceNotFound, _entry_json

    text = _Text(question)
    start, end = _find_window(text, today or datetime.now(UTC).date())
    place, unknown = _find_place_in_slots(text, gazetteer, actors)
    named = _find_actors(text, actors)
    kinds = _find_kinds(text)
    if place is None:
        place = _find_bare_place(text, gazetteer, actors)
    if place is None and unknown:
        raise PlaceNotFound(unknown, [_entry_json(e) for e in gazetteer.suggest(unknown, limit=5)])
    if not named and (army := _army_of(text, place, actors)):
        named = [army]
    return ParsedQuestion(
        place=place,
        start=start,
        end=end,
        kinds=kinds,
        actor=named[0] if named else None,
        leftover=_leftover(text),
        actors=tuple(named),
        words=text.words,
    )
