"""A throw-away API in the contract's shape (/timeline, /places, /stream) for widget development and the
10,000-event benchmark; the widget's required tests run against the real app instead (see conftest)."""

from __future__ import annotations

import asyncio
import json
import random
from datetime import date, timedelta
from typing import Annotated

from fastapi import FastAPI, Query, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, StreamingResponse

from api.routes.widget import router as widget_router
from timeline.domain.events import BY_KIND
from timeline.query import browse

PROVINCES = [
    ("Northshire", "XA"),
    ("Lakeland", "XA"),
    ("Redhill", "XA"),
    ("Stonevale", "XB"),
    ("Eastmarch", "XB"),
]
TOWNS = ["Ashford", "Brindle", "Corvale", "Dunmore", "Elsworth", "Fernhill", "Galloway", "Hartwell"]
ACTORS = ["Northern Front", "Government forces", "Valley Militia", "Coalition", "Border Guard"]
KINDS = [
    "town_captured",
    "offensive_launched",
    "attack",
    "airstrike",
    "clash",
    "withdrawal",
    "deployment",
    "displacement",
    "designation_announced",
    "visit",
    "appointment",
]
PRECISIONS = ["day"] * 6 + ["week", "month", "year"]


def make_entry(
    i: int,
    kind: str,
    start: date,
    end: date,
    precision: str,
    town: str | None,
    province: str,
    country: str,
    actors: list[str],
    headline: str,
    evidence: str,
    url: str | None = None,
    outlet: str = "Example Gazette",
) -> dict:
    place = None
    if town is not None or province:
        place = {
            "name": town or province,
            "locality": town,
            "admin1": province,
            "country": country,
            "gazetteer_id": f"fake:{(town or province).lower()}",
            "lat": 10.0 + i % 7,
            "lon": 20.0 + i % 5,
            "precision": "locality" if town else "admin1",
        }
    return {
        "id": f"ev-{i}",
        "type": kind,
        "label": BY_KIND[kind].label,
        "headline": headline,
        "date": {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "precision": precision,
            "phrase": "on that day",
        },
        "place": place,
        "actors": actors,
        "fatalities": None,
        "sources": [
            {
                "report_id": f"rep-{i % 40}",
                "outlet": outlet,
                "url": url,
                "title": f"Dispatch {i}",
                "published": (end + timedelta(days=2)).isoformat(),
                "evidence": {"text": evidence, "start": 0, "end": len(evidence)},
            }
        ],
        "contradictions": [],
    }


def sample_entries() -> list[dict]:
    """A dozen invented events with every precision, a contradiction and an injection attempt."""
    rows = []
    d = date(2014, 6, 1)
    for i in range(12):
        kind = KINDS[i % len(KINDS)]
        prov, country = PROVINCES[i % len(PROVINCES)]
        town = TOWNS[i % len(TOWNS)]
        precision = PRECISIONS[i % len(PRECISIONS)]
        start = d + timedelta(days=9 * i)
        end = (
            start
            + {
                "day": timedelta(0),
                "week": timedelta(days=6),
                "month": timedelta(days=29),
                "year": timedelta(days=200),
            }[precision]
        )
        actor = ACTORS[i % len(ACTORS)]
        rows.append(
            make_entry(
                i,
                kind,
                start,
                end,
                precision,
                town,
                prov,
                country,
                [actor],
                f"{actor} {kind.replace('_', ' ')} near {town}",
                f"Witnesses said {actor} was involved near {town}.",
                url=f"https://example.org/r/{i}",
            )
        )
    rows[0]["fatalities"] = {"low": 12, "high": None}
    other = make_entry(
        100,
        "town_captured",
        date(2014, 6, 2),
        date(2014, 6, 2),
        "day",
        TOWNS[0],
        PROVINCES[0][0],
        "XA",
        ["Government forces"],
        "Government forces captured Ashford",
        "The army said it held Ashford.",
        outlet="Other Courier",
    )
    rows[0]["contradictions"] = [other]
    evil = "<script>alert(1)</script> <img src=x onerror=alert(1)>"
    rows.append(
        make_entry(
            200,
            "attack",
            date(2014, 7, 4),
            date(2014, 7, 4),
            "day",
            "Dunmore",
            "Redhill",
            "XA",
            [evil],
            f"Raid reported {evil}",
            f"Quote {evil}",
            url="javascript:alert(1)",
            outlet=f"Outlet {evil}",
        )
    )
    return rows


