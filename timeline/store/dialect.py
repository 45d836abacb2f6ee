"""What differs between SQLite and PostgreSQL for the read models, kept here so no other module branches
on the dialect: row locks, day arithmetic, locks for schema changes and rebuilds, creating a table under
generation-stamped constraint and index names, swapping tables, adding to counters (upsert), and the
parameter limit batches respect."""

from __future__ import annotations

import fcntl
import operator
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Index, MetaData, Select, Table, bindparam, func, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.elements import ColumnElement, quoted_name

T = TypeVar("T")

MAX_IDS = 500  # values per IN (...) list: well below SQLite's bound-parameter limit
# Any constants will do: they only keep two processes from changing the same objects at once.
SCHEMA_LOCK_KEY = 734_118_203
REBUILD_LOCK_KEY = 734_118_204


def chunks(items: Sequence[T], size: int = MAX_IDS) -> Iterable[Sequence[T]]:
    """`items` in slices a single statement can take as parameters."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT many rows. On SQLite through the driver's executemany, each value converted by its column
    type's own bind processor (what SQLAlchemy would store, at a third of the cost per row: the path a
    rebuild's millions of rows take); on PostgreSQL SQLAlchemy's batched insert."""
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(table.insert(), list(rows))
        return
    names = [c.name for c in table.columns]
    processors = [(i, p) for i, c in enumerate(table.columns)
                  if (p := c.type._cached_bind_processor(conn.dialect)) is not None]  # fmt: skip
    sql = (f"INSERT INTO {_quoted(conn, table.name)} ({', '.join(_quoted(conn, n) for n in names)}) "
           f"VALUES ({', '.join('?' * len(names))})")  # fmt: skip
    values = operator.itemgetter(*names)
    params: list[Any] = []
    for row in rows:
        found = values(row)
        if processors:
            found = list(found) if len(names) > 1 else [found]
            for i, process in processors:
                found[i] = process(found[i])
        params.append(tuple(found) if len(names) > 1 or processors else (found,))
    conn.exec_driver_sql(sql, params)


def add_counts(conn: Connection, table: Table, counter: str, rows: Sequence[dict[str, Any]]) -> None:
    """Add each row's `counter` to that of the table's row with the same primary key, made when missing;
    then remove the rows whose counter fell to zero. One statement each, run for many rows (a statement
    built per batch costs more than the writes)."""
    if not rows:
        return
    keys = [c.name for c in table.primary_key]
    insert = (sqlite_insert if conn.dialect.name == "sqlite" else postgresql_insert)(table)
    added = {counter: table.c[counter] + insert.excluded[counter]}
    conn.execute(insert.on_conflict_do_update(index_elements=keys, set_=added), list(rows))
    fallen = [{f"k_{k}": row[k] for k in keys} for row in rows if row[counter] < 0]
    if fallen:
        same = [table.c[k] == bindparam(f"k_{k}") for k in keys]
        conn.execute(table.delete().where(*same, table.c[counter] == 0), fallen)


def for_update(query: Select[Any], conn: Connection) -> Select[Any]:
    """Lock the selected rows until the transaction ends (PostgreSQL; a SQLite write transaction holds
    the whole database already)."""
    return query.with_for_update() if conn.dialect.name == "postgresql" else query


def days_between(conn: Connection, end: Any, start: Any) -> ColumnElement[Any]:
    """`end - start` in days, for Date columns."""
    if conn.dialect.name == "sqlite":
        return func.julianday(end) - func.julianday(start)
    return end - start  # type: ignore[no-any-return]


