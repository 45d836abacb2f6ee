"""Toponym mentions of a report: the gazetteer's, minus actor names, adjectives and distance or direction
references, plus 'the Iraqi capital' and names the gazetteer lacks but the context marks as places."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from timeline.extraction.actors import ActorMention
from timeline.gazetteer import Gazetteer, GazetteerEntry
from timeline.gazetteer.folding import fold
from timeline.gazetteer.vocabulary import demonyms, not_place_keys

LEXICON_FILE = Path(__file__).resolve().parent / "rules" / "lexicon.json"
_PROVINCE_OF = re.compile(r"\b(?:province|governorate|region)\s+of\s+(?:the\s+)?$", re.I)
# Words that begin Arabic place names and run into the name the gazetteer matched: "Ain Zalah", "Tal Abyad".
_NAME_PREFIX = re.compile(
    r"\b(?:Upper|Lower|Greater|Lesser|Old|New|Little|Big|Ain|Ayn|Ein|Tal|Tel|Tell|Tall|Jabal|Jebel|Bir|Deir|Dayr|Kafr|Khan|Ras|Umm|Bab|Qasr|"
    r"Hayy|Beit|Bayt|Wadi|Albu|Nahr|Hammam|Qalaat|Mar)[ \n\-‑]$"
)
# An Arabic article name running on after a matched name: "Hayy al-Shuhada", "Tel al-Rumman" (also over
# the line break of hard-wrapped text).
_ARTICLE_CONTINUATION = re.compile(r"[ \n\-‑](?:al|el|ad|as|ash|at|ar|an|az)[-‑][A-ZʿʾĀ][\w'’ʿʾ]+")
_NAME = r"(?:(?:al|el|ad|as|ash|at|ar|an|az)-)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}"
_LIST_ITEM = re.compile(rf"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?P<name>{_NAME})\b")
_BEFORE_COUNTRY = re.compile(
    rf"\b(?:in|near|at|of|from|outside)\s+(?P<name>{_NAME}),\s+(?:in\s+)?(?:(?:the\s+)?(?:far\s+)?"
    rf"(?:north|south|east|west|central)\w*\s+(?:part\s+of\s+)?)?$"
)
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|near|around|outside|inside|at|between)\s+(?:the\s+)?$")
# Capitalised words that start a coordinated name which is not a place ("in Mosul and Prime Minister ...")
_NOT_A_PLACE = re.compile(
    r"(?:President|Prime|Minister|General|Gen|Colonel|Col|Sheikh|King|Emir|Mr|Mrs|Dr|Secretary|The|Islamic|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    surface: str
    entry: GazetteerEntry | None
    reference: bool  # "14 miles from X", "southwest of X": orientation, not where something happened
    country_hint: str | None = None  # for a name the gazetteer lacks: the country the report is about
    site: str | None = None  # 'a compound in Ramadi': a site the gazetteer lacks, in the place named

    @property
    def level(self) -> str:
        return self.entry.level if self.entry else "locality"

    @property
    def key(self) -> str:
        key = self.entry.id if self.entry else "name:" + re.sub(r"\W+", "", self.surface.lower())
        return f"{key}#{self.site}" if self.site else key


class PlaceFinder:
    """Finds the toponym mentions of a report: the gazetteer's names, filtered and completed by the word
    lists of `rules/lexicon.json` (references, demonyms, capitals, names the context marks as places)."""

    def __init__(self, lexicon: dict[str, Any]):
        p = lexicon["places"]
        self.reference = re.compile(p["reference_before"], re.I)
        self.speaker_after = re.compile(p["speaker_after"])
        self.demonym = re.compile(rf"(?:{p['demonyms']})", re.I)
        demonyms = lexicon.get("capitals", {}).get("demonyms", {})
        self.capitals = demonyms
        self.country_capitals = lexicon.get("capitals", {}).get("by_country", {})
        self.capital = re.compile(
            r"\bthe\s+(?:(" + "|".join(map(re.escape, demonyms)) + r")\s+)?capital\b"
            r"(?!\s+of\b|\s*,?\s*(?-i:[A-Z]))",  # not "the capital of X" nor "the capital, Tripoli"
            re.I,
        )
        self.cues = [
            (re.compile(c["keywords"], re.I), re.compile(c["pattern"])) for c in p.get("toponym_cues", [])
        ]

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
            # "Baghdad had declared the vote illegal": the capital speaking is its government
            ref = ref or bool(self.speaker_after.match(text, mention.end, min(len(text), mention.end + 40)))
            out.append(PlaceMention(mention.start, mention.end, mention.surface, entry, ref))
        country = main_country(out)

        def in_body(at: int) -> bool:
            return any(b_lo <= at < b_hi for b_lo, b_hi in body)

        placed = bytearray(len(text) + 1)  # 1 where a place mention is written
        for pm in out:
            placed[pm.start : pm.end] = b"\x01" * (pm.end - pm.start)

        def free(start: int, end: int) -> bool:
            return not any(placed[start:end])

        for m in self.capital.finditer(text, lo, hi):
            if not in_body(m.start()) or taken[m.start()]:
                continue
            demonym = m.group(1)
            capital = self.capitals[demonym.lower()] if demonym else self.country_capitals.get(country or "")
            of_country = demonyms().get(demonym.title()) if demonym else country
            hits = [e for e in gaz.lookup(capital) if e.level == "locality"] if capital else []
            hits.sort(key=lambda e: e.country != of_country)  # Tripoli in Libya, not in Lebanon
            span = (m.start(1), m.end()) if m.group(1) else (m.start(), m.end())
            if hits and free(*span):
                # named by the capital's name (the words are "the capital"); "north of the capital" orients
                ref = bool(self.reference.search(text[max(0, span[0] - 60) : span[0]]))
                out.append(PlaceMention(span[0], span[1], hits[0].name, hits[0], ref))
                placed[span[0] : span[1]] = b"\x01" * (span[1] - span[0])
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
            if taken[start] or not free(start, end):
                continue
            if (
                self.demonym.fullmatch(name)
                or not in_body(start)
                or any(self.demonym.fullmatch(w) or fold(w) in not_place_keys() for w in name.split())
            ):
                continue  # "the Sunni Muslim province of": an adjective of people, not a name
            out.append(PlaceMention(start, end, name, None, False, hint))
            placed[start:end] = b"\x01" * (end - start)
        out.sort(key=lambda pm: pm.start)
        whole = [self._province_of(gaz, text, self._whole_name(gaz, text, m)) for m in out]
        # two parts of one name ('Hayy' and 'Shuhada') grown into the same whole name: one mention
        kept: list[PlaceMention] = []
        for grown in whole:
            if kept and grown.start < kept[-1].end:
                if grown.end - grown.start > kept[-1].end - kept[-1].start:
                    kept[-1] = grown
                continue
            kept.append(grown)
        return kept

    @staticmethod
    def _province_of(gaz: Gazetteer, text: str, m: PlaceMention) -> PlaceMention:
        """'the province of Aleppo': the province, not the city it is named after."""
        if m.entry is None or m.level != "locality" or m.entry.admin1_id is None:
            return m
        if not _PROVINCE_OF.search(text, max(0, m.start - 25), m.start):
            return m
        area = gaz.get(m.entry.admin1_id)
        return replace(m, entry=area) if area is not None else m

    def _whole_name(self, gaz: Gazetteer, text: str, m: PlaceMention) -> PlaceMention:
        """'Hayy al-Shuhada' or 'Ain Zalah' where the gazetteer knows only 'Hayy' or 'Zalah': the whole name
        (the entry found is another place), resolved if the gazetteer knows it, else kept by name in that
        entry's country."""
        if m.entry is None:
            return m
        start, end = m.start, m.end
        more = _ARTICLE_CONTINUATION.match(text, m.end)
        if more is not None:
            end = more.end()
        prefix = _NAME_PREFIX.search(text, max(0, m.start - 12), m.start)
        if prefix is not None:
            start = prefix.start()
        if (start, end) == (m.start, m.end):
            return m
        whole = " ".join(text[start:end].split())
        known = next((e for e in gaz.lookup(whole) if e.level == "locality"), None)
        if known is not None:
            return PlaceMention(start, end, whole, known, m.reference)
        return PlaceMention(start, end, whole, None, m.reference, m.entry.country)


@lru_cache(maxsize=1)
def default_place_finder() -> PlaceFinder:
    return PlaceFinder(json.loads(LEXICON_FILE.read_text(encoding="utf-8")))


def main_country(mentions: list[PlaceMention]) -> str | None:
    counts = Counter(m.entry.country for m in mentions if m.entry and m.entry.country)
    return counts.most_common(1)[0][0] if counts else None
