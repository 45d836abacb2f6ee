"""`csv`: ACLED-style columns plus date_start/date_end. The metadata comes first as `# key: value`
comment lines (pandas `comment="#"`, R `comment.char="#"`, or skip lines starting with "#"); no data
row can start with "#" (rows start with the event id and fields hold no line breaks)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from timeline.domain.events import BY_KIND

COLUMNS = (
    "event_id", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
    "date_start", "date_end",
)


def _time_precision(start: str | None, end: str | None, precision: str | None) -> int:
    """ACLED's code from the interval's width: one day, up to a week, or longer."""
    if precision == "day":
        return 1
    if start and end:
        width = (date.fromisoformat(end) - date.fromisoformat(start)).days
        return 1 if width == 0 else 2 if width <= 6 else 3
    return 3


# ACLED's codes: time 1 = day, 2 = week/few days, 3 = month or coarser; geo 1 = town, 2 = near/district,
# 3 = province or larger.
_GEO_PRECISION = {"locality": 1, "admin1": 3, "country": 3}
def _flat(text: Any) -> str:
    return " ".join(str(text).split()) if text is not None else ""


def row(entry: dict[str, Any]) -> dict[str, Any]:
    when = entry.get("date") or {}
    place = entry.get("place") or {}
    actors = entry.get("actors") or []
    sources = entry.get("sources") or []
    evidence = sources[0]["evidence"]["text"] if sources else ""
    fatalities = entry.get("fatalities") or {}
    start = when.get("start")
    event_type, sub_event_type = BY_KIND[entry["type"]].acled_types()
    return {
        "event_id": entry["id"], "event_date": start or "", "year": start[:4] if start else "",
        "time_precision": _time_precision(start, when.get("end"), when.get("precision")),
        "event_type": event_type, "sub_event_type": sub_event_type,
        "actor1": actors[0] if actors else "", "actor2": actors[1] if len(actors) > 1 else "",
        "admin1": place.get("admin1") or "", "location": place.get("name") or "",
        "latitude": place.get("lat") if place.get("lat") is not None else "",
        "longitude": place.get("lon") if place.get("lon") is not None else "",
        "geo_precision": _GEO_PRECISION.get(place.get("precision") or "", "") if place else "",
        "source": "; ".join(dict.fromkeys(_flat(s.get("outlet")) for s in sources if s.get("outlet"))),
        "notes": _flat(f"{entry['headline']}. Evidence: {evidence}" if evidence else entry["headline"]),
        "fatalities": fatalities.get("low") if fatalities.get("low") is not None else "",
        "date_start": start or "", "date_end": when.get("end") or "",
    }


def serialize(entries: Iterable[dict[str, Any]], metadata: dict[str, Any]) -> Iterator[str]:
    for key, value in metadata.items():
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        yield f"# {key}: {_flat(shown)}\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in entries:
        writer.writerow(row(entry))
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
