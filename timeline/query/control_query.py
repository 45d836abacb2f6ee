"""Reads the control projection: the periods of control of one place, and who held each known
locality of an area on a given day."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, inspect, select

from timeline.gazetteer.display import display_name
from timeline.projections.tables import control_events
from timeline.query.control import Period, control_periods, holder_on
from timeline.query.entries import source_json
from timeline.query.filters import PlaceScope, ResolvedFilter
from timeline.query.sql import conditions, entries


def _periods_json(conn: Connection, periods: list[Period]) -> list[dict[str, Any]]:
    ids = {i for p in periods for i in p.event_ids}
    rows = {r.event_id: r for r in conn.execute(select(entries).where(entries.c.event_id.in_(ids)))}
    return [{
        "controller": p.controller, "from": p.start.isoformat() if p.start else None,
        "to": p.end.isoformat() if p.end else None, "inferred": p.inferred, "disputed": p.disputed,
        "sources": [source_json(rows[i]) for i in p.event_ids if i in rows],
    } for p in periods]


def _place_json(row: Any) -> dict[str, Any]:
    name = display_name(row.place_name)
    return {"name": name, "locality": name if row.place_precision == "locality" else None,
            "admin1": display_name(row.admin1), "country": row.country, "gazetteer_id": row.gazetteer_id,
            "spelling": row.place_name, "lat": row.lat, "lon": row.lon,
            "precision": row.place_precision or "locality"}


def _by_place(conn: Connection, scope: PlaceScope) -> dict[str, list[Any]]:
    if not inspect(conn).has_table(control_events.name):
        return {}
    where = conditions(ResolvedFilter(place=scope), conn, table=control_events)
    groups: dict[str, list[Any]] = {}
    for row in conn.execute(select(control_events).where(*where)):
        groups.setdefault(row.gazetteer_id or row.place_name, []).append(row)
    return groups


def place_control(conn: Connection, scope: PlaceScope) -> list[dict[str, Any]]:
    """For each place at or inside `scope` with captures or withdrawals, its periods of control."""
    result = []
    for rows in _by_place(conn, scope).values():
        if scope.level == "locality" or rows[0].place_precision == "locality":
            periods = _periods_json(conn, control_periods(rows))
            result.append({"place": _place_json(rows[0]), "periods": periods})
    return result


def control_on(conn: Connection, scope: PlaceScope, day: date) -> dict[str, Any]:
    localities: list[dict[str, Any]] = []
    for rows in _by_place(conn, scope).values():
        if rows[0].place_precision != "locality":
            continue
        held = holder_on(control_periods(rows), day)
        if held:
            localities.append({"place": _place_json(rows[0]), "periods": _periods_json(conn, held)})
    localities.sort(key=lambda item: item["place"]["name"] or "")
    return {"place": scope.as_json(), "on": day.isoformat(), "localities": localities}