def select_with_rows(conn: Connection, columns: Sequence[tuple[str, str]], rows: Sequence[tuple[Any, ...]],
                     body: str, dates: Sequence[int] = ()) -> list[Any]:
    """Run `body`, a SELECT that joins the table `w` holding `rows` (columns: (name, PostgreSQL type)).
    SQLite gets the rows as a VALUES list; PostgreSQL as one array per column (psycopg parses a long
    query's placeholders uncached: a VALUES list of thousands costs more than the join itself). Result
    columns at the positions `dates` are dates on both (SQLite returns its ISO text)."""
    names = ", ".join(name for name, _ in columns)
    found: list[Any] = []
    per_statement = max(1, MAX_IDS // len(columns)) if conn.dialect.name == "sqlite" else 10 * MAX_IDS
    for part in chunks(rows, per_statement):
        if conn.dialect.name == "sqlite":
            values = ", ".join("(" + ", ".join("?" * len(columns)) + ")" for _ in part)
            params: tuple[Any, ...] = tuple(_sqlite_value(v) for row in part for v in row)
            sql = f"WITH w({names}) AS (VALUES {values}) {body}"
        else:
            arrays = ", ".join(f"%s::{kind}[]" for _, kind in columns)
            params = tuple(list(column) for column in zip(*part, strict=True))
            sql = f"WITH w AS (SELECT * FROM unnest({arrays}) AS w({names})) {body}"
        result = conn.exec_driver_sql(sql, params).all()
        if dates and conn.dialect.name == "sqlite":
            found.extend(_with_dates(tuple(row), dates) for row in result)
        else:
            found.extend(result)
    return found


def _with_dates(row: tuple[Any, ...], dates: Sequence[int]) -> tuple[Any, ...]:
    values = list(row)
    for i in dates:
        if isinstance(values[i], str):
            values[i] = date.fromisoformat(values[i])
    return tuple(values)


def _sqlite_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value  # SQLite keeps dates as ISO text


def schema_lock(conn: Connection) -> None:
    """Take the lock under which read-model tables are created or swapped, until the transaction ends, so
    several processes starting together do not create the same table twice. SQLite: the transaction must
    be a write transaction (timeline.store.write_transaction), which holds the database lock already."""
    if conn.dialect.name == "postgresql":  # per schema: other schemas' read models are others' business
        conn.execute(text("SELECT pg_advisory_xact_lock(:key, hashtext(current_schema()))"),
                     {"key": SCHEMA_LOCK_KEY})  # fmt: skip


@contextmanager
def rebuild_lock(engine: Engine) -> Iterator[None]:
    """Held while one process rebuilds read models (minutes at a million events), without blocking writers
    or readers: a session advisory lock on PostgreSQL, an exclusive lock on a file beside the SQLite file."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            schema = "hashtext(current_schema())"
            conn.execute(text(f"SELECT pg_advisory_lock(:key, {schema})"), {"key": REBUILD_LOCK_KEY})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text(f"SELECT pg_advisory_unlock(:key, {schema})"), {"key": REBUILD_LOCK_KEY})
                conn.commit()
        return
    database = engine.url.database or ""
    with open(Path(database).with_name(Path(database).name + ".rebuild-lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def physical(table: Table, name: str, generation: int) -> Table:
    """A copy of `table` named `name`, its primary key and indexes named for `generation`: a rebuilt table
    can be created beside the live one and take its name, and the next rebuild's names never clash."""
    copy = table.to_metadata(MetaData(), name=name)
    copy.primary_key.name = quoted_name(f"pk_{table.name}_g{generation}", None)
    for index in copy.indexes:
        index.name = quoted_name(f"{_base_name(index)}_g{generation}", None)
    return copy


def _base_name(index: Index) -> str:
    name = str(index.name)
    stem, _, generation = name.rpartition("_g")
    return stem if stem and generation.isdigit() else name


def create_table(conn: Connection, table: Table, keep: Iterable[str] | None = None) -> None:
    """Create a physical table (see `physical`) with its secondary indexes, or only those named in `keep`
    (by their logical names): a bulk load is faster into a bare table; `create_indexes` adds the rest."""
    indexes = set(table.indexes)
    if keep is not None:
        wanted = set(keep)
        table.indexes.intersection_update(i for i in indexes if _base_name(i) in wanted)
    try:
        table.create(conn)
    finally:
        table.indexes.update(indexes)


def create_indexes(conn: Connection, table: Table) -> None:
    for index in table.indexes:
        index.create(conn, checkfirst=True)


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction whose reads all see the database as it was at the first one, so a
    read made of several queries (an export, page after page) is consistent: REPEATABLE READ on
    PostgreSQL; on SQLite, a read transaction in WAL mode is one already."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


def settle(engine: Engine, tables: Iterable[Table]) -> None:
    """After a table is filled in bulk: on PostgreSQL, VACUUM (ANALYZE) it, so the planner knows its rows
    and index-only scans can skip the heap, which autovacuum (if it is on) would do only some time later.
    SQLite plans well without statistics, and ANALYZE there would change its plans: nothing to do."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:  # VACUUM needs no txn
        for table in tables:
            conn.execute(text(f"VACUUM (ANALYZE) {_quoted(conn, table.name)}"))


def drop_table(conn: Connection, name: str) -> None:
    conn.execute(text(f"DROP TABLE IF EXISTS {_quoted(conn, name)}"))


def rename_table(conn: Connection, old: str, new: str) -> None:
    conn.execute(text(f"ALTER TABLE {_quoted(conn, old)} RENAME TO {_quoted(conn, new)}"))


def _quoted(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)
