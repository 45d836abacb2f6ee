"""The layout of a report's stored text as extraction reads it: paragraphs (hard-wrapped lines joined), the
zone each belongs to (body, caption, headline, list, cruft), and the dateline that opens the story.

Only body and caption paragraphs are read for events; captions at a lower confidence. Everything here is one
linear pass over the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from timeline.extraction.temporal.calendar import latest_month_day
from timeline.extraction.temporal.lexicon import MONTH_IN_DATE, month_number

BODY, CAPTION, HEADLINE, LIST, CRUFT = "body", "caption", "headline", "list", "cruft"
READ_ZONES = (BODY, CAPTION)
_HEADLINE_WORDS = 20
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s*$")
# Photo credits and caption furniture: "REUTERS/Stringer", "(AP Photo/...)", "© Name/Outlet", "Photo: ...",
# "[Name/AFP]".
_CAPTION = re.compile(
    r"\b(?:REUTERS|AFP|AP|EPA|Getty(?:\s+Images)?|ANADOLU|XINHUA|SANA|HO|Handout)\s*/"
    r"|\((?:AP|AFP|Reuters|EPA|Getty)\s+Photo|©|\bFILE\s+PHOTO\b|\b(?:Photo|Image|Photograph|Picture)\s*"
    r"(?:credit)?\s*:|\(Photo\b|\bimage caption\b|\bphoto by\b"
    # a photographer's credit closing the caption: "[Ahmad al-Rubaye/AFP]", "(John Smith/Reuters)"
    r"|\w\s*/\s*(?:AFP|Reuters|AP|EPA|Getty(?:\s+Images)?|Anadolu(?:\s+Agency)?|Xinhua|NurPhoto|Sipa|ZUMA)\s*[\])]",
    re.IGNORECASE,
)
# Leftovers that state nothing of the story: related-headline prompts, embedded posts, dumped code.
_CRUFT = re.compile(
    r"^(?:read\s+more|also\s+read|related|see\s+also|more\s+from|similar\s+topics|recommended|trending|"
    r"most\s+(?:read|popular))\b|pic\.twitter\.com|\(@\w{1,30}\)\s*\w+\s+\d{1,2},\s+\d{4}|=>|\bstring\(\d+\)"
    r"|^\W*(?:\w+\W+){0,3}(?:\[\w+\]|\{\w+\})",
    re.IGNORECASE,
)
_LIST_HEADING = re.compile(
    r"^(?:similar\s+topics|related(?:\s+\w+)?|more\s+(?:stories|news|from\b.*)|read\s+more|recommended.*|"
    r"most\s+(?:read|popular).*|you\s+may\s+also\s+like|latest(?:\s+news)?|trending.*)\s*:?\s*$",
    re.IGNORECASE,
)
_DATE_ONLY = re.compile(
    r"^[\W\d]*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    rf"(?:{MONTH_IN_DATE}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{MONTH_IN_DATE},?\s+\d{{4}})"
    r"[\W\d]*(?:[AP]M\b)?[\W\d]*$"
)
# "BAGHDAD —", "QAYYARAH, Iraq —", "BAGHDAD, June 17 (Reuters) -", "Feb 23 (IANS)": the place and date a
# wire story was filed from.
_AGENCY = (
    r"\((?:Reuters|AP|AFP|UPI|IANS|dpa|Xinhua|AA|Sputnik|RT|KUNA|WAM|SPA|PTI|ANI|Rudaw|BNA|IRNA|SANA|NINA)\)"
)
# Any agency named in brackets after a dateline's day ("BAGHDAD, May 18 (Agency) -").
_ANY_AGENCY = r"\([A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}\)"
_DATELINE = re.compile(
    r"\s*(?:By\s+(?:[A-Z][\w'’.-]+\s+){1,3}?)?"  # a byline run into the dateline ("By Dominic Evans BAGHDAD")
    rf"(?:(?P<place>[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+){{0,3}}|(?P<titled>[A-Z][a-z'’.\-]+(?:\s+[A-Z][a-z'’.\-]+)?)"
    rf"(?=,\s*{MONTH_IN_DATE}\s+\d|\s*{_AGENCY}))(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?(?=\s*[—–-]))?"
    rf"(?:,\s*|\s+))?(?:(?P<month>{MONTH_IN_DATE})\s+(?P<day>\d{{1,2}})(?:,\s*\d{{4}})?\s*)?"
    rf"(?:(?P<agency>{_AGENCY}|{_ANY_AGENCY})\s*)?"
    r"(?:(?:[—–]|--|-|:)\s+|(?<=\)\s)|(?<=\))(?=\s))"
)
_CHRONOLOGY = re.compile(rf"\s*(?:{MONTH_IN_DATE})\s+\d{{1,2}}(?:,\s*\d{{4}})?\s*[—–-]\s")
_DATELINE_DAYS = 7  # a dateline's day is the story's, days before publication at most
_DATELINE_PARAGRAPHS = 3  # a dateline opens the story, after at most a headline and a standfirst
_CHUNK = 2_000  # characters: longer paragraphs are parsed in sentence-aligned pieces (bounds memory)
_CHUNK_BREAK = re.compile(r"[.!?][\"”’')\]]*\s+")


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    index: int
    zone: str


@dataclass(frozen=True)
class Dateline:
    start: int
    end: int  # the story's first word starts here
    place: str | None
    day: date | None


def _lines(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    out = []
    at = lo
    while at < hi:
        nl = text.find("\n", at, hi)
        end = hi if nl < 0 else nl
        out.append((at, end))
        at = end + 1
    return out


def _strip(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Lines of one block that break mid-sentence ("...the encirclement of" / "Fallujah on June 5")."""
    if len(lines) < 3:
        return False
    inner = lines[:-1]
    open_ends = sum(1 for lo, hi in inner if not _SENTENCE_END.search(text[lo:hi]))
    return open_ends >= 0.6 * len(inner)