def generate_entries(n: int, seed: int = 7, start: date = date(2010, 1, 1), years: int = 10) -> list[dict]:
    """`n` random events over `years` years, for the rendering benchmark."""
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        kind = rnd.choice(KINDS)
        prov, country = rnd.choice(PROVINCES)
        s = start + timedelta(days=rnd.randrange(365 * years))
        precision = rnd.choice(PRECISIONS)
        e = (
            s
            + {
                "day": timedelta(0),
                "week": timedelta(days=6),
                "month": timedelta(days=30),
                "year": timedelta(days=364),
            }[precision]
        )
        actor = rnd.choice(ACTORS)
        town = rnd.choice(TOWNS)
        rows.append(
            make_entry(
                i,
                kind,
                s,
                e,
                precision,
                town,
                prov,
                country,
                [actor],
                f"{actor}: {kind.replace('_', ' ')} at {town}",
                f"Event {i} at {town}.",
            )
        )
    rows.sort(key=lambda r: r["date"]["start"])
    return rows


def _matches(
    e: dict, place: str | None, start: date | None, end: date | None, types: list[str], actor: str | None
) -> bool:
    if types and e["type"] not in types:
        return False
    if place:
        p = e["place"] or {}
        if place.lower() not in {
            str(p.get(k) or "").lower() for k in ("name", "locality", "admin1", "country")
        }:
            return False
    if start and date.fromisoformat(e["date"]["end"]) < start:
        return False
    if end and date.fromisoformat(e["date"]["start"]) > end:
        return False
    return not (actor and not any(actor.lower() in a.lower() for a in e["actors"]))


def _day(text: str | None, last: bool) -> date | None:
    if not text:
        return None
    parts = [int(x) for x in text.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31) if last else date(parts[0], 1, 1)
    if len(parts) == 2:
        if not last:
            return date(parts[0], parts[1], 1)
        nxt = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return nxt - timedelta(days=1)
    return date(*parts)


def create_fake_app(entries: list[dict]) -> FastAPI:
    app = FastAPI()
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["*"], allow_headers=["*"])
    app.include_router(widget_router)
    app.state.entries = list(entries)
    app.state.log = []  # (position, payload) for /stream

    @app.get("/timeline")
    def timeline(
        place: str | None = None,
        from_: Annotated[str | None, Query(alias="from")] = None,
        to: str | None = None,
        type_: Annotated[list[str] | None, Query(alias="type")] = None,
        actor: str | None = None,
        cursor: str | None = None,
        limit: Annotated[int, Query(le=1000)] = 100,
    ) -> JSONResponse:
        types = [t for v in type_ or [] for t in v.split(",") if t]
        known = {str(v).lower() for e in app.state.entries for v in (e["place"] or {}).values() if v}
        if place and place.lower() not in known:
            return JSONResponse({"detail": f"unknown place {place!r}", "suggestions": []}, status_code=404)
        rows = [
            e
            for e in app.state.entries
            if _matches(e, place, _day(from_, False), _day(to, True), types, actor)
        ]
        offset = int(cursor or 0)
        page = rows[offset : offset + limit]
        nxt = str(offset + limit) if offset + limit < len(rows) else None
        return JSONResponse(
            {"total": len(rows), "next_cursor": nxt, "query": {"from": from_, "to": to}, "items": page}
        )

    @app.get("/types")
    def types() -> list[dict]:
        return browse.types()  # the real service's types: one definition per type, on its class

    @app.get("/places")
    def places(q: str = "") -> list[dict]:
        seen: dict[str, dict] = {}
        for e in app.state.entries:
            p = e["place"] or {}
            for name, level in ((p.get("locality"), "locality"), (p.get("admin1"), "admin1")):
                if name and name.lower().startswith(q.lower()):
                    row = seen.setdefault(
                        name,
                        {
                            "id": f"fake:{name.lower()}",
                            "name": name,
                            "level": level,
                            "admin1": p.get("admin1"),
                            "country": p.get("country"),
                            "event_count": 0,
                        },
                    )
                    row["event_count"] += 1
        return list(seen.values())[:10]

    @app.post("/_push")
    async def push(request: Request) -> dict:
        payload = await request.json()
        app.state.log.append((len(app.state.log) + 1, payload))
        return {"position": len(app.state.log)}

    @app.get("/stream")
    async def stream(request: Request) -> StreamingResponse:
        resume = request.headers.get("last-event-id") or request.query_params.get("after")
        after = int(resume) if resume else len(app.state.log)  # like the real one: only new changes

        async def events():
            pos = after
            yield "retry: 500\n\n"
            while not await request.is_disconnected():
                for position, payload in app.state.log:
                    if position > pos:
                        pos = position
                        yield f"id: {position}\ndata: {json.dumps(payload)}\n\n"
                await asyncio.sleep(0.1)

        return StreamingResponse(events(), media_type="text/event-stream")

    return app
