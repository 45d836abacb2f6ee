"""`jsonl`: first line {"metadata": {...}}, then one entry per line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from timeline.exports import ExportContext


def serialize(entries: Iterable[dict[str, Any]], ctx: ExportContext) -> Iterator[str]:
    metadata = ctx.metadata
    yield json.dumps({"metadata": metadata}, ensure_ascii=False) + "\n"
    for entry in entries:
        yield json.dumps(entry, ensure_ascii=False) + "\n"
