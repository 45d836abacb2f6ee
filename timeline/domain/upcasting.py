"""Upcasters: stored data of an older schema version -> the shape the current event class reads.

Register one function per (type, from_version); reading chains them up to the class's version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Data = dict[str, Any]
Upcaster = Callable[[Data], Data]

_UPCASTERS: dict[tuple[str, int], Upcaster] = {}


def upcaster(type_name: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    def register(fn: Upcaster) -> Upcaster:
        _UPCASTERS[(type_name, from_version)] = fn
        return fn

    return register


def upcast(type_name: str, version: int, target: int, data: Data) -> Data:
    """Chain upcasters from `version` to `target`; a missing step is a bug, so it raises."""
    while version < target:
        step = _UPCASTERS.get((type_name, version))
        if step is None:
            raise LookupError(f"no upcaster for {type_name} v{version} -> v{version + 1}")
        data = step(dict(data))
        version += 1
    if version > target:
        raise ValueError(f"{type_name} v{version} is newer than this code (v{target}); upgrade the service")
    return data


def _domain_v1_to_v2(data: Data) -> Data:
    """v1 domain events stored their interval as `date` {start, end, precision} with no phrase;
    v2 calls it `when` and keeps the phrase it was read from."""
    old = data.pop("date", None) or {}
    data.setdefault("when", {**{"start": None, "end": None, "precision": "unknown"}, **old, "phrase": None})
    return data


def register_domain_upcasters(type_names: list[str]) -> None:
    for name in type_names:
        _UPCASTERS[(name, 1)] = _domain_v1_to_v2
