"""Examples in the OpenAPI document: one realistic value for each request and response body, built from
one timeline entry so that they agree with each other. The models attach them (`json_schema_extra`);
tests/e2e/test_openapi_docs.py checks every one against its own schema."""

from __future__ import annotations

import json
from typing import Any

from timeline.domain.events import report_stream

REPORT_ID = "50517d2ae7c71870e17790a1811ca9dd19c434305067b5ff0a70b90a1c4dc7dd"
EVENT_ID = "3d566861-6113-5e5a-8110-39d81ab9be2b"
DATE = {"start": "2014-08-11", "end": "2014-08-11", "precision": "day", "phrase": "on Monday"}
PLACE = {
    "name": "Jalula",
    "locality": "Jalula",
    "admin1": "Diyala",
    "country": "IQ",
    "gazetteer_id": "gn:98463",
    "lat": 34.27,
    "lon": 45.16,
    "precision": "locality",
}
PLACE_REF = {"id": "adm1:IQ.10", "name": "Diyala", "level": "admin1", "admin1": "Diyala", "country": "IQ"}
SOURCE = {
    "report_id": REPORT_ID,
    "event_id": EVENT_ID,
    "outlet": "Example Wire",
    "url": "https://example.org/jalula",
    "title": "Militants take Jalula",
    "published": "2014-08-12",
    "evidence": {"text": "Islamic State fighters captured Jalula on Monday", "start": 0, "end": 47},
}
ENTRY_BASE = {
    "id": EVENT_ID,
    "type": "town_captured",
    "label": "Town captured",
    "headline": "Islamic State captured Jalula",
    "date": DATE,
    "place": PLACE,
    "actors": ["Islamic State"],
    "fatalities": {"low": 3, "high": 5},
    "confidence": 0.8,
    "position": 2,
    "sources": [SOURCE],
}
ENTRY = {**ENTRY_BASE, "contradictions": [], "contradictions_total": 0}
QUERY = {
    "place": PLACE_REF,
    "from": "2014-08-01",
    "to": "2014-08-31",
    "types": ["town_captured"],
    "actors": [],
    "understood": "captures in Diyala (admin1) from 2014-08-01 to 2014-08-31",
}
CURSOR = "WyIyMDE0LTA4LTExIiwgIjNkNTY2ODYxLTYxMTMtNWU1YS04MTEwLTM5ZDgxYWI5YmUyYiJd"
TIMELINE_PAGE = {"total": 31, "next_cursor": CURSOR, "query": QUERY, "items": [ENTRY]}
INCIDENT = {
    "id": EVENT_ID,
    "type": "town_captured",
    "label": "Town captured",
    "date": DATE,
    "corroboration": 2,
    "report_count": 2,
    "event_count": 2,
    "entry": ENTRY,
    "merges": [
        {
            "event_id": "4e1facdd-df57-53f3-a34a-bee9469a6dbc",
            "rule": "same place, type, day",
            "merged_with": EVENT_ID,
        }
    ],
    "contradicted": False,
}
INCIDENTS_PAGE = {"total": 12, "next_cursor": CURSOR, "query": QUERY, "items": [INCIDENT]}
PLACE_CONTROL = {
    "place": PLACE,
    "periods": [
        {
            "controller": "Islamic State",
            "from": "2014-08-11",
            "to": "2014-11-23",
            "inferred": False,
            "disputed": False,
            "sources": [SOURCE],
        }
    ],
}
CONTROL_ON = {"place": PLACE_REF, "on": "2014-09-01", "localities": [PLACE_CONTROL]}
PLACE_COUNT = {**PLACE_REF, "event_count": 12}
ACTOR = {"name": "Islamic State", "event_count": 40, "aliases": ["ISIS", "ISIL", "Daesh"]}
TYPE = {
    "type": "town_captured",
    "label": "Town captured",
    "definition": "an armed group takes control of a named place",
    "core": True,
    "synonyms": ["captured", "seized", "took control of"],
    "acled": {
        "event_type": "Strategic developments",
        "sub_event_type": "Non-state actor overtakes territory",
    },
    "style": {"color": "#b2182b", "shape": "triUp"},
    "flags": {
        "may_have_no_place": False,
        "two_party": False,
        "has_counts": False,
        "claimable": False,
        "exclusive": True,
        "control": "gain",
    },
}
STATS = {
    "total": 3,
    "by_type": [{"key": "town_captured", "count": 2}, {"key": "clash", "count": 1}],
    "by_month": [{"key": "2014-08", "count": 3}],
    "by_admin1": [{"key": "Diyala", "count": 3}],
}
HEALTH = {
    "status": "ok",
    "database": "ok",
    "last_position": 5,
    "checkpoints": {"timeline": 5, "incidents": 5},
    "lag": {"timeline": 0, "incidents": 0},
}
HEALTH_DOWN = {
    **HEALTH,
    "status": "error",
    "database": "unreachable (OperationalError)",
    "detail": "the database is unreachable (OperationalError)",
}
REPORT_IN = {
    "text": "BAGHDAD, 12 August 2014 - Islamic State fighters captured Jalula on Monday.",
    "source": "Example Wire",
    "url": "https://example.org/jalula",
    "title": "Militants take Jalula",
    "published": "2014-08-12",
}
INGEST = {
    "report_id": REPORT_ID,
    "event_ids": [EVENT_ID],
    "created": True,
    "published": "2014-08-12",
    "published_rule": "given",
}
REPORT_OUT = {
    "report_id": REPORT_ID,
    "stream_id": report_stream(REPORT_ID),
    "source": "Example Wire",
    "url": "https://example.org/jalula",
    "title": "Militants take Jalula",
    "published": "2014-08-12",
    "published_rule": "given",
    "received_at": "2014-08-12T09:30:00+00:00",
    "content_type": "text/plain",
    "extractor_version": "rules-1",
    "event_count": 1,
    "text": REPORT_IN["text"],
    "events": [ENTRY],
}
REASON = {"reason": "the report describes a rumour, not a capture"}
CORRECTION = {
    "changes": {"place": {"name": "Jalula", "admin1": "Diyala", "country": "IQ"}},
    "reason": "the report names Jalula, not Jalawla district",
}
CURATION = {
    "changed": True,
    "stream_id": report_stream(REPORT_ID),
    "event_id": "7f1c0d3e-0b7e-5a39-9d0f-1f2e3d4c5b6a",
    "position": 42,
    "event_ids": ["7f1c0d3e-0b7e-5a39-9d0f-1f2e3d4c5b6a"],
    "positions": [42],
}
ERROR = {
    "detail": "from: cannot read 'last spring' as a date: use 2014, 2014-06, June 2014, 13 June 2014 or "
    "2014-06-13"
}
PLACE_NOT_FOUND = {
    "detail": "unknown place 'Jalola'; did you mean: Jalula",
    "suggestions": [
        {"id": "gn:98463", "name": "Jalula", "level": "locality", "admin1": "Diyala", "country": "IQ"}
    ],
}


