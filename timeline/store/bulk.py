"""Set-based reads of the log for projection rebuilds, so a million rows never pass through Python.

`PlainStreams` picks out, up to a position, the streams whose events need no fold to be understood: a
first event of a given type at stream version 1, then only events of "plain" types, every one at its
type's current schema version (the caller names them: the store knows no event type). The others are
listed (`irregular`) for the caller to fold. It renders paths into an event's JSON data as SQL in the
database's dialect, and holds small look-up tables, so a projection can write `INSERT ... SELECT` over the
plain streams without a dialect branch of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection

from timeline.store.codec import dump_json

Cast = Literal["text", "int", "float", "date", "json", "length"]  # length: of a text value
PathKey = str | int

PLAIN = "bulk_plain"  # stream_id, position of its first event, and the columns kept from that event
IRREGULAR = "bulk_irregular"  # stream_id


@dataclass(frozen=True, slots=True)
class JsonPath:
    """A value at a path of an event's JSON data (`("place", "lat")`, `("actors", 0)`), or of its
    metadata, read as `cast`; `default` when absent or null."""

    path: tuple[PathKey, ...]
    cast: Cast = "text"
    default: Any = None
    column: Literal["data", "metadata"] = "data"


class PlainStreams:
    """The plain streams up to `upto` (see the module docstring), as temporary tables on `conn`, which
    must stay the same connection while this is used; `drop()` removes them."""

    def __init__(self, conn: Connection, upto: int, *, prefix: str, first_type: str,
                 current: Mapping[str, int], keep: Mapping[str, JsonPath]) -> None:  # fmt: skip
        self.conn, self.upto = conn, upto
        self.sqlite = conn.dialect.name == "sqlite"
        self.drop()
        plain = " OR ".join(
            f"(type = {literal(name)} AND schema_version = {int(version)})"
            + (" AND stream_version = 1" if name == first_type else "")
            for name, version in current.items()
        )
        in_prefix = f"substr(stream_id, 1, {len(prefix)}) = {literal(prefix)}"
        self.execute(f"CREATE TEMP TABLE {IRREGULAR} AS SELECT DISTINCT stream_id FROM events "
                     f"WHERE position <= {int(upto)} AND {in_prefix} AND NOT ({plain})")  # fmt: skip
        self.execute(f"CREATE UNIQUE INDEX {IRREGULAR}_ix ON {IRREGULAR} (stream_id)")
        kept = "".join(f", {self.value('f', at)} AS {name}" for name, at in keep.items())
        self.execute(
            f"CREATE TEMP TABLE {PLAIN} AS SELECT f.stream_id AS stream_id, f.position AS position{kept} "
            f"FROM events f WHERE f.stream_version = 1 AND f.type = {literal(first_type)} "
            f"AND f.position <= {int(upto)} AND substr(f.stream_id, 1, {len(prefix)}) = {literal(prefix)} "
            f"AND NOT EXISTS (SELECT 1 FROM {IRREGULAR} i WHERE i.stream_id = f.stream_id)"
        )
        self.execute(f"CREATE UNIQUE INDEX {PLAIN}_ix ON {PLAIN} (stream_id)")

    def irregular(self) -> list[str]:
        """The streams (with the prefix) that are not plain, in no particular order."""
        return [row[0] for row in self.conn.exec_driver_sql(f"SELECT stream_id FROM {IRREGULAR}")]

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> Any:
        return self.conn.exec_driver_sql(sql, params)  # type: ignore[arg-type]

    # -- SQL fragments ------------------------------------------------------------------------------
    def later_events(self, alias: str = "e") -> str:
        """FROM-clause over the plain streams' events after their first (`p`: the stream's PLAIN row)."""
        return (f"{PLAIN} p JOIN events {alias} ON {alias}.stream_id = p.stream_id "
                f"AND {alias}.stream_version > 1 AND {alias}.position <= {int(self.upto)}")  # fmt: skip

    def value(self, alias: str, at: JsonPath) -> str:
        """SQL for `at` in `alias.data` (or `alias.metadata`)."""
        column = f"{alias}.{at.column}"
        if self.sqlite:
            path = "$" + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in at.path)
            sql = f"json_extract({column}, {literal(path)})"
            if at.cast == "length":
                sql = f"length({sql})"
        else:
            path = literal("{" + ",".join(str(k) for k in at.path) + "}")
            sql = {
                "text": f"({column} #>> {path})",
                "int": f"({column} #>> {path})::bigint",
                "float": f"({column} #>> {path})::float8",
                "date": f"({column} #>> {path})::date",
                "length": f"length({column} #>> {path})",
                # JSON null is not SQL NULL on PostgreSQL: made so, as on SQLite
                "json": f"NULLIF({column} #> {path}, 'null'::jsonb)::json",
            }[at.cast]
        if at.default is None:
            return sql
        default = literal(at.default if at.cast != "json" else dump_json(at.default))
        return f"COALESCE({sql}, {default}{'' if self.sqlite or at.cast != 'json' else '::json'})"

    def days(self, end: str, start: str) -> str:
        """`end - start` in days, for two date expressions."""
        if self.sqlite:
            return f"(julianday({end}) - julianday({start}))"
        return f"(({end})::date - ({start})::date)"

    def elements(self, array: str, alias: str) -> str:
        """FROM-clause item: the text elements of a JSON array expression, as `alias.value`."""
        if self.sqlite:
            return f"json_each({array}) {alias}"
        return f"json_array_elements_text({array}) AS {alias}(value)"

    def lookup(self, name: str, pairs: Iterable[tuple[str, str]]) -> str:
        """A temporary table `name(key, value)` holding `pairs` (keys unique); returns its name."""
        self.execute(f"DROP TABLE IF EXISTS {name}")
        self.execute(f"CREATE TEMP TABLE {name} (key TEXT PRIMARY KEY, value TEXT)")
        rows = list(pairs)
        mark = "?" if self.sqlite else "%s"
        for i in range(0, len(rows), 5000):
            self.conn.exec_driver_sql(f"INSERT INTO {name} (key, value) VALUES ({mark}, {mark})",
                                      rows[i : i + 5000])  # type: ignore[arg-type]  # fmt: skip
        return name

    def distinct(self, expression: str, where: str = "1 = 1", alias: str = "e") -> list[Any]:
        """The distinct non-null values of an expression over the plain streams' later events."""
        sql = (f"SELECT DISTINCT {expression} FROM {self.later_events(alias)} "
               f"WHERE {where} AND {expression} IS NOT NULL")  # fmt: skip
        return [row[0] for row in self.execute(sql)]

    def drop(self) -> None:
        for name in (PLAIN, IRREGULAR):
            self.execute(f"DROP TABLE IF EXISTS {name}")


def literal(value: Any) -> str:
    """A constant written into SQL (strings quoted, numbers as they are); only for the program's own
    constants, never for user input."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"
