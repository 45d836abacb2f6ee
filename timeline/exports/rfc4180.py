"""CSV as RFC 4180 writes it, so any reader opens it with its defaults: a header line, CRLF line ends,
every text field quoted (quotes doubled; commas, "#" and line breaks kept inside the quotes), numbers bare,
missing values empty. A `Table` is a CSV export's columns and its row rule; the body holds nothing else
(metadata goes to HTTP headers and the JSON sidecar, timeline.exports.sidecar)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from timeline.exports import ExportContext

CRLF = "\r\n"
# What a row function returns instead of a row when the entry cannot be a row, and why (the sidecar counts).
Omitted = str


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]  # (name, what it holds), in file order
    row: Callable[[dict[str, Any], ExportContext], dict[str, Any] | Omitted]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)


def field(value: Any) -> str:
    """One field: None empty, numbers bare, everything else a quoted string."""
    if value.__class__ is str:  # most fields: checked first
        return '"' + value.replace('"', '""') + '"'
    if value is None:
        return ""
    if isinstance(value, bool):
        return '"true"' if value else '"false"'
    if isinstance(value, int | float):
        return repr(value)
    return '"' + str(value).replace('"', '""') + '"'


def line(values: Iterable[Any]) -> str:
    return ",".join(field(v) for v in values) + CRLF


def serialize_table(table: Table, entries: Iterable[dict[str, Any]], ctx: ExportContext) -> Iterator[str]:
    """The header, then one line per entry that has a row, in chunks of about 64 KB."""
    names = table.names
    chunk = [line(names)]
    size = 0
    for entry in entries:
        row = table.row(entry, ctx)
        if isinstance(row, str):
            continue
        text = line(row.get(name) for name in names)
        chunk.append(text)
        size += len(text)
        if size > 65536:
            yield "".join(chunk)
            chunk, size = [], 0
    yield "".join(chunk)
