"""`/list`: the projected timeline as a plain HTML list (every string from a report is escaped), read
through the same query layer as /timeline."""

from __future__ import annotations

from html import escape
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.deps import QueriesDep
from timeline.query.filters import TimelineFilter

router = APIRouter(tags=["pages"])
PAGE_LIMIT = 500


def _line(item: dict[str, Any]) -> str:
    when = item["date"]
    day = str(when["start"] or "undated")
    if when["end"] and when["end"] != when["start"]:
        day += f" – {when['end']}"
    place = item["place"]["name"] if item["place"] else "place not stated"
    actors = ", ".join(item["actors"]) or "actor not stated"
    source = item["sources"][0]
    outlet = source["outlet"] or "unknown outlet"
    return (
        f"<li><time>{escape(day)}</time> <b>{escape(item['label'])}</b> "
        f"in {escape(place)} by {escape(actors)}: <q>{escape(source['evidence']['text'])}</q> "
        f"<small>({escape(outlet)}, <a href=\"/reports/{escape(source['report_id'])}\">report</a>)"
        "</small></li>"
    )


@router.get("/list", response_class=HTMLResponse, include_in_schema=False)
def timeline_page(queries: QueriesDep) -> str:
    page = queries.timeline(TimelineFilter(), None, PAGE_LIMIT)
    items = page["items"]
    lines = "\n".join(_line(item) for item in items) or "<li>No events yet: ingest a report.</li>"
    more = page["next_cursor"] is not None
    tail = f"<p>First {PAGE_LIMIT} events; see <a href=\"/timeline\">/timeline</a>.</p>" if more else ""
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Conflict timeline</title>"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body>"
        f"<h1>Conflict timeline</h1><p>{page['total']} events. API: <a href=\"/docs\">/docs</a></p>"
        f"<ol>{lines}</ol>{tail}</body></html>"
    )
