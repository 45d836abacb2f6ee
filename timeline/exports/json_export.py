"""`json`: {"metadata": {...}, "entries": [...], "count": N}, written entry by entry."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from timeline.exports import ExportContext


def serialize(entries: Iterable[dict[str, Any]], ctx: ExportContext) -> Iterator[str]:
    metadata = ctx.metadata
    yield '{"metadata": ' + json.dumps(metadata, ensure_ascii=False) + ', "entries": ['
    count = 0
    for entry in entries:
        yield ("," if count else "") + "\n" + json.dumps(entry, ensure_ascii=False)
        count += 1
    yield f'\n], "count": {count}}}\n'
