"""Projection rebuild and catch-up rates, and the place-and-year query, over a synthetic log appended through
the real store: reports of 20 events (1 ReportReceived + 19 domain events of varied types, places, dates and
actors, ~40% the same happening told by several outlets), ~1% retractions/corrections, a re-extraction
every 500 reports. Report ids are sha256 digests and event ids UUIDs, as the service makes them (ids in
the order they were made would flatter every index keyed by them). Prints figures (wall and CPU seconds:
the machine may be shared); asserts nothing.

    python benchmarks/projection_bench.py                                  # 100k events, SQLite, temp dir
    python benchmarks/projection_bench.py --events 1000000 --db big.db     # 1M (the file is kept, reused)
    python benchmarks/projection_bench.py --url postgresql+psycopg://postgres@127.0.0.1:5432/test
PostgreSQL runs in a fresh schema (dropped unless --keep). A --db file that has events is reused as it is.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, make_url, text

from timeline.bootstrap import bootstrap
from timeline.config import Settings
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
from timeline.query.cache import PageCache
from timeline.query.filters import TimelineFilter
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


def minted(name: str) -> str:
    """An event id shaped as the service mints them (a UUID, uuid5 of the report and the event's place in
    it): ids in the order they are made would flatter every index keyed by them."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def report_events(rng: random.Random, rid: str, happenings: list[Any], version: str = "1") -> list[Event]:
    """One report's events: ~40% of them retell a happening another report told (same kind, place, day)."""
    published = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    events: list[Event] = []
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
            event_id=minted(f"{rid}-v{version}-{n}"), report_id=rid, when=when_for(rng, day, published),
            place=place, actors=actors,
            evidence=Evidence(text=f"{actor} did something there. " * 3, start=n * 200, end=n * 200 + 120),
            extractor=Extractor(name="bench", version=version, rule_id=f"bench.{cls.kind}"),
            fatalities=Count(low=rng.randint(1, 50)) if rng.random() < 0.2 else None,
        ))  # fmt: skip
    del happenings[:-2000]  # retold happenings are recent ones
    received = ReportReceived(event_id=minted(f"{rid}-rr"), report_id=rid, source=rng.choice(OUTLETS),
                              url=f"https://example.org/{rid}", title=f"Report {rid}", published=published,
                              received_at=datetime.now(UTC), text="Words of the report. " * 150)  # fmt: skip
    return [received, *events]


def fill(store: SqlEventStore, reports: int, seed: int, prefix: str = "bench") -> None:
    """Append `reports` reports (one stream each, 50 per transaction), with curation and re-extraction."""
    rng, happenings = random.Random(seed), list[tuple[Any, ...]]()
    batch: list[tuple[str, list[Event]]] = []
    for r in range(reports):
        rid = hashlib.sha256(f"{prefix}{r:08d}".encode()).hexdigest()
        events = report_events(rng, rid, happenings)
        extra: list[Event] = []
        for event in events[1:]:
            if rng.random() < 0.005:
                extra.append(EventRetracted(event_id=minted(f"{event.event_id}-x"),
                                            target_event_id=event.event_id, reason="bench"))  # fmt: skip
            elif rng.random() < 0.005:
                changes: dict[str, Any] = rng.choice([
                    {"actors": [rng.choice(ACTORS)]}, {"kind": "clash"},
                    {"date": {"start": "2014-06-01", "end": "2014-06-02", "precision": "range"}},
                ])  # fmt: skip
                extra.append(EventCorrected(event_id=minted(f"{event.event_id}-c"),
                                            target_event_id=event.event_id, changes=changes,
                                            reason="bench"))  # fmt: skip
        if r % 500 == 499:  # a re-extraction: marker, then the report's new events
            again = report_events(rng, rid, happenings, version="2")[1:]
            marker = ReportReextracted(event_id=minted(f"{rid}-re"), report_id=rid, extractor_version="2")
            extra += [marker, *again]
        batch.append((report_stream(rid), events + extra))
        if len(batch) == 50 or r == reports - 1:
            with store.write_transaction() as conn:
                for stream, stream_events in batch:
                    store.append_in(conn, stream, [to_new_event(e) for e in stream_events], 0)
            batch.clear()


