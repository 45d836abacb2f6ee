"""Projection rebuild rate: N hand-built domain events (100 per report, with some retractions and
corrections) appended to a fresh store, then `rebuild` of the reports + timeline projections (and of every
default projection), timed. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/projection_bench.py [--events 100000] [--url postgresql+psycopg://...] [--all]
Without --url it uses a new SQLite file in a temp directory.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from timeline.domain.events import (
    DOMAIN_EVENT_TYPES,
    EventCorrected,
    EventRetracted,
    ReportReceived,
    report_stream,
)
from timeline.domain.serialization import to_new_event
from timeline.domain.values import Evidence, Extractor, Place, When
from timeline.projections.base import ProjectionRunner
from timeline.projections.registry import default_projections
from timeline.projections.reports import ReportsProjection
from timeline.projections.timeline import TimelineProjection
from timeline.store.factory import open_store

PER_REPORT = 100


def fill(url: str, total: int) -> int:
    store = open_store(url)
    start = date(2014, 1, 1)
    for r in range(total // PER_REPORT):
        rid = f"bench{r:07d}"
        received = ReportReceived(
            event_id=f"{rid}-rr", report_id=rid, source=f"Outlet {r % 17}", received_at=datetime.now(UTC),
            text="text " * 400, published=start,
        )  # fmt: skip
        events = [
            DOMAIN_EVENT_TYPES[n % len(DOMAIN_EVENT_TYPES)](
                event_id=f"{rid}-{n}", report_id=rid,
                when=When(start=start + timedelta(days=(r + n) % 2000), precision="day"),
                place=Place(name=f"Town {n % 300}", admin1=f"Prov {n % 18}", country="IQ", lat=33, lon=44),
                actors=("Side A", f"Side {n % 7}"), evidence=Evidence(text="words " * 8, start=n, end=n + 48),
                extractor=Extractor(name="bench", version="1", rule_id="r1"),
            )
            for n in range(PER_REPORT)
        ]  # fmt: skip
        curation = [
            EventRetracted(event_id=f"{rid}-x", target_event_id=f"{rid}-3", reason="bench"),
            EventCorrected(
                event_id=f"{rid}-c", target_event_id=f"{rid}-5", changes={"actors": ["B"]}, reason="b"
            ),
        ]
        store.append(report_stream(rid), [to_new_event(e) for e in (received, *events, *curation)], 0)
    position = store.last_position()
    store.close()
    return position


def timed_rebuild(url: str, projections: list, label: str, events: int) -> None:
    store = open_store(url)
    runner = ProjectionRunner(store, store.engine, projections)
    began = time.perf_counter()
    runner.rebuild()
    took = time.perf_counter() - began
    print(f"rebuild {label:<28} {events:>8} log events in {took:6.2f} s = {events / took:>9,.0f} events/s")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--url", default=None)
    parser.add_argument("--all", action="store_true", help="also rebuild every default projection")
    args = parser.parse_args()
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    began = time.perf_counter()
    events = fill(url, args.events)
    print(f"appended {events} log events in {time.perf_counter() - began:.1f} s ({url.split(':')[0]})")
    timed_rebuild(url, [ReportsProjection(), TimelineProjection()], "reports+timeline", events)
    if args.all:
        timed_rebuild(url, default_projections(), "all default projections", events)


if __name__ == "__main__":
    main()
