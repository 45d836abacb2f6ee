"""Territorial control: the live gains and losses of named places (types whose `control` fact says so),
kept from the live-events fold's changes so `timeline.query.control` can derive who held what when."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from sqlalchemy import Connection, Table

from timeline.domain.actors import ActorVocabulary
from timeline.domain.events import DOMAIN_EVENT_TYPES
from timeline.domain.live import Change, LiveEvent, Remove, Upsert
from timeline.projections.base import Projection, Tables
from timeline.projections.rows import FROM_DATA, PLACE_NAME, day, type_case
from timeline.projections.tables import control_events
from timeline.store.bulk import JsonPath, PlainStreams, literal
from timeline.store.dialect import chunks, insert_rows


def says_who_holds(live: LiveEvent) -> bool:
    """A gain or loss of a named place by a named party (without either, it says nothing of control)."""
    return live.cls.control is not None and bool(live.data.get("place")) and bool(live.data.get("actors"))


class ControlProjection(Projection):
    """Rows are collected per batch and written once at its end (deletes, then inserts)."""

    name: ClassVar[str] = "control"
    tables: ClassVar[tuple[Table, ...]] = (control_events,)

    def __init__(self, actors: ActorVocabulary) -> None:
        self.actors = actors  # actors are kept by canonical name: periods group by controller

    def inputs(self) -> str:
        return f"actors:{self.actors.fingerprint}"

    def apply(self, conn: Connection, changes: Sequence[Change], tables: Tables) -> None:
        table = tables[control_events]
        pending: dict[str, dict[str, Any]] = {}  # event id -> row to insert
        gone: set[str] = set()  # event ids whose stored row (if any) is deleted
        for change in changes:
            if isinstance(change, Upsert):
                event_id = change.event_id
                if not change.first:
                    gone.add(event_id)  # a correction may also take it out of control (place, kind)
                pending.pop(event_id, None)
                if says_who_holds(change.live):
                    pending[event_id] = self._row(change)
            elif isinstance(change, Remove):
                pending.pop(change.event_id, None)
                gone.add(change.event_id)
        for part in chunks(sorted(gone)):
            conn.execute(table.delete().where(table.c.event_id.in_(part)))
        insert_rows(conn, table, list(pending.values()))

    bulk_capable: ClassVar[bool] = True

    def bulk(self, conn: Connection, streams: PlainStreams, tables: Tables) -> None:
        """`_row` for every plain stream's gain or loss, in SQL; first and second actors' canonical names
        from a look-up of the distinct names the log holds."""
        kinds = ", ".join(literal(c.type_name) for c in DOMAIN_EVENT_TYPES if c.control is not None)
        if not kinds:
            return
        first, second = (streams.value("e", JsonPath(("actors", i))) for i in (0, 1))
        says = f"e.type IN ({kinds}) AND {streams.value('e', PLACE_NAME)} IS NOT NULL AND {first} IS NOT NULL"
        names = {n for expression in (first, second) for n in streams.distinct(expression, says)}
        streams.lookup("bulk_actor", ((n, self.actors.canonical(n)) for n in names))
        value = lambda *path, cast="text": streams.value("e", JsonPath(path, cast))  # noqa: E731
        start, end = (streams.value("e", FROM_DATA[f"date_{edge}"]) for edge in ("start", "end"))
        resolved, name = value("place", "resolved_name"), value("place", "name")
        columns = {
            "event_id": value("event_id"), "report_id": value("report_id"), "kind": type_case("e", "kind"),
            "gazetteer_id": value("place", "gazetteer_id"),
            "place_name": f"COALESCE(NULLIF({resolved}, ''), {name})",
            "place_precision": f"COALESCE({value('place', 'precision')}, 'locality')",
            "admin1": value("place", "admin1"), "country": value("place", "country"),
            "lat": value("place", "lat", cast="float"), "lon": value("place", "lon", cast="float"),
            "date_start": start, "date_end": f"COALESCE({end}, {start})",
            "actor": "a1.value", "other_actor": "a2.value", "outlet": "p.source", "position": "e.position",
        }  # fmt: skip
        streams.execute(
            f"INSERT INTO {tables[control_events].name} ({', '.join(columns)}) "
            f"SELECT {', '.join(columns.values())} FROM {streams.later_events('e')} "
            f"JOIN bulk_actor a1 ON a1.key = {first} LEFT JOIN bulk_actor a2 ON a2.key = {second} "
            f"WHERE {says}")  # fmt: skip
        streams.execute("DROP TABLE bulk_actor")

    def _row(self, change: Upsert) -> dict[str, Any]:
        data = change.live.data
        place, actors, when = data["place"], data["actors"], data.get("when") or {}
        start = day(when.get("start"))
        return {
            "event_id": data["event_id"], "report_id": data["report_id"], "kind": change.live.cls.kind,
            "gazetteer_id": place.get("gazetteer_id"),
            "place_name": place.get("resolved_name") or place["name"],
            "place_precision": place.get("precision", "locality"), "admin1": place.get("admin1"),
            "country": place.get("country"), "lat": place.get("lat"), "lon": place.get("lon"),
            "date_start": start, "date_end": day(when.get("end")) or start,
            "actor": self.actors.canonical(actors[0]),
            "other_actor": self.actors.canonical(actors[1]) if len(actors) > 1 else None,
            "outlet": change.report.source, "position": change.live.position,
        }  # fmt: skip
