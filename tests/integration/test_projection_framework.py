"""The projection framework on SQLite and PostgreSQL: a rebuild swaps complete tables in while readers keep
reading (never an empty or half timeline), a changed schema version rebuilds a projection, a dead
rebuild's leftovers go, a first-release checkpoint table is replaced, several processes can start
together on a fresh database, and a rebuild sets its state aside from the garbage collector, batch by
batch, and gives the collector back as it found it."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Connection, func, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError

from timeline.domain.actors import ActorVocabulary
from timeline.domain.events import Clash, EventRetracted, ReportReceived, TownCaptured, report_stream
from timeline.domain.live import Change, Upsert
from timeline.domain.serialization import to_new_event
from timeline.domain.values import Evidence, Extractor, Place, When
from timeline.projections.base import SHADOW, ProjectionRunner, Tables
from timeline.projections.control import ControlProjection
from timeline.projections.incidents import IncidentsProjection
from timeline.projections.registry import default_projections
from timeline.projections.tables import checkpoints, control_events, timeline_actors, timeline_entries
from timeline.projections.timeline import TimelineProjection
from timeline.query.vocabulary import load_actor_vocabulary
from timeline.store.factory import open_store
from timeline.store.sql import SqlEventStore

ACTORS = load_actor_vocabulary()
AT = datetime(2016, 1, 1, tzinfo=UTC)
WORDS = Evidence(text="x", start=0, end=1)
HAND = Extractor(name="hand", version="1")


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue(f"{request.param}_url"))


@pytest.fixture
def store(url: str) -> Iterator[SqlEventStore]:
    opened = open_store(url)
    yield opened
    opened.close()


def fill(store: SqlEventStore, reports: int, per_report: int = 10) -> int:
    for r in range(reports):
        rid = f"fw{r:05d}"
        received = ReportReceived(event_id=f"{rid}-rr", report_id=rid, source=f"Outlet {r % 7}",
                                  received_at=AT, text="words " * 50)  # fmt: skip
        events = [
            (TownCaptured if n % 2 else Clash)(
                event_id=f"{rid}-{n}", report_id=rid, place=Place(name=f"Town {n}", gazetteer_id=f"t:{n}"),
                when=When(start=date(2016, 1, 1 + n), end=date(2016, 1, 1 + n), precision="day"),
                actors=("Rebels", "Army") if r % 3 else ("Army",), evidence=WORDS,
                extractor=HAND)
            for n in range(per_report)
        ]  # fmt: skip
        store.append(report_stream(rid), [to_new_event(e) for e in (received, *events)], 0)
    return reports * per_report


def count(store: SqlEventStore) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(timeline_entries)).scalar_one())


def test_readers_never_see_an_empty_or_half_timeline_during_a_rebuild(store: SqlEventStore) -> None:
    expected = fill(store, 300)
    runner = ProjectionRunner(store, store.engine, default_projections(ACTORS))
    runner.catch_up()
    assert count(store) == expected
    seen: list[int] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            seen.append(count(store))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(2):
            runner.rebuild(batch=500)  # many batches: a half-built table would be caught
    finally:
        done.set()
        reader.join()
    assert len(seen) > 5 and set(seen) == {expected}, sorted(set(seen))
    with store.engine.connect() as conn:
        names = inspect(conn).get_table_names()
        generations = dict(conn.execute(select(checkpoints.c.name, checkpoints.c.generation)).all())
    assert not [n for n in names if n.endswith(SHADOW)]
    assert set(generations.values()) == {3}  # created as 1, rebuilt twice


def test_events_appended_during_a_rebuild_are_in_the_swapped_tables(store: SqlEventStore) -> None:
    fill(store, 50)
    runner = ProjectionRunner(store, store.engine, default_projections(ACTORS))
    runner.catch_up()
    original = runner.store.read_all
    calls = {"n": 0}

    def read_all(after: int = 0, limit: int = 1000):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:  # the rebuild is half-way: another writer appends a report
            fill_one(store, "late")
        return original(after, limit)

    runner.store.read_all = read_all  # type: ignore[method-assign]
    runner.rebuild(batch=100)
    runner.store.read_all = original  # type: ignore[method-assign]
    assert count(store) == 50 * 10 + 10
    assert runner.positions()["timeline"] == store.last_position()


def fill_one(store: SqlEventStore, rid: str) -> None:
    received = ReportReceived(event_id=f"{rid}-rr", report_id=rid, received_at=AT,
                              text="late words")  # fmt: skip
    events = [Clash(event_id=f"{rid}-{n}", report_id=rid, place=Place(name="Late"),
                    evidence=WORDS, extractor=HAND) for n in range(10)]  # fmt: skip
    store.append(report_stream(rid), [to_new_event(e) for e in (received, *events)], 0)


def test_a_changed_version_rebuilds_the_projection(store: SqlEventStore) -> None:
    fill(store, 20)
    ProjectionRunner(store, store.engine, default_projections(ACTORS)).catch_up()
    with store.engine.connect() as conn:
        before = set(conn.execute(select(control_events.c.actor)).scalars())
    assert before == {"Rebels", "Army"}
    # The user's actor file now says "Rebels" are the "Free Army": control rows must follow.
    renamed = ActorVocabulary({**ACTORS.table, "Free Army": ["Rebels"]})
    runner = ProjectionRunner(store, store.engine, default_projections(renamed))
    with store.engine.connect() as conn:
        assert {p.name for p in runner.stale(conn)} == {"control", "incidents"}
    runner.catch_up()
    with store.engine.connect() as conn:
        after = set(conn.execute(select(control_events.c.actor)).scalars())
        versions = dict(conn.execute(select(checkpoints.c.name, checkpoints.c.version)).all())
        assert runner.stale(conn) == []
    assert after == {"Free Army", "Army"}
    assert versions["control"] == runner.projections["control"].version


def test_leftovers_of_a_dead_rebuild_and_an_old_checkpoint_table_are_replaced(store: SqlEventStore) -> None:
    expected = fill(store, 10)
    with store.engine.begin() as conn:  # what the first release left: checkpoints without versions, and
        conn.execute(text("DROP TABLE alembic_version"))  # no migrations yet
        conn.execute(text("DROP TABLE projection_checkpoints"))
        conn.execute(text("CREATE TABLE projection_checkpoints (name VARCHAR PRIMARY KEY, position INTEGER)"))
        conn.execute(text("INSERT INTO projection_checkpoints VALUES ('timeline', 3)"))
        conn.execute(text("CREATE TABLE timeline_entries__shadow (event_id VARCHAR)"))
    runner = ProjectionRunner(store, store.engine, default_projections(ACTORS))
    runner.catch_up()
    assert count(store) == expected
    runner.rebuild("timeline")
    with store.engine.connect() as conn:
        assert not [n for n in inspect(conn).get_table_names() if n.endswith(SHADOW)]
    assert count(store) == expected


_START = """
import sys
from timeline.bootstrap import opened
from timeline.config import Settings
with opened(Settings(database_url=sys.argv[1])) as app:
    print(app.project()["timeline"])
