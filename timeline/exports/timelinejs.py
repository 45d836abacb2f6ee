"""`timelinejs`: TimelineJS3 JSON ({"title", "events"}): start_date/end_date as {year, month, day}
down to the precision the date is known to, text {headline, text} HTML-escaped, group = event type.
Undated entries are left out (TimelineJS requires a start year); the title slide says how many."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Iterator
from typing import Any

_MONTH_OR_FINER = {"day", "week", "month", "season", "range", "before-publication"}
_DAY_OR_FINER = {"day", "week", "range", "before-publication"}


def tl_date(iso: str, precision: str) -> dict[str, int]:
    year, month, day = (int(p) for p in iso.split("-"))
    result = {"year": year}
    if precision in _MONTH_OR_FINER:
        result["month"] = month
    if precision in _DAY_OR_FINER:
        result["day"] = day
    return result


def event(entry: dict[str, Any]) -> dict[str, Any] | None:
    date = entry.get("date") or {}
    if not date.get("start"):
        return None
    precision = date.get("precision") or "unknown"
    sources = entry.get("sources") or []
    lines = [f"<p>{html.escape(str(date.get('phrase') or ''))}</p>"] if date.get("phrase") else []
    for source in sources:
        outlet = html.escape(str(source.get("outlet") or "unknown outlet"))
        quote = html.escape(str(source["evidence"]["text"]))
        lines.append(f"<blockquote>{quote}</blockquote><p>— {outlet}</p>")
    result: dict[str, Any] = {
        "unique_id": entry["id"],
        "start_date": tl_date(date["start"], precision),
        "text": {"headline": html.escape(entry["headline"]), "text": "".join(lines)},
        "group": entry["label"],
    }
    if date.get("end") and date["end"] != date["start"]:
        result["end_date"] = tl_date(date["end"], precision)
    return result


def serialize(entries: Iterable[dict[str, Any]], metadata: dict[str, Any]) -> Iterator[str]:
    title = {"text": {"headline": "Conflict timeline",
                      "text": html.escape(metadata.get("understood") or "all events")}}
    yield '{"title": ' + json.dumps(title) + ', "metadata": ' + json.dumps(metadata, ensure_ascii=False)
    yield ', "events": ['
    first = True
    for entry in entries:
        item = event(entry)
        if item is None:
            continue
        yield ("" if first else ",") + "\n" + json.dumps(item, ensure_ascii=False)
        first = False
    yield "\n]}\n"
