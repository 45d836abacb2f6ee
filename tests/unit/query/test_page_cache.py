"""The page cache: one computation for a burst of the same request, a failed one retried by a waiter,
and at most `size` pages kept (least recently used dropped)."""

from __future__ import annotations

import threading
import time

import pytest

from timeline.query.cache import PageCache


def wait_until(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_threads_asking_for_the_same_page_at_once_compute_it_once() -> None:
    cache = PageCache()
    release, calls, answers = threading.Event(), [], []

    def compute() -> dict:
        calls.append(1)
        release.wait(10)
        return {"page": len(calls)}

    askers = [threading.Thread(target=lambda: answers.append(cache.get_or_compute("k", compute)))
              for _ in range(4)]  # fmt: skip
    for asker in askers:
        asker.start()
    wait_until(lambda: calls)
    time.sleep(0.1)  # the others are at the gate by now; none may have started a computation
    assert len(calls) == 1
    release.set()
    for asker in askers:
        asker.join(10)
    assert answers == [{"page": 1}] * 4
    assert cache.get_or_compute("k", lambda: {"page": "again"}) == {"page": 1}


def test_a_failed_computation_is_done_again_by_a_waiting_thread() -> None:
    cache = PageCache()
    started, release, answers = threading.Event(), threading.Event(), []

    def failing() -> dict:
        started.set()
        release.wait(10)
        raise RuntimeError("database went away")

    def failed() -> None:
        with pytest.raises(RuntimeError):
            cache.get_or_compute("k", failing)

    first = threading.Thread(target=failed)
    first.start()
    started.wait(10)
    second = threading.Thread(target=lambda: answers.append(cache.get_or_compute("k", lambda: {"ok": 1})))
    second.start()
    time.sleep(0.05)
    release.set()
    first.join(10)
    second.join(10)
    assert answers == [{"ok": 1}]
    assert cache.peek("k") == {"ok": 1}


def test_at_most_size_pages_are_kept_least_recently_used_dropped_first() -> None:
    cache = PageCache(size=2)
    for key in ("a", "b"):
        cache.get_or_compute(key, lambda key=key: {"page": key})
    assert cache.peek("a") == {"page": "a"}  # now "b" is the least recently used
    cache.get_or_compute("c", lambda: {"page": "c"})
    assert cache.peek("b") is None
    assert cache.peek("a") == {"page": "a"} and cache.peek("c") == {"page": "c"}
