"""Projection rebuild, catch-up and place-and-year query over a synthetic log appended through the real
store: N events as reports of ~20 (1 ReportReceived + 19 domain events of varied types, places, dates and
actors, many the same happening told by several outlets), ~1% retractions/corrections, a few re-extractions.
Prints figures; asserts nothing.

    .venv/bin/python benchmarks/projection_bench.py                      # 100k events, SQLite in a temp dir
    .venv/bin/python benchmarks/projection_bench.py --url postgresql+psycopg://postgres@127.0.0.1:5432/test
    .venv/bin/python benchmarks/projection_bench.py --events 1000000 --skip-separate   # the 1M run
PostgreSQL runs in a fresh schema (created, then dropped unless --keep). --db FILE keeps/reuses a SQLite file.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, make_url, text

from timeline.domain.events import (
    DOMAIN_EVENT_TYPES,
    Event,
    EventCorrected,
    EventRetracted,
    ReportReceived,
    ReportReextracted,
    report_stream,
)
from timeline.domain.serialization import to_new_event
from timeline.domain.values import Count, Evidence, Extractor, Place, When
from timeline.gazetteer import Gazetteer
from timeline.projections.base import ProjectionRunner
from timeline.projections.registry import default_projections
from timeline.query.filters import TimelineFilter
from timeline.query.service import QueryContext
from timeline.query.vocabulary import load_actor_vocabulary
from timeline.store.factory import open_store
from timeline.store.sql import SqlEventStore

PER_REPORT = 20  # 1 ReportReceived + 19 domain events

ADMIN1 = [("Diyala", "IQ"), ("Ninawa", "IQ"), ("Anbar", "IQ"), ("Salah ad Din Governorate", "IQ"),
          ("Muhafazat Kirkuk", "IQ"), ("Mayorality of Baghdad", "IQ"), ("Aleppo", "SY"), ("Ar-Raqqah", "SY"),
          ("Homs", "SY"), ("Deir ez-Zor", "SY")]  # fmt: skip
TOWNS = [(f"Town {i}", f"bench:{i}", *ADMIN1[i % len(ADMIN1)]) for i in range(400)]
TOWN_WEIGHTS = list(accumulate(1 / (i + 1) for i in range(len(TOWNS))))  # Zipf: a few towns in most news
ACTORS = ["Islamic State", "Peshmerga", "Iraqi Army", "Popular Mobilization Forces", "Syrian Army",
          "Free Syrian Army", "SDF", "US-led coalition", "Jabhat al-Nusra", "Hezbollah"]  # fmt: skip
OUTLETS = [f"Outlet {i}" for i in range(40)]
FIRST_DAY, DAYS = date(2012, 1, 1), 8 * 365
EXTRACTOR = Extractor(name="bench", version="1", rule_id="bench.rule")


def when_for(rng: random.Random, day: date, published: date) -> When:
    roll = rng.random()
    if roll < 0.70:
        return When(start=day, end=day, precision="day", phrase="on that day")
    if roll < 0.85:
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return When(start=first, end=last, precision="month", phrase="that month")
    if roll < 0.92:
        return When(start=day, end=day + timedelta(days=rng.randint(1, 6)), precision="range", phrase="days")
    if roll < 0.96:
        return When(start=day.replace(month=1, day=1), end=day.replace(month=12, day=31), precision="year")
    return When(start=None, end=published, precision="before-publication")


def place_for(rng: random.Random) -> Place | None:
    roll = rng.random()
    if roll < 0.05:
        return None
    if roll < 0.15:
        admin1, country = rng.choice(ADMIN1)
        return Place(name=admin1, resolved_name=admin1, gazetteer_id=f"bench-adm1:{admin1}", admin1=admin1,
                     country=country, precision="admin1")  # fmt: skip
    name, gid, admin1, country = rng.choices(TOWNS, cum_weights=TOWN_WEIGHTS)[0]
    return Place(name=name, resolved_name=name, gazetteer_id=gid, admin1=admin1, country=country,
                 lat=33.0 + rng.random(), lon=44.0 + rng.random())  # fmt: skip


def report_events(rng: random.Random, r: int, happenings: list[tuple], version: str = "1") -> list:
    """One report's domain events: ~40% retell a happening another report told (same kind, place, day)."""
    rid = f"bench{r:08d}"
    published = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    events = []
    for n in range(PER_REPORT - 1):
        if happenings and rng.random() < 0.4:
            cls, place, day, actor = rng.choice(happenings)
        else:
            cls = rng.choice(DOMAIN_EVENT_TYPES)
            place, day = place_for(rng), published - timedelta(days=rng.randrange(30))
            actor = rng.choice(ACTORS)
            happenings.append((cls, place, day, actor))
        actors = (actor, rng.choice(ACTORS)) if rng.random() < 0.5 else (actor,)
        events.append(cls(
            event_id=f"{rid}-v{version}-{n}", report_id=rid, when=when_for(rng, day, published), place=place,
            actors=actors, evidence=Evidence(text=f"{actor} did something there. " * 3, start=n * 200,
                                             end=n * 200 + 120),
            extractor=Extractor(name="bench", version=version, rule_id=f"bench.{cls.kind}"),
            fatalities=Count(low=rng.randint(1, 50)) if rng.random() < 0.2 else None,
        ))  # fmt: skip
    del happenings[:-2000]  # retold happenings are recent ones
    received = ReportReceived(event_id=f"{rid}-rr", report_id=rid, source=rng.choice(OUTLETS),
                              url=f"https://example.org/{rid}", title=f"Report {r}", published=published,
                              received_at=datetime.now(UTC), text="Words of the report. " * 150)  # fmt: skip
    return [received, *events]


