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


def event_key(event_id: str) -> str | bytes:
    """An event id as the SQLite log keys it: a UUID in its canonical text (lowercase, hyphenated: every id
    this service mints) as its 16 bytes, any other id as it is. The unique index on event ids is the one
    b-tree an append writes at random places; 16-byte keys make it about half the size, so a batch dirties
    fewer of its pages. `event_text` gives the id back exactly: an id that would not round-trip stays text.
    """
    if len(event_id) == 36 and event_id[8] == event_id[13] == event_id[18] == event_id[23] == "-":
        digits = event_id.replace("-", "")
        if len(digits) == 32 and digits == digits.lower():  # upper-case hex would not round-trip
            try:
                key = bytes.fromhex(digits)
            except ValueError:
                return event_id
            if len(key) == 16:  # fromhex skips white space: fewer bytes then
                return key
    return event_id


def event_text(key: str | bytes) -> str:
    """The event id a key from `event_key` stands for."""
    if isinstance(key, str):
        return key
    h = key.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