def _blocks(text: str, spans: tuple[tuple[int, int], ...]) -> list[list[tuple[int, int]]]:
    """Runs of non-blank lines (stripped spans)."""
    blocks: list[list[tuple[int, int]]] = []
    for lo, hi in spans:
        current: list[tuple[int, int]] = []
        for a, b in _lines(text, lo, hi):
            a, b = _strip(text, a, b)
            if a == b:
                if current:
                    blocks.append(current)
                current = []
            else:
                current.append((a, b))
        if current:
            blocks.append(current)
    return blocks


def paragraphs(text: str, spans: tuple[tuple[int, int], ...]) -> list[Paragraph]:
    """The paragraphs of the given spans, each with its zone. A block of lines that breaks mid-sentence is
    one paragraph; otherwise each line is one (news pages put one paragraph per line)."""
    raw: list[tuple[int, int, bool]] = []  # (start, end, alone in its block)
    for block in _blocks(text, spans):
        if _hard_wrapped(text, block):
            raw.append((block[0][0], block[-1][1], True))
        else:
            raw.extend((lo, hi, len(block) == 1) for lo, hi in block)
    out: list[Paragraph] = []
    in_list = False
    for index, (lo, hi, alone) in enumerate(raw):
        line = text[lo:hi]
        zone = _zone(line, alone)
        if zone == LIST:  # a list heading: the short lines after it are its items
            in_list = True
        elif in_list and (zone in (HEADLINE, CRUFT) or _short(line)):
            zone = LIST
        else:
            in_list = False
        out.append(Paragraph(lo, hi, index, zone))
    return out


def _short(line: str) -> bool:
    """A headline-like line: short, with no sentence-closing punctuation."""
    return len(line.split()) <= _HEADLINE_WORDS and not _SENTENCE_END.search(line)


def _zone(line: str, alone: bool) -> str:
    if _LIST_HEADING.match(line):
        return LIST
    if _CRUFT.search(line) or _DATE_ONLY.match(line):
        return CRUFT
    if _CAPTION.search(line):
        return CAPTION
    if alone and _short(line):
        return HEADLINE
    return BODY


def find_dateline(text: str, paragraphs_: list[Paragraph], published: date | None) -> Dateline | None:
    """The dateline opening one of the first body paragraphs, if any; its day is the latest such day on or
    before publication (a dateline never states a future day) and is kept only within a week of it. A
    chronology ('Jan. 3 - ...', 'June 10 - ...') has no dateline."""
    body = [p for p in paragraphs_ if p.zone in (BODY, HEADLINE)]
    dated = sum(1 for p in body[:8] if _CHRONOLOGY.match(text, p.start, p.end))
    if dated >= 2:
        return None
    for first in [p for p in paragraphs_ if p.zone == BODY][:_DATELINE_PARAGRAPHS]:
        m = _DATELINE.match(text, first.start, first.end)
        if m is None or not (m.group("place") or m.group("titled") or m.group("month")):
            continue
        if m.group("titled") and not (m.group("month") or m.group("agency")):
            continue
        place = m.group("place") or m.group("titled")
        if place and (
            len(place) < 3 or not place.replace(" ", "").replace(".", "").replace("'", "").isalpha()
        ):
            continue
        break
    else:
        return None
    day = None
    if m.group("month") and published is not None:
        day = latest_month_day(month_number(m.group("month")), int(m.group("day")), published)
        if day is not None and (published - day).days > _DATELINE_DAYS:
            day = None
    return Dateline(m.start(), m.end(), place.title() if place else None, day)


def chunks(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The paragraph lo..hi as pieces of at most ~_CHUNK characters, cut after a sentence end (or at a
    space when a piece has none), so the parser's work per piece is bounded."""
    out = []
    while hi - lo > _CHUNK:
        cut = -1
        for m in _CHUNK_BREAK.finditer(text, lo + _CHUNK // 2, lo + _CHUNK):
            cut = m.end()
        if cut < 0:
            space = text.rfind(" ", lo + _CHUNK // 2, lo + _CHUNK)
            cut = space + 1 if space > 0 else lo + _CHUNK
        out.append((lo, cut))
        lo = cut
    out.append((lo, hi))
    return out
