"""`/list`: the projected timeline as a plain HTML list (every string from a report is escaped)."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.deps import QueriesDep
from timeline.services import browse

router = APIRouter(tags=["pages"])
PAGE_LIMIT = 500


def _line(item: dict) -> str:
    when = item["date"]
    day = str(when["start"] or "undated")
    if when["end"] and when["end"] != when["start"]:
        day += f" – {when['end']}"
    place = item["place"]["name"] if item["place"] else "place not stated"
    actors = ", ".join(item["actors"]) or "actor not stated"
    source = item["source"]["outlet"] or "unknown outlet"
    return (
        f"<li><time>{escape(day)}</time> <b>{escape(item['type'].replace('_', ' '))}</b> "
        f"in {escape(place)} by {escape(actors)}: <q>{escape(item['evidence']['text'])}</q> "
        f"<small>({escape(source)}, <a href=\"/reports/{escape(item['report_id'])}\">report</a>)</small></li>"
    )


@router.get("/list", response_class=HTMLResponse, include_in_schema=False)
def timeline_page(queries: QueriesDep) -> str:
    with queries.engine.connect() as conn:
        items, more = browse.list_events(conn, browse.EventFilters(), None, PAGE_LIMIT)
    lines = "\n".join(_line(item) for item in items) or "<li>No events yet: ingest a report.</li>"
    tail = f"<p>First {PAGE_LIMIT} events; see <a href=\"/events\">/events</a>.</p>" if more else ""
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Conflict timeline</title>"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body>"
        f"<h1>Conflict timeline</h1><p>{len(items)} events. API: <a href=\"/docs\">/docs</a></p>"
        f"<ol>{lines}</ol>{tail}</body></html>"
    )
