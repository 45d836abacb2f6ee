"""Publication date from a report's dateline or byline, with the rule that found it. Numeric dates take
the caller's order, the outlet's known order, or the order consistent with dates in the text; failing
that they are marked uncertain."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from timeline.extraction.dates import stated_days
from timeline.extraction.segments import segment
from timeline.extraction.temporal.calendar import latest_month_day, valid_day
from timeline.extraction.temporal.lexicon import MONTH_IN_DATE, WEEKDAY, YEAR, month_number

ORDERS_FILE = Path(__file__).with_name("outlet_date_orders.json")
_HEAD_CHARS = 4000  # a dateline or byline sits near the top of the report
_ORD = r"(?:st|nd|rd|th)?"
_TEXT_DATE = (rf"(?:{WEEKDAY},?\s+)?(?:(?P<m1>{MONTH_IN_DATE})\s+(?P<d1>\d{{1,2}}){_ORD},?\s+(?P<y1>{YEAR})"
              rf"|(?P<d2>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m2>{MONTH_IN_DATE}),?\s+(?P<y2>{YEAR})"
              rf"|(?P<iy>{YEAR})-(?P<im>\d\d)-(?P<id>\d\d))\b")
_NUMERIC = r"(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)\b"
_TIME = r"(?:\s*(?:[|,–-]|at)?\s*\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,5})?)?"
_RULES = [
    ("published-line", re.compile(rf"^(?:first\s+)?(?:published|posted|publication\s+date|date)"
                                  rf"(?:\s+on)?\s*:?\s*(?P<date>{_TEXT_DATE}|{_NUMERIC})", re.IGNORECASE)),
    ("dateline", re.compile(rf"^(?P<date>{_TEXT_DATE}){_TIME}\s*$")),
    ("dateline-numeric", re.compile(rf"^(?P<date>{_NUMERIC}){_TIME}\s*$")),
    ("byline", re.compile(rf"^By\s+[^\n]{{1,80}}?[\s,|–-]+(?P<date>{_TEXT_DATE})")),
    ("byline-numeric", re.compile(rf"^By\s+[^\n]{{1,80}}?[\s,|–-]+(?P<date>{_NUMERIC})")),
    ("updated-line", re.compile(rf"^(?:last\s+)?updated(?:\s+on)?\s*:?\s*(?P<date>{_TEXT_DATE}|{_NUMERIC})",
                                re.IGNORECASE)),
]
# A "Published ..." line in a form the rules above do not read ("Publié le 13 juin 2014", "13. Juni 2014"):
# dateparser reads it (5 ms a call, so only here), provided it states a year.
_LABELLED_LINE = re.compile(r"^(?:first\s+)?(?:published|posted|publication\s+date|date)(?:\s+on)?\s*:?\s*"
                            r"(?P<date>.{4,60}?(?:19|20)\d\d\b.{0,30})$", re.IGNORECASE)
_CLOSE_DAYS, _FAR_DAYS = 7, 14  # the text's latest day close to one reading and far from the other


@dataclass(frozen=True)
class PublicationDate:
    date: date | None
    rule: str
    phrase: str | None
    uncertain: bool


@cache
def _orders() -> dict[str, str]:
    return {key.lower(): value for key, value in json.loads(ORDERS_FILE.read_text())["orders"].items()}


def is_dateline(line: str) -> bool:
    """Whether a line is only a date (with weekday or time): a dateline, never a headline."""
    line = line.strip()
    return bool(_RULES[1][1].match(line) or _RULES[2][1].match(line))


def outlet_date_order(outlet: str | None) -> str | None:
    """'DMY' or 'MDY' for an outlet in the table (matched as words inside the name), else None."""
    if not outlet:
        return None
    name = outlet.lower()
    for key, order in _orders().items():
        if re.search(rf"(?<!\w){re.escape(key)}(?!\w)", name):
            return order
    return None


def _text_date(m: re.Match[str]) -> date | None:
    if m["iy"]:
        return valid_day(int(m["iy"]), int(m["im"]), int(m["id"]))
    month, day, year = (m["m1"], m["d1"], m["y1"]) if m["m1"] else (m["m2"], m["d2"], m["y2"])
    return valid_day(int(year), month_number(month), int(day))


def _readings(a: int, b: int, year: int) -> dict[str, date]:
    found = {"MDY": valid_day(year, a, b), "DMY": valid_day(year, b, a)}
    return {order: day for order, day in found.items() if day is not None}


def _fit(candidate: date, days: list[tuple[int, int, int | None]]) -> tuple[int, int]:
    """(dates stated after the candidate, days from the latest stated date on or before it)."""
    later, gap = 0, 10**6
    for month, day, year in days:
        stated = valid_day(year, month, day) if year else latest_month_day(month, day, candidate)
        if stated is None:
            continue
        if stated > candidate:
            later += 1
        else:
            gap = min(gap, (candidate - stated).days)
    return later, gap


def _by_text(readings: dict[str, date], text: str) -> tuple[date, bool]:
    """The reading consistent with the days the text states (certain only when clearly so)."""
    days = stated_days(text)
    (_first, one), (_second, other) = sorted(readings.items())
    fit_one, fit_other = _fit(one, days), _fit(other, days)
    if fit_one[0] != fit_other[0]:
        return (one, False) if fit_one[0] < fit_other[0] else (other, False)
    if fit_one[1] > fit_other[1]:
        one, fit_one, other, fit_other = other, fit_other, one, fit_one
    return one, not (fit_one[1] <= _CLOSE_DAYS and fit_other[1] >= _FAR_DAYS)


def _numeric(m: re.Match[str], text: str, order: str | None) -> tuple[date | None, bool]:
    readings = _readings(int(m["a"]), int(m["b"]), int(m["y"]))
    if len(set(readings.values())) == 1:
        return next(iter(readings.values())), False
    if not readings:
        return None, True
    if m["sep"] == "." and not order:
        order = "DMY"  # dotted dates are written day.month.year
    if order in readings:
        return readings[order], False
    return _by_text(readings, text)


def _parsed_with_dateparser(phrase: str, order: str | None) -> date | None:
    import dateparser  # imported on first use: most reports never need it

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"]}
    if order:
        settings["DATE_ORDER"] = order
    parsed = dateparser.parse(phrase, settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed else None


def find_publication_date(text: str, outlet: str | None = None, date_order: str | None = None
                          ) -> PublicationDate | None:
    """The report's own date from a line near its top (not a photo caption, not a comment's stamp)."""
    comments = segment(text).comments
    head = text[:min(_HEAD_CHARS, comments[0][0] if comments else len(text))]
    order = (date_order or "").upper() or outlet_date_order(outlet)
    found: list[tuple[bool, int, str, re.Match[str]]] = []  # (is an "Updated" line, line number, ...)
    for line_number, line in enumerate(head.split("\n")):
        line = line.strip()
        for rule, pattern in _RULES:
            match = pattern.match(line)
            if match:
                found.append((rule == "updated-line", line_number, rule, match))
                break
    for _updated, _line, rule, match in sorted(found, key=lambda item: (item[0], item[1])):
        if match.groupdict().get("a"):
            day, uncertain = _numeric(match, text[:comments[0][0]] if comments else text, order)
        else:
            day, uncertain = _text_date(match), False
        if day is not None:
            return PublicationDate(date=day, rule=rule, phrase=match["date"], uncertain=uncertain)
    for line in head.split("\n"):
        labelled = _LABELLED_LINE.match(line.strip())
        if labelled and (day := _parsed_with_dateparser(labelled["date"], order)) is not None:
            return PublicationDate(day, "published-line-parsed", labelled["date"], uncertain=False)
    return None
