"""How event data and metadata are written as JSON in the log (orjson when installed: several times
faster on the read path projection rebuilds stream through; the stdlib gives the same documents)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

try:
    import orjson
except ImportError:  # optional speed-up
    orjson = None  # type: ignore[assignment]

if orjson is not None:

    def dump_json(value: dict[str, Any]) -> str:
        return orjson.dumps(value).decode()

    load_json: Callable[[str | bytes], Any] = orjson.loads
else:

    def dump_json(value: dict[str, Any]) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    load_json = json.loads
