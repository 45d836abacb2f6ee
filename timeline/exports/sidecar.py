"""`<format>-meta`: the JSON sidecar of a CSV export (`csv-meta`, `acled-meta`): the export's metadata
(when, store position, filters, how the question was understood), its columns with what each holds, how
many rows the CSV has, and how many entries it leaves out and why. Computed by the same row rule as the
CSV, over the same filter, so the counts are the CSV's."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from timeline.exports import ExportContext, Serializer
from timeline.exports.rfc4180 import Table


def for_table(table: Table) -> Serializer:
    def serialize(entries: Iterable[dict[str, Any]], ctx: ExportContext) -> Iterator[str]:
        rows, omitted = 0, Counter[str]()
        for entry in entries:
            row = table.row(entry, ctx)
            if isinstance(row, str):
                omitted[row] += 1
            else:
                rows += 1
        document = {
            "metadata": ctx.metadata, "table": table.name,
            "dialect": {"rfc": 4180, "header": True, "line_end": "CRLF", "quoting": "every text field",
                        "encoding": "utf-8"},
            "columns": [{"name": name, "description": text} for name, text in table.columns],
            "rows": rows, "omitted": dict(omitted),
        }
        yield json.dumps(document, ensure_ascii=False, indent=1) + "\n"

    return serialize