def fill(store: SqlEventStore, reports: range, seed: int) -> None:
    """Append `reports` (one stream each, 50 streams per transaction), then curation and re-extraction."""
    rng, happenings = random.Random(seed), list[tuple]()
    todo = [(report_stream(f"bench{r:08d}"), report_events(rng, r, happenings)) for r in reports]
    for r, (_, events) in zip(reports, todo, strict=True):
        extra: list[Event] = []
        for event in events[1:]:
            if rng.random() < 0.005:
                extra.append(EventRetracted(event_id=f"{event.event_id}-x", target_event_id=event.event_id,
                                            reason="bench"))  # fmt: skip
            elif rng.random() < 0.005:
                changes: dict[str, Any] = rng.choice(
                    [
                        {"actors": [rng.choice(ACTORS)]},
                        {"kind": "clash"},
                        {"date": {"start": "2014-06-01", "end": "2014-06-02", "precision": "range"}},
                    ]
                )
                extra.append(EventCorrected(event_id=f"{event.event_id}-c", target_event_id=event.event_id,
                                            changes=changes, reason="bench"))  # fmt: skip
        if r % 500 == 499:  # a re-extraction: marker, then the report's new events
            again = report_events(rng, r, happenings, version="2")[1:]
            extra += [ReportReextracted(event_id=f"bench{r:08d}-re", report_id=f"bench{r:08d}",
                                        extractor_version="2"), *again]  # fmt: skip
        events.extend(extra)
    for i in range(0, len(todo), 50):
        with store.write_transaction() as conn:
            for stream, events in todo[i : i + 50]:
                store.append_in(conn, stream, [to_new_event(e) for e in events], 0)


def peak_rss_mb(reset: bool = False) -> float:
    """Peak resident memory (VmHWM) since the last reset; Linux resets it through clear_refs."""
    if reset:
        Path("/proc/self/clear_refs").write_text("5")
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed(label: str, events: int, work) -> float:
    peak_rss_mb(reset=True)
    began = time.perf_counter()
    work()
    took = time.perf_counter() - began
    print(f"{label:<34} {events:>9,} events {took:8.2f} s  {took * 100_000 / events:7.2f} s/100k "
          f"{events / took:>9,.0f} events/s  peak RSS {peak_rss_mb():6.0f} MB", flush=True)  # fmt: skip
    return took


def query_latency(store: SqlEventStore, label: str, flt: TimelineFilter, repeat: int = 20) -> None:
    ctx = QueryContext(store, store.engine, Gazetteer.default())
    began = time.perf_counter()
    first = ctx.timeline(flt, None, 50)
    cold = time.perf_counter() - began
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        ctx.timeline(flt, None, 50)
        times.append(time.perf_counter() - began)
    print(
        f"query {label:<44} total {first['total']:>7,}  first {cold * 1000:7.1f} ms  "
        f"median {statistics.median(times) * 1000:7.1f} ms  max {max(times) * 1000:7.1f} ms",
        flush=True,
    )


def run(url: str, total: int, skip_separate: bool, seed: int) -> None:
    store = open_store(url)
    reports = max(1, total // PER_REPORT)
    if store.last_position() == 0:
        began = time.perf_counter()
        fill(store, range(reports), seed)
        print(
            f"appended {store.last_position():,} events ({reports:,} reports) in "
            f"{time.perf_counter() - began:.1f} s to {make_url(url).get_backend_name()}",
            flush=True,
        )
    events = store.last_position()
    projections = default_projections(load_actor_vocabulary())
    runner = ProjectionRunner(store, store.engine, projections)
    timed("rebuild all default projections", events, runner.rebuild)
    if not skip_separate:
        for p in projections:
            timed(f"rebuild {p.name}", events, lambda name=p.name: runner.rebuild(name))
    fill(store, range(reports + 10_000_000, reports + 10_000_000 + 1000 // PER_REPORT), seed + 1)
    timed("catch_up all after +1,000 appended", store.last_position() - events, runner.catch_up)
    windows = [("Diyala", "2014", "2014"), ("Anbar", "2014", "2014"), ("Syria", "2015-06", "2015-06")]
    for place, start, end in windows:
        flt = TimelineFilter.model_validate({"place": place, "from": start, "to": end})
        query_latency(store, f"place={place} from={start} to={end}", flt)
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="log size to generate (default 100000)")
    parser.add_argument("--url", default=None, help="PostgreSQL URL (a fresh schema is used); default SQLite")
    parser.add_argument(
        "--db", type=Path, default=None, help="SQLite file to use (reused when it has events)"
    )
    parser.add_argument("--skip-separate", action="store_true", help="do not rebuild each projection alone")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL schema")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"pid {os.getpid()}, {args.events:,} events requested", flush=True)
    if args.url is None:
        if args.db is not None:
            run(f"sqlite:///{args.db}", args.events, args.skip_separate, args.seed)
            return
        with tempfile.TemporaryDirectory(prefix="projection-bench-") as folder:
            run(f"sqlite:///{Path(folder) / 'bench.db'}", args.events, args.skip_separate, args.seed)
        return
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(args.url).set(drivername="postgresql+psycopg"))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    print(f"PostgreSQL schema {schema}", flush=True)
    try:
        url = make_url(args.url).update_query_dict({"options": f"-csearch_path={schema}"})
        run(url.render_as_string(hide_password=False), args.events, args.skip_separate, args.seed)
    finally:
        if not args.keep:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