def timed(label: str, events: int, work: Callable[[], object]) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:<36} {events:>10,} events  wall {wall:8.2f} s {events / wall:>9,.0f}/s   "
          f"CPU {cpu:8.2f} s {events / cpu:>9,.0f}/s", flush=True)


def query_latency(app: Any, label: str, flt: TimelineFilter, repeat: int = 100) -> None:
    """p50/p95 of one page: computed every time (the page cache emptied first), and as served again while
    no projection moves (timeline.query.cache)."""
    first = app.queries.timeline(flt, None, 50)
    figures = []
    for cached in (False, True):
        times = []
        for _ in range(repeat):
            if not cached:
                app.queries.pages = PageCache()
            began = time.perf_counter()
            app.queries.timeline(flt, None, 50)
            times.append((time.perf_counter() - began) * 1000)
        times.sort()
        figures.append(f"{'again' if cached else 'computed'} p50 {statistics.median(times):6.1f} ms "
                       f"p95 {times[int(len(times) * 0.95)]:6.1f} ms")  # fmt: skip
    print(f"query {label:<38} total {first['total']:>7,}  {'   '.join(figures)}", flush=True)


def run(url: str, total: int, separate: bool, seed: int) -> None:
    app = bootstrap(Settings(database_url=url, project_on_write=False))
    store = app.store
    assert isinstance(store, SqlEventStore)
    if store.last_position() == 0:
        began = time.perf_counter()
        fill(store, max(1, total // PER_REPORT), seed)
        print(f"appended {store.last_position():,} events in {time.perf_counter() - began:.1f} s to "
              f"{make_url(url).get_backend_name()}", flush=True)
    events = store.last_position()
    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores)", flush=True)
    timed("rebuild all projections together", events, app.rebuild)
    if separate:
        for name in app.runner.projections:
            timed(f"rebuild {name} alone", events, lambda name=name: app.rebuild(name))
    fill(store, 1000 // PER_REPORT, seed + 1, prefix=f"more{uuid.uuid4().hex[:6]}")
    timed("catch-up of all after +1,000 appended", store.last_position() - events, app.project)
    for place, start, end in [("Diyala", "2014", "2014"), ("Anbar", "2014", "2014"),
                              ("Syria", "2015-06", "2015-06")]:  # fmt: skip
        flt = TimelineFilter.model_validate({"place": place, "from": start, "to": end})
        query_latency(app, f"place={place} from={start} to={end}", flt)
    app.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="log size to generate (default 100000)")
    parser.add_argument("--url", default=None, help="PostgreSQL URL (a fresh schema is used); default SQLite")
    parser.add_argument("--db", type=Path, default=None, help="SQLite file (reused when it has events)")
    parser.add_argument("--together-only", action="store_true", help="do not rebuild each projection alone")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL schema")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"pid {os.getpid()}, {args.events:,} events requested", flush=True)
    separate = not args.together_only
    if args.url is None:
        if args.db is not None:
            run(f"sqlite:///{args.db}", args.events, separate, args.seed)
            return
        with tempfile.TemporaryDirectory(prefix="projection-bench-") as folder:
            run(f"sqlite:///{Path(folder) / 'bench.db'}", args.events, separate, args.seed)
        return
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(args.url).set(drivername="postgresql+psycopg"))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    print(f"PostgreSQL schema {schema}", flush=True)
    try:
        url = make_url(args.url).set(drivername="postgresql+psycopg")
        url = url.update_query_dict({"options": f"-csearch_path={schema}"})
        run(url.render_as_string(hide_password=False), args.events, separate, args.seed)
    finally:
        if not args.keep:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
