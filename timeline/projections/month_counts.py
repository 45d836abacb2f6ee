"""How many dated timeline rows start in each month, per place scope: kept by the timeline projection with
its rows, so counting a window (how many events in Diyala in 2014) adds up the months the window covers
whole and reads only its ragged edges from the index (timeline.query.sql's `count_matching`), where a
count of every matching index entry grows with the place's events.

A row counts once in each scope it can be asked for by: everywhere, its country, its (admin1, country) and
its gazetteer id; `scope_key` is the same rule for a query's place."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import Connection, RowMapping, Table, func, select

from timeline.store.dialect import add_counts

Key = tuple[str, str, str, date]  # (scope, place, country, month): the table's primary key, in its order
EVERYWHERE, COUNTRY, ADMIN1, GAZETTEER = "all", "country", "admin1", "gazetteer"


def keys_of(gazetteer_id: str | None, admin1: str | None, country: str | None,
            start: date | None) -> list[Key]:  # fmt: skip
    """The buckets a row with these columns counts in (none when undated)."""
    if start is None:
        return []
    month = start.replace(day=1)
    keys: list[Key] = [(EVERYWHERE, "", "", month)]
    if country:
        keys.append((COUNTRY, country, "", month))
    if admin1:
        keys.append((ADMIN1, admin1, country or "", month))
    if gazetteer_id:
        keys.append((GAZETTEER, gazetteer_id, "", month))
    return keys


def scope_key(level: str | None, place_id: str | None, admin1: str | None,
              country: str | None) -> tuple[str, str, str | None] | None:  # fmt: skip
    """(scope, place, country or None for any) of the buckets holding a query place's rows, as
    timeline.query.sql's `conditions` matches them; None when the buckets cannot say (a country scope
    without a country)."""
    if level is None:
        return EVERYWHERE, "", ""
    if level == "country":
        return (COUNTRY, country, "") if country else None
    if level == "admin1":
        return (ADMIN1, admin1, country or None) if admin1 else None
    return (GAZETTEER, place_id, "") if place_id else None


def tally(rows: Iterable[Mapping[str, Any]] | Iterable[RowMapping], sign: int, into: Counter[Key]) -> None:
    """Add (sign=1) or take away (sign=-1) rows' counts."""
    for row in rows:
        _add(into, row["gazetteer_id"], row["admin1"], row["country"], row["date_start"], sign)


def write(conn: Connection, table: Table, deltas: Counter[Key]) -> None:
    """Apply count changes; buckets that fall to zero go, so the table is the same however it was reached."""
    names = [c.name for c in table.primary_key]
    add_counts(conn, table, "n", [{**dict(zip(names, key, strict=True)), "n": n}
                                  for key, n in deltas.items() if n])  # fmt: skip


def fill(conn: Connection, entries: Table, counts: Table) -> None:
    """Count every row of a freshly filled timeline table: one grouped scan, folded into buckets here."""
    c = entries.c
    grouped = conn.execute(select(c.gazetteer_id, c.admin1, c.country, c.date_start, func.count())
                           .where(c.date_start.is_not(None))
                           .group_by(c.gazetteer_id, c.admin1, c.country, c.date_start))  # fmt: skip
    totals: Counter[Key] = Counter()
    for gazetteer_id, admin1, country, start, n in grouped:
        _add(totals, gazetteer_id, admin1, country, start, n)
    write(conn, counts, totals)


def _add(into: Counter[Key], gazetteer_id: str | None, admin1: str | None, country: str | None,
         start: date | None, n: int) -> None:  # fmt: skip
    for key in keys_of(gazetteer_id, admin1, country, start):
        into[key] += n
