"""Browsing the projected timeline: places (gazetteer search + event counts), actors, event types
with their definitions, and counts by type, month and admin1."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, String, cast, func, select

from timeline.domain.actors import ActorVocabulary
from timeline.domain.events import DOMAIN_EVENT_TYPES
from timeline.gazetteer.display import display_name
from timeline.query.filters import GazetteerLike, PlaceScope, ResolvedFilter
from timeline.query.sql import actor_pairs, count_matching, entries, matching
from timeline.query.vocabulary import type_synonyms


def places(conn: Connection, gazetteer: GazetteerLike, q: str | None, limit: int) -> list[dict[str, Any]]:
    if q and q.strip():
        found = gazetteer.search(q.strip(), limit=limit)
        result = []
        for e in found:
            admin1 = e.name if e.level == "admin1" and not e.admin1 else e.admin1
            scope = PlaceScope(id=e.id, name=e.name, level=e.level, admin1=admin1, country=e.country)
            n = count_matching(ResolvedFilter(place=scope), conn)
            result.append({"id": e.id, "name": display_name(e.name), "level": e.level,
                           "admin1": display_name(admin1),
                           "country": e.country, "event_count": int(n)})
        return result
    c = entries.c
    rows = conn.execute(
        select(c.gazetteer_id, func.max(func.coalesce(c.place_resolved, c.place_name)), func.max(c.admin1),
               func.max(c.country), func.max(c.place_precision), func.count())
        .where(c.gazetteer_id.is_not(None)).group_by(c.gazetteer_id)
        .order_by(func.count().desc(), c.gazetteer_id).limit(limit)
    ).all()
    return [{"id": gid, "name": display_name(name) or gid, "level": level or "locality",
             "admin1": display_name(admin1), "country": cc, "event_count": int(n)}
            for gid, name, admin1, cc, level, n in rows]


def actors(conn: Connection, vocabulary: ActorVocabulary, q: str | None, limit: int) -> list[dict[str, Any]]:
    a = actor_pairs.c
    query = select(a.actor, func.count()).group_by(a.actor)
    query = query.order_by(func.count().desc(), a.actor).limit(limit)
    if q and q.strip():
        query = query.where(func.lower(a.actor).contains(q.strip().lower(), autoescape=True))
    return [
        {"name": name, "event_count": int(n), "aliases": vocabulary.aliases_of(name)}
        for name, n in conn.execute(query)
    ]


def types() -> list[dict[str, Any]]:
    synonyms = type_synonyms()
    return [
        {"type": cls.kind, "label": cls.label, "definition": cls.definition(), "core": cls.core,
         "synonyms": sorted(w for w, k in synonyms.items() if k == cls.kind),
         "acled": {"event_type": cls.acled_types()[0], "sub_event_type": cls.acled_types()[1]},
         "style": {"color": cls.style[0], "shape": cls.style[1]},
         "flags": {"may_have_no_place": cls.may_have_no_place, "two_party": cls.two_party,
                   "has_counts": cls.has_counts, "claimable": cls.claimable, "exclusive": cls.exclusive,
                   "control": cls.control}}
        for cls in DOMAIN_EVENT_TYPES
    ]


def stats(conn: Connection, r: ResolvedFilter) -> dict[str, Any]:
    c = entries.c
    rows = matching(r, conn, c.kind, func.substr(cast(c.date_start, String), 1, 7).label("month"),
                    c.admin1).subquery()

    def buckets(key: Any, shown: Any = lambda k: k) -> list[dict[str, Any]]:
        found = conn.execute(select(key, func.count()).group_by(key).order_by(key)).all()
        return [{"key": shown(k), "count": int(n)} for k, n in found]

    return {"total": count_matching(r, conn), "by_type": buckets(rows.c.kind),
            "by_month": buckets(rows.c.month), "by_admin1": buckets(rows.c.admin1, display_name)}