# No null anywhere above: FastAPI leaves None out of the OpenAPI document, so an example with a null
# would lose that key and no longer fit its schema.


def examples(*values: dict[str, Any]) -> dict[str, Any]:
    """A model's `json_schema_extra`: the values as its JSON Schema `examples`."""
    return {"examples": list(values)}


EXPORT_CSV = (
    "event_id,event_date,type,label,place,admin1,country,actors,fatalities_low,fatalities_high,source\r\n"
    f"{EVENT_ID},2014-08-11,town_captured,Town captured,Jalula,Diyala,IQ,Islamic State,,,Example Wire\r\n"
)
EXPORT_JSONL = json.dumps({"id": EVENT_ID, "type": "town_captured", "date": DATE}) + "\n"
GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "id": EVENT_ID,
            "geometry": {"type": "Point", "coordinates": [45.16, 34.27]},
            "properties": {"type": "town_captured", "label": "Town captured", "date": DATE},
        }
    ],
}
CHANGE = json.dumps({"op": "upsert", "entry": ENTRY})
STREAM = f"retry: 2000\n: resuming after 41\n\nid: 42\ndata: {CHANGE}\n\n"

HISTORY = {
    "event_id": EVENT_ID,
    "report_id": REPORT_ID,
    "stream_id": report_stream(REPORT_ID),
    "status": "live",
    "versions": [
        {
            "action": "corrected",
            "position": 1207,
            "recorded_at": "2016-06-11T09:30:00Z",
            "by": {"kind": "key", "id": "3f9a1c2e", "name": "desk editor"},
            "reason": "the report names Jalula, not Jalawla district",
            "changes": {"place": {"name": "Jalula"}},
            "event": {"event_id": EVENT_ID, "report_id": REPORT_ID, "place": {"name": "Jalula"}},
            "curation_event_id": "9b2f5c1d-2a3e-4c5b-8d6e-7f8091a2b3c4",
        }
    ],
}

METRICS = (
    "# HELP timeline_reports_ingested_total Reports received, by outcome.\n"
    "# TYPE timeline_reports_ingested_total counter\n"
    'timeline_reports_ingested_total{outcome="created"} 12.0\n'
    "# HELP timeline_projection_lag_events Log events a projection has not applied yet.\n"
    "# TYPE timeline_projection_lag_events gauge\n"
    'timeline_projection_lag_events{projection="timeline"} 0.0\n'
)
