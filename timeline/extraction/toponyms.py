"""Toponym mentions of a report: the gazetteer's, minus actor names, adjectives and distance or direction
references, plus 'the Iraqi capital' and names the gazetteer lacks but the context marks as places."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from timeline.extraction.actors import ActorMention
from timeline.gazetteer import Gazetteer, GazetteerEntry

_NAME = r"(?:(?:al|el|ad|as|ash|at|ar|an|az)-)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}"
_LIST_ITEM = re.compile(rf"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?P<name>{_NAME})\b")
_BEFORE_COUNTRY = re.compile(
    rf"\b(?:in|near|at|of|from|outside)\s+(?P<name>{_NAME}),\s+(?:in\s+)?(?:(?:the\s+)?(?:far\s+)?"
    rf"(?:north|south|east|west|central)\w*\s+(?:part\s+of\s+)?)?$")
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|near|around|outside|inside|at|between)\s+(?:the\s+)?$")
# Capitalised words that start a coordinated name which is not a place ("in Mosul and Prime Minister ...")
_NOT_A_PLACE = re.compile(
    r"(?:President|Prime|Minister|General|Gen|Colonel|Col|Sheikh|King|Emir|Mr|Mrs|Dr|Secretary|The|Islamic|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday)\b")
MAX_GAP = 100  # characters between a trigger (or preposition) and its place; bounds regex work too


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    surface: str
    entry: GazetteerEntry | None
    reference: bool  # "14 miles from X", "southwest of X": orientation, not where something happened
    country_hint: str | None = None  # for a name the gazetteer lacks: the country the report is about

    @property
    def level(self) -> str:
        return self.entry.level if self.entry else "locality"

    @property
    def key(self) -> str:
        return self.entry.id if self.entry else "name:" + re.sub(r"\W+", "", self.surface.lower())


class PlaceFinder:
    """Regexes built from the lexicon's word lists; one per process."""

    def __init__(self, lexicon: dict[str, Any]):
        p = lexicon["places"]
        adj = rf"(?:{p['adjectives']})"
        nouns = rf"(?:{p['place_nouns']})"
        # filler words before a place noun ("the major Iraqi city of"), never a preposition or conjunction
        word = r"(?!(?:in|at|near|on|from|to|into|by|with|for|and|or|but|as|after|while)\b)[\w'’.-]+\s+"
        self.filler = rf"(?:{adj}\s+){{0,3}}(?:(?:{word}){{0,5}}?{nouns}\s+(?:of\s+)?(?:{adj}\s+){{0,2}})?"
        strict = rf"(?:(?:the|nearby|neighbou?ring)\s+)?(?:(?:{word}){{0,5}}?{nouns}\s+of\s+(?:the\s+)?)?"
        self.object = re.compile(rf"^\s+{self.filler}$", re.I)
        self.object_strict = re.compile(rf"^\s+{strict}$", re.I)
        # "launched an offensive (on Monday) to retake the city": the place the operation is for
        self.purpose = re.compile(
            rf"^[\s,]+(?:[\w'’.-]+,?\s+){{0,6}}?(?:to|aimed\s+at|with\s+the\s+aim\s+of|for)\s+(?:(?:retake|recapture|"
            rf"capture|seize|liberate|free|take|reclaim|regain|clear)(?:s|n|d|ing)?|retaking|recapturing|capturing|"
            rf"seizing|liberating|freeing|taking|clearing|(?:driv|push|oust|expel|evict|dislodg)(?:e|ing)?\s+"
            rf"(?:{word}){{0,4}}?(?:out\s+of|from))\s+{self.filler}$",
            re.I)
        # "seized the presidential palace in Aden": a short object, then where it is
        facility = rf"(?:{p['facilities']})(?:s|es)?"
        # "... the citadel and most central districts of Aleppo": two coordinated objects, one place
        self.object_in = re.compile(
            rf"^\s+(?:(?:the|a|an|its|their|his|her|\w+)\s+)?(?:{word}){{0,3}}?{facility}\s+"
            rf"(?:and\s+(?:{word}){{0,4}}?{facility}\s+)?(?:in|near|at|outside|of)\s+{self.filler}$", re.I)
        self.preps = {
            "prep": re.compile(rf"\b(?:{p['locative_preps']})\s+{self.filler}$", re.I),
            "prep_on": re.compile(
                rf"\b(?:on|against|toward|towards|targeting|targeted|into|at)\s+{self.filler}$", re.I),
            "prep_to": re.compile(rf"\b(?:{p['to_preps']})\s+{self.filler}$", re.I),
            "from": re.compile(rf"\b(?:from|out\s+of)\s+{self.filler}$", re.I),
        }
        self.coord = re.compile(
            rf"^\s*(?:(?:province|governorate|region|district|provinces)\b)?\s*(?:(?:in|of)\s+(?:the\s+)?"
            rf"(?:[\w'’-]+\s+){{0,3}}?)?,?\s*(?:and|or|as\s+well\s+as|&)\s+{self.filler}$|^\s*,\s*{self.filler}$",
            re.I,
        )
        self.qualifier = re.compile(
            r"^\s*(?:,\s*)?(?:in\s+)?(?:the\s+)?(?:\w+\s+)?(?:province\s+of\s+)?$", re.I)
        self.part_of = re.compile(
            r"^\s*(?:(?:district|neighbou?rhood|area|suburb|quarter|outskirts)\s+of\s+(?:the\s+)?|"
            r",\s+(?:the\s+)?(?:provincial\s+|regional\s+)?capital\s+of\s+(?:the\s+)?)$", re.I)
        # "X, which fell to ...", "X, the town west of Y that was retaken ...": a relative clause on X
        self.subject_gap = re.compile(
            r"^\s*(?:,[^,;]{0,60}?(?:,\s*|\s+(?=(?:which|that)\s))|,\s*(?=(?:which|that)\s))?(?:(?:which|that)\s+)?"
            r"(?:(?:had|has|have|was|were|is|are|finally|also|now|reportedly|quickly|"
            r"already|then|eventually|itself)\s+)*(?:been\s+)?$",
            re.I,
        )
        # "It fell to ...", "It was retaken ...": the pronoun stands for the last town named
        self.pronoun_subject = re.compile(
            r"^\W*(?:(?:[\w'’-]+\s+){0,4}?[\w'’-]+,\s*)?[Ii]t\s+(?:(?:had|has|was|is|finally|also|now|reportedly|"
            r"quickly|already|then|eventually)\s+)*(?:been\s+)?$")
        self.preposition_before = re.compile(
            r"\b(?:in|of|at|near|from|to|into|around|outside|inside|by|with)\s+(?:the\s+)?$", re.I)
        self.reference = re.compile(p["reference_before"], re.I)
        self.demonym = re.compile(rf"(?:{p['demonyms']})", re.I)
        # "the town('s)", "the district", "the mountain", "the province": the last such place named
        self.anaphoric_np = re.compile(
            r"\bthe\s+(?P<noun>city|town|village|district|mountains?|province|governorate)\b"
            r"(?!\s+of\b|\s+(?:council|hall|centre|center|authorities|governor|chief)\b)", re.I)
        self.sentence_in = re.compile(
            rf"^\W*(?:In|At|Near|Outside|Inside)\s+(?:{self.filler})?[A-Z][^,;]{{1,40}}?,", re.I)
        self.modifier_gap = re.compile(rf"^\s+(?:{word}){{0,2}}?{nouns}\s+of\s+(?:the\s+)?$", re.I)
        self.refine_gap = re.compile(rf"^(?:'s|’s)?\s+(?:{adj}\s+){{0,2}}$", re.I)
        demonyms = lexicon.get("capitals", {}).get("demonyms", {})
        self.capitals = demonyms
        self.country_capitals = lexicon.get("capitals", {}).get("by_country", {})
        self.capital = re.compile(
            r"\bthe\s+(?:(" + "|".join(map(re.escape, demonyms)) + r")\s+)?capital\b"
            r"(?!\s+of\b|\s*,?\s*[A-Z])",
            re.I)
        self.cues = [(re.compile(c["keywords"], re.I), re.compile(c["pattern"]))
                     for c in p.get("toponym_cues", [])]

    def mentions(
        self, gaz: Gazetteer, text: str, body: tuple[tuple[int, int], ...], actors: list[ActorMention]
    ) -> list[PlaceMention]:
        """Resolved toponym mentions inside the body spans, not inside an actor's name."""
        if not body:
            return []
        # Only the stretch holding the body is searched (reader comments usually trail it).
        lo, hi = body[0][0], body[-1][1]
        found = [replace(m, start=m.start + lo, end=m.end + lo) for m in gaz.find_mentions(text[lo:hi])]
        entries = gaz.resolve(found, text)
        taken = bytearray(len(text) + 1)  # 1 where an actor's name is written
        for a in actors:
            taken[a.start : a.end] = b"\x01" * (a.end - a.start)
        out: list[PlaceMention] = []
        for mention, entry in zip(found, entries, strict=True):
            if not any(b_lo <= mention.start and mention.end <= b_hi for b_lo, b_hi in body):
                continue
            if taken[mention.start] or taken[mention.end - 1]:
                continue
            if self.demonym.fullmatch(mention.surface):  # "Syrian territory": an adjective, not a place
                continue
            ref = bool(self.reference.search(text[max(0, mention.start - 60) : mention.start]))
            out.append(PlaceMention(mention.start, mention.end, mention.surface, entry, ref))
        country = main_country(out)

        def in_body(at: int) -> bool:
            return any(b_lo <= at < b_hi for b_lo, b_hi in body)

        for m in self.capital.finditer(text, lo, hi):
            if not in_body(m.start()) or taken[m.start()]:
                continue
            demonym = m.group(1)
            capital = self.capitals[demonym.lower()] if demonym else self.country_capitals.get(country or "")
            hits = [e for e in gaz.lookup(capital) if e.level == "locality"] if capital else []
            span = (m.start(1), m.end()) if m.group(1) else (m.start(), m.end())
            if hits and not any(pm.start < span[1] and span[0] < pm.end for pm in out):
                out.append(PlaceMention(span[0], span[1], text[span[0] : span[1]], hits[0], False))
        found_names: list[tuple[int, int, str | None]] = []  # names the gazetteer lacks, by their context
        for keyword, cue in self.cues:
            keyword_at = [k.start() for k in keyword.finditer(text, lo, hi)]
            windows = [(max(lo, at - 80), min(hi, at + 80)) for at in keyword_at]
            matches = {m.span(): m for w_lo, w_hi in windows for m in cue.finditer(text, w_lo, w_hi)}
            for _, m in sorted(matches.items()):
                found_names.append((*m.span("name"), country))
                at = m.end("name")  # "the towns of Irpin, Bucha and Hostomel"
                while (more := _LIST_ITEM.match(text, at, hi)) is not None:
                    found_names.append((*more.span("name"), country))
                    at = more.end("name")
        for place in [m for m in out if m.level == "locality" and not m.reference]:
            # "around Bulbul and Rajo": a name coordinated with a place after a locative preposition
            if not _LOCATIVE_BEFORE.search(text, max(lo, place.start - 40), place.start):
                continue
            if (more := _LIST_ITEM.match(text, place.end, hi)) and not _NOT_A_PLACE.match(more["name"]):
                found_names.append((*more.span("name"), place.entry.country if place.entry else country))
        for place in [m for m in out if m.level == "country" and m.entry is not None]:
            # "a camp in Inates, in western Niger": a name set in apposition to a country
            if apposed := _BEFORE_COUNTRY.search(text, max(lo, place.start - 70), place.start):
                found_names.append((*apposed.span("name"), place.entry.country))  # type: ignore[union-attr]
        for start, end, hint in sorted(found_names):
            name = text[start:end]
            if taken[start] or any(pm.start < end and start < pm.end for pm in out):
                continue
            if self.demonym.fullmatch(name) or not in_body(start):
                continue
            out.append(PlaceMention(start, end, name, None, False, hint))
        out.sort(key=lambda pm: pm.start)
        return out


def main_country(mentions: list[PlaceMention]) -> str | None:
    counts = Counter(m.entry.country for m in mentions if m.entry and m.entry.country)
    return counts.most_common(1)[0][0] if counts else None
