"""The service's Prometheus metrics (prometheus-client) and the scrape that exposes them.

Counters and histograms live in each process. `timeline serve --workers N` (N > 1) runs several, so it
sets PROMETHEUS_MULTIPROC_DIR to a directory it creates before the workers start: prometheus-client then
keeps every worker's values in files there and a scrape adds them up (multiprocess mode), whichever worker
answers. Projection lag is not counted at all: it is read from the database at scrape time (log head
minus each projection's checkpoint), so it is the same from every worker.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

if TYPE_CHECKING:
    from timeline.domain.events import DomainEvent
    from timeline.domain.report import Report
    from timeline.services.extraction import Extraction

Outcome = Literal["created", "duplicate", "rejected"]

REPORTS_INGESTED = Counter(
    "timeline_reports_ingested", "Reports submitted for ingest, by outcome", ["outcome"]
)
EXTRACTION_SECONDS = Histogram(
    "timeline_extraction_seconds",
    "Time to extract the events of one report",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
EVENTS_APPENDED = Counter("timeline_events_appended", "Events appended to the log (all types)")
HTTP_LATENCY = Histogram(
    "timeline_http_request_duration_seconds",
    "HTTP request latency by route template, method and status",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

for outcome in ("created", "duplicate", "rejected"):  # so each series is there (at 0) before it moves
    REPORTS_INGESTED.labels(outcome)


@contextmanager
def timed_extraction() -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        EXTRACTION_SECONDS.observe(time.perf_counter() - started)


class LagCollector(Collector):
    """`timeline_projection_lag{projection}` and `timeline_log_position`, read when scraped from
    `health()` (the application's: log head, checkpoints and lag); nothing when the database is down."""

    def __init__(self, health: Callable[[], dict[str, object]]) -> None:
        self._health = health

    def collect(self) -> Iterator[Metric]:
        report = self._health()
        lag = report.get("lag")
        head = report.get("last_position")
        if not isinstance(lag, dict) or not isinstance(head, int):
            return
        about = "Events in the log not yet applied to the projection (log head minus its checkpoint)"
        gauge = GaugeMetricFamily("timeline_projection_lag", about, labels=["projection"])
        for name, behind in sorted(lag.items()):
            gauge.add_metric([name], float(behind))
        yield gauge
        yield GaugeMetricFamily("timeline_log_position", "Position of the last event in the log", value=head)


class _ThisProcess(Collector):
    """The default registry's metrics (this process's), when there is no multiprocess directory."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


def scrape(health: Callable[[], dict[str, object]], multiprocess_dir: Path | None) -> tuple[bytes, str]:
    """The exposition text and its content type: every worker's counters when `multiprocess_dir` is set,
    else this process's; and the projection lag read now."""
    registry = CollectorRegistry(auto_describe=False)
    if multiprocess_dir is not None:
        MultiProcessCollector(registry, path=str(multiprocess_dir))
    else:
        registry.register(_ThisProcess())
    registry.register(LagCollector(health))
    return generate_latest(registry), CONTENT_TYPE_LATEST


class MeasuredExtraction:
    """An extraction (timeline.services.extraction.Extraction) whose every report is timed into
    EXTRACTION_SECONDS; bootstrap wraps the application's extraction in it."""

    def __init__(self, inner: Extraction) -> None:
        self.inner = inner

    @property
    def version(self) -> str:
        return self.inner.version

    def extract(self, report: Report) -> list[DomainEvent]:
        with timed_extraction():
            return self.inner.extract(report)


def ingested(outcome: Outcome, appended: int = 0) -> None:
    """Count one report's ingest and the events it appended (its ReportReceived and extracted events)."""
    REPORTS_INGESTED.labels(outcome).inc()
    appended_events(appended)


def appended_events(count: int) -> None:
    if count:
        EVENTS_APPENDED.inc(count)