"""


def test_several_processes_start_together_on_a_fresh_database(url: str) -> None:
    starters = [subprocess.Popen([sys.executable, "-c", _START, url], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(4)]  # fmt: skip
    for starter in starters:
        out, err = starter.communicate(timeout=120)
        assert starter.returncode == 0, err[-2000:]
        assert out.split() == ["0"]
    store = open_store(url)
    try:
        fill(store, 3)
        with store.engine.connect() as conn:
            assert len(conn.execute(select(checkpoints)).all()) == 4
    finally:
        store.close()


class RecordingTimeline(TimelineProjection):
    """The timeline projection, noting every event id it was handed through `apply` (the fold's path)."""

    def __init__(self) -> None:
        self.applied: set[str] = set()

    def apply(self, conn: Connection, changes: Sequence[Change], tables: Tables) -> None:
        self.applied.update(c.event_id for c in changes if isinstance(c, Upsert))
        super().apply(conn, changes, tables)


def test_a_rebuild_fills_plain_streams_in_sql_and_folds_only_the_curated_ones(store: SqlEventStore) -> None:
    fill(store, 4, per_report=5)
    stream = report_stream("fw00001")
    store.append(stream, [to_new_event(EventRetracted(event_id="x1", target_event_id="fw00001-2",
                                                      reason="wrong"))], 6)  # fmt: skip
    spy = RecordingTimeline()
    runner = ProjectionRunner(store, store.engine, [spy])
    runner.rebuild()
    # every live event has its row; only the curated report's went through the fold
    assert count(store) == 4 * 5 - 1
    assert spy.applied == {f"fw00001-{n}" for n in (0, 1, 3, 4)}
    with store.engine.connect() as conn:
        row = conn.execute(select(timeline_entries).where(timeline_entries.c.event_id == "fw00002-3")).one()
    assert (row.kind, row.place_name, row.gazetteer_id, row.actors, row.actor1, row.source) == (
        "town_captured", "Town 3", "t:3", ["Rebels", "Army"], "Rebels", "Outlet 2")
    assert (row.date_start, row.date_end, row.place_precision, row.span_class) == (
        date(2016, 1, 4), date(2016, 1, 4), "locality", 0)


def test_a_rebuilt_timeline_has_its_keys_built_after_the_fill(store: SqlEventStore) -> None:
    """The bulk fill writes into bare tables; the event-id keys and the actor pairs come out as a catch-up
    leaves them: one pair per (actor, event) when an event names a party twice, one row per event id."""
    fill(store, 2, per_report=3)
    twice = Clash(event_id="fw00009-0", report_id="fw00009", place=Place(name="Town 9", gazetteer_id="t:9"),
                  when=When(start=date(2016, 2, 1), end=date(2016, 2, 1), precision="day"),
                  actors=("Rebels", "Army", "Rebels"), evidence=WORDS, extractor=HAND)  # fmt: skip
    received = ReportReceived(event_id="fw00009-rr", report_id="fw00009", source="Outlet 9", received_at=AT,
                              text="words " * 50)  # fmt: skip
    store.append(report_stream("fw00009"), [to_new_event(received), to_new_event(twice)], 0)
    runner = ProjectionRunner(store, store.engine, [TimelineProjection(), ControlProjection(ACTORS)])
    runner.catch_up()
    with store.engine.connect() as conn:
        caught_up = sorted(conn.execute(select(timeline_actors)).all())
    runner.rebuild()
    with store.engine.connect() as conn:
        assert sorted(conn.execute(select(timeline_actors)).all()) == caught_up
        assert sorted(a for a, e in caught_up if e == "fw00009-0") == ["Army", "Rebels"]
        rows = {table: dict(conn.execute(select(table).where(table.c.event_id == "fw00001-1")).mappings()
                            .one()) for table in (timeline_entries, control_events)}  # fmt: skip
    for table, row in rows.items():
        with pytest.raises(IntegrityError), store.engine.begin() as conn:
            conn.execute(insert(table), [row])


class CollectorWatchingIncidents(IncidentsProjection):
    """The incidents projection, noting at each batch whether the collector runs and how much is frozen;
    it fails at the batch `fail_at` if given."""

    def __init__(self, fail_at: int | None = None) -> None:
        super().__init__(ACTORS)
        self.seen: list[tuple[bool, int]] = []
        self.fail_at = fail_at

    def apply(self, conn: Connection, changes: Sequence[Change], tables: Tables) -> None:
        self.seen.append((gc.isenabled(), gc.get_freeze_count()))
        if len(self.seen) == self.fail_at:
            raise RuntimeError("a projection failed mid-rebuild")
        super().apply(conn, changes, tables)


@pytest.mark.parametrize("enabled", [True, False])
def test_a_rebuild_freezes_its_state_batch_by_batch_and_restores_the_collector(
    store: SqlEventStore, enabled: bool
) -> None:
    fill(store, 30)
    (gc.enable if enabled else gc.disable)()
    try:
        watcher = CollectorWatchingIncidents()
        ProjectionRunner(store, store.engine, [watcher]).rebuild(batch=50)
        assert (gc.isenabled(), gc.get_freeze_count()) == (enabled, 0)
        collecting, frozen = zip(*watcher.seen, strict=True)
        assert len(watcher.seen) > 3 and not any(collecting)  # off for the whole rebuild
        assert frozen[0] == 0 and all(n > 0 for n in frozen[1:])  # what outlived a batch is set aside

        failing = CollectorWatchingIncidents(fail_at=3)
        with pytest.raises(RuntimeError, match="mid-rebuild"):
            ProjectionRunner(store, store.engine, [failing]).rebuild(batch=50)
        assert (gc.isenabled(), gc.get_freeze_count()) == (enabled, 0)
    finally:
        gc.enable()


def test_a_rebuilt_table_is_vacuumed_and_analysed_on_postgresql(postgres_url: str) -> None:
    """Autovacuum, where it is on at all, comes later: without the rebuild's own VACUUM (ANALYZE), the
    planner would know nothing of the swapped-in rows and no index-only scan could skip the heap."""
    opened = open_store(postgres_url)
    try:
        fill(opened, 30)
        ProjectionRunner(opened, opened.engine, default_projections(ACTORS)).rebuild("timeline")
        with opened.engine.connect() as conn:
            tuples, visible = conn.execute(text(
                "SELECT reltuples, relallvisible FROM pg_class WHERE oid = to_regclass(:name)"),
                {"name": timeline_entries.name}).one()  # fmt: skip
        assert tuples == count(opened) == 300
        assert visible > 0
    finally:
        opened.close()
