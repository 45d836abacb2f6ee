"""`timelinejs`: TimelineJS3 JSON ({"events", "title"}): start_date/end_date as {year, month, day} down to
the precision the date is known to, a `display_date` that says how sure the date is, in words ("June 2014",
"early June 2014", "about 10 June 2014", "before 14 June 2014"), text {headline, text} HTML-escaped, group
= event type. Undated entries are left out (TimelineJS requires a start year) and the title slide says how
many: the title is written after the events (JSON keys have no order), once they are counted."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from timeline.exports import ExportContext

_MONTH_OR_FINER = {"day", "week", "month", "season", "range", "before-publication"}
_DAY_OR_FINER = {"day", "week", "range", "before-publication"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip
# Words of the report's date phrase that qualify the date, and how display_date writes them.
_QUALIFIERS = (
    (re.compile(r"\b(?:early|beginning of|start of|first days of)\b", re.I), "early"),
    (re.compile(r"\b(?:mid|middle of)\b", re.I), "mid"),
    (re.compile(r"\b(?:late|end of|last days of)\b", re.I), "late"),
)
_ABOUT = re.compile(r"\b(?:about|around|approximately|circa|some|roughly|nearly)\b", re.I)
_SEASON = re.compile(r"\b(spring|summer|autumn|fall|winter)\b", re.I)


def tl_date(iso: str, precision: str) -> dict[str, int]:
    year, month, day = (int(p) for p in iso.split("-"))
    result = {"year": year}
    if precision in _MONTH_OR_FINER:
        result["month"] = month
    if precision in _DAY_OR_FINER:
        result["day"] = day
    return result


def _day(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _span(a: date, b: date) -> str:
    """An interval of days in words: "10-14 June 2014", "28 May - 3 June 2014"."""
    if a == b:
        return _day(a)
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b.day} {_MONTHS[a.month - 1]} {a.year}"
    if a.year == b.year:
        return f"{a.day} {_MONTHS[a.month - 1]} – {_day(b)}"
    return f"{_day(a)} – {_day(b)}"


def display_date(when: dict[str, Any]) -> str | None:
    """The date as a reader should take it: its precision, qualified by the report's own words."""
    if not when.get("start"):
        return None
    start = date.fromisoformat(when["start"])
    end = date.fromisoformat(when.get("end") or when["start"])
    precision = when.get("precision") or "unknown"
    phrase = when.get("phrase") or ""
    qualifier = next((word for pattern, word in _QUALIFIERS if pattern.search(phrase)), None)
    if precision == "day":
        return ("about " if _ABOUT.search(phrase) else "") + _day(start)
    if precision == "month":
        month = f"{_MONTHS[start.month - 1]} {start.year}"
        return f"{qualifier} {month}" if qualifier else month
    if precision == "year":
        return f"{qualifier} {start.year}" if qualifier else str(start.year)
    if precision == "season":
        season = _SEASON.search(phrase)
        if season:
            return f"{season.group(1).lower()} {start.year}"
        return f"{_MONTHS[start.month - 1]} – {_MONTHS[end.month - 1]} {end.year}"
    if precision == "before-publication":
        return f"before {_day(end)}"
    return ("about " if _ABOUT.search(phrase) else "") + _span(start, end)  # week, range, unknown


def event(entry: dict[str, Any]) -> dict[str, Any] | None:
    date_ = entry.get("date") or {}
    if not date_.get("start"):
        return None
    precision = date_.get("precision") or "unknown"
    sources = entry.get("sources") or []
    lines = [f"<p>{html.escape(str(date_.get('phrase') or ''))}</p>"] if date_.get("phrase") else []
    for source in sources:
        outlet = html.escape(str(source.get("outlet") or "unknown outlet"))
        quote = html.escape(str(source["evidence"]["text"]))
        lines.append(f"<blockquote>{quote}</blockquote><p>— {outlet}</p>")
    result: dict[str, Any] = {
        "unique_id": entry["id"],
        "start_date": tl_date(date_["start"], precision),
        "display_date": display_date(date_),
        "text": {"headline": html.escape(entry["headline"]), "text": "".join(lines)},
        "group": entry["label"],
    }
    if date_.get("end") and date_["end"] != date_["start"]:
        result["end_date"] = tl_date(date_["end"], precision)
    return result


def title_text(understood: str | None, shown: int, undated: int) -> str:
    text = f"{understood or 'all events'}: {shown} event{'s' if shown != 1 else ''} on the timeline"
    if undated:
        text += f"; {undated} without a known date not shown"
    return html.escape(text)


def serialize(entries: Iterable[dict[str, Any]], ctx: ExportContext) -> Iterator[str]:
    yield '{"events": ['
    shown = undated = 0
    for entry in entries:
        item = event(entry)
        if item is None:
            undated += 1
            continue
        yield ("" if not shown else ",") + "\n" + json.dumps(item, ensure_ascii=False)
        shown += 1
    title = {"text": {"headline": "Conflict timeline",
                      "text": title_text(ctx.metadata.get("understood"), shown, undated)}}
    metadata = {**ctx.metadata, "events_shown": shown, "undated_not_shown": undated}
    yield '\n], "title": ' + json.dumps(title, ensure_ascii=False)
    yield ', "metadata": ' + json.dumps(metadata, ensure_ascii=False) + "}\n"
