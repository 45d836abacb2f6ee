"""ExtractionPool with real worker processes: it gives the in-process extractor's events, refuses work beyond
workers + queue at once (ExtractionBusy), and kills a worker whose report runs past the time limit
(ExtractionTimedOut), replacing it for the next report."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from benchmarks.war_text import generate
from timeline.config import Settings
from timeline.domain.report import Report, report_id_for
from timeline.extraction import RuleExtractor
from timeline.services.extraction import ExtractionBusy, ExtractionTimedOut
from timeline.services.extraction_pool import ExtractionPool

SHORT = "Government troops retook the town of Tikrit on Sunday, officials said."


def report(text: str) -> Report:
    return Report(report_id=report_id_for(text), text=text)


@pytest.fixture
def pool(request: pytest.FixtureRequest) -> Iterator[ExtractionPool]:
    overrides = getattr(request, "param", {})
    opened = ExtractionPool(Settings(**{"extraction_workers": 1, **overrides}))
    try:
        yield opened
    finally:
        opened.close()


def test_the_pool_gives_the_in_process_extractors_events(pool: ExtractionPool) -> None:
    text = generate(20_000, seed=3)
    in_process = RuleExtractor.from_settings(Settings()).extract(report(text))
    assert in_process  # the text states events
    assert pool.extract(report(text)) == in_process
    assert pool.extract(report(SHORT)) == RuleExtractor.from_settings(Settings()).extract(report(SHORT))


@pytest.mark.parametrize("pool", [{"extraction_time_limit": 0.5}], indirect=True)
def test_a_report_over_the_time_limit_is_stopped_and_the_worker_replaced(pool: ExtractionPool) -> None:
    pool.extract(report(SHORT))  # the worker is up (its start is not counted against the limit)
    first = pool._workers[0].process
    long_text = generate(400_000, seed=5)  # seconds of work, far over half a second
    started = time.monotonic()
    with pytest.raises(ExtractionTimedOut, match="longer than the 0.5 s"):
        pool.extract(report(long_text))
    assert time.monotonic() - started < 5  # stopped at the limit, not run to the end
    first.join(timeout=5)
    assert not first.is_alive()
    assert pool.extract(report(SHORT))  # a new worker takes the next report
    assert pool._workers[0].process.pid != first.pid


@pytest.mark.parametrize("pool", [{"extraction_queue": 0}], indirect=True)
def test_beyond_workers_and_queue_a_caller_is_told_busy_at_once(pool: ExtractionPool) -> None:
    outcome: list[object] = []
    long_text = generate(100_000, seed=6)
    runner = threading.Thread(target=lambda: outcome.append(pool.extract(report(long_text))))
    runner.start()
    deadline = time.monotonic() + 10
    while pool._in_hand == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    with pytest.raises(ExtractionBusy, match="try again"):
        pool.extract(report(SHORT))
    assert time.monotonic() - started < 1  # refused, not queued
    runner.join(timeout=120)
    assert outcome and outcome[0]  # the first report was extracted
    assert pool.extract(report(SHORT))  # and the pool takes work again


def test_start_loads_the_workers_in_the_background(pool: ExtractionPool) -> None:
    assert pool._workers == []  # nothing started by building the pool
    pool.start()  # returns at once: the server goes on to serve reads
    deadline = time.monotonic() + 120
    while not any(w.alive for w in pool._workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [w.alive for w in pool._workers] == [True]
    assert pool.extract(report(SHORT))  # on the worker already started, not a second one
    assert len(pool._workers) == 1
