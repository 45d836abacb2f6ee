"""Pages already answered, kept per process and keyed by the read models' checkpoints: a page is a function
of its filter and of how far the projections have applied the log, so while no checkpoint moves the same
request gets the same answer without being computed again, and any write (which moves a checkpoint)
retires every cached page at once. Exact, never stale."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import Engine

from timeline.projections.base import read_checkpoints


def read_model_version(engine: Engine) -> tuple[tuple[str, int, int], ...]:
    """Every projection's (name, position, generation): what a page's answer depends on. Read before the
    page is computed, so a page is never older than its key."""
    return tuple(sorted(read_checkpoints(engine)))


class PageCache:
    """At most `size` pages, least recently used dropped first. A page asked for by several threads at
    once is computed by one of them while the others wait for it (a burst of the same request after a
    write computes it once, not once per request)."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._pages: OrderedDict[Hashable, Any] = OrderedDict()
        self._computing: dict[Hashable, threading.Lock] = {}  # key -> held while one thread computes it
        self._lock = threading.Lock()

    def peek(self, key: Hashable) -> Any:
        """The value kept for `key`, or None."""
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
        return None

    def get_or_compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        found = self.peek(key)
        if found is not None:
            return found
        with self._lock:
            gate = self._computing.setdefault(key, threading.Lock())
        try:
            with gate:
                found = self.peek(key)  # computed by the thread this one waited for
                if found is not None:
                    return found
                value = compute()  # if it raises, the next waiter computes it instead
                with self._lock:
                    self._pages[key] = value
                    while len(self._pages) > self.size:
                        self._pages.popitem(last=False)
                return value
        finally:
            with self._lock:
                if self._computing.get(key) is gate and not gate.locked():
                    del self._computing[key]
