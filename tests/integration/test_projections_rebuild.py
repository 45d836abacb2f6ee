"""Projection equivalence: a full rebuild and incremental catch-up in steps of any size give identical rows
in every projection table, over a hand-built corpus with corrections, retractions and a re-extraction."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from timeline.domain.events import (
    Airstrike,
    Clash,
    DomainEvent,
    EventCorrected,
    EventRetracted,
    ReportReceived,
    ReportReextracted,
    TownCaptured,
    report_stream,
)
from timeline.domain.serialization import to_new_event
from timeline.domain.values import Evidence, Extractor, Place, When
from timeline.projections.base import ProjectionRunner
from timeline.projections.registry import default_projections
from timeline.query.vocabulary import load_actor_vocabulary
from timeline.store.base import EventStore
from timeline.store.factory import open_store

KINDS = (TownCaptured, Clash, Airstrike)
TOWNS = (("Northtown", "Province A", 34.1, 44.2), ("Rivermouth", "Province B", 35.5, 43.0))


def domain_event(report_id: str, n: int, version: str = "1") -> DomainEvent:
    town, province, lat, lon = TOWNS[n % len(TOWNS)]
    cls = KINDS[n % len(KINDS)]
    return cls(
        event_id=f"{report_id}-v{version}-{n}",
        report_id=report_id,
        when=When(
            start=date(2014, 6, 1 + n % 28),
            end=date(2014, 6, 1 + n % 28),
            precision="day",
            phrase=f"on June {1 + n % 28}",
        ),
        place=Place(
            name=town,
            resolved_name=town,
            gazetteer_id=f"test:{town.lower()}",
            admin1=province,
            country="IQ",
            lat=lat,
            lon=lon,
        )
        if n % 4
        else None,
        actors=("Group One", "Army Two") if n % 2 else ("Army Two",),
        evidence=Evidence(text=f"sentence {n}", start=n * 10, end=n * 10 + 9),
        extractor=Extractor(name="hand", version=version, rule_id=f"rule-{n % 3}"),
    )


def append_report(store: EventStore, report_id: str, count: int) -> list[DomainEvent]:
    received = ReportReceived(
        event_id=f"received-{report_id}",
        report_id=report_id,
        source=f"Outlet {report_id[-1]}",
        url=f"https://example.org/{report_id}",
        title=f"Report {report_id}",
        published=date(2014, 6, 30),
        received_at=datetime(2014, 7, 1, tzinfo=UTC),
        text="x" * 500,
    )
    events = [domain_event(report_id, n) for n in range(count)]
    store.append(report_stream(report_id), [to_new_event(received)] + [to_new_event(e) for e in events], 0)
    return events


def curate(store: EventStore, report_id: str, event: Any) -> None:
    stream = report_stream(report_id)
    store.append(stream, [to_new_event(event)], store.stream_version(stream))


def build_corpus(store: EventStore, runner: ProjectionRunner, step: int) -> dict[str, Any]:
    """Append in phases, catching up between phases in batches of `step`."""
    ids = [f"r{uuid.uuid4().hex[:8]}{k}" for k in range(4)]
    events = {rid: append_report(store, rid, 6 + k) for k, rid in enumerate(ids)}
    runner.catch_up(batch=step)
    retracted = events[ids[0]][1].event_id
    curate(
        store, ids[0], EventRetracted(event_id=str(uuid.uuid4()), target_event_id=retracted, reason="wrong")
    )
    corrected = events[ids[1]][2].event_id
    changes = {
        "place": {"name": "Hilltop", "admin1": "Province C", "country": "SY"},
        "actors": ["Someone"],
        "kind": "attack",
        "when": {"start": "2014-05-01", "end": "2014-05-31", "precision": "month"},
    }
    curate(
        store,
        ids[1],
        EventCorrected(
            event_id=str(uuid.uuid4()), target_event_id=corrected, changes=changes, reason="misread"
        ),
    )
    runner.catch_up(batch=step)
    # A correction of an event that a later re-extraction supersedes, then the re-extraction itself.
    stale = events[ids[2]][0].event_id
    curate(
        store,
        ids[2],
        EventCorrected(
            event_id=str(uuid.uuid4()), target_event_id=stale, changes={"confidence": 0.9}, reason="sure"
        ),
    )
    stream = report_stream(ids[2])
    new = [domain_event(ids[2], n, version="2") for n in range(3)]
    marker = ReportReextracted(event_id=str(uuid.uuid4()), report_id=ids[2], extractor_version="2")
    store.append(stream, [to_new_event(e) for e in (marker, *new)], store.stream_version(stream))
    # Retract a superseded event (changes nothing) and a new one; correct a retracted one (nothing).
    curate(store, ids[2], EventRetracted(event_id=str(uuid.uuid4()), target_event_id=stale, reason="late"))
    curate(
        store,
        ids[2],
        EventRetracted(event_id=str(uuid.uuid4()), target_event_id=new[0].event_id, reason="dup"),
    )
    curate(
        store,
        ids[0],
        EventCorrected(
            event_id=str(uuid.uuid4()),
            target_event_id=retracted,
            changes={"confidence": 0.1},
            reason="too late",
        ),
    )
    runner.catch_up(batch=step)
    return {"ids": ids, "events": events, "retracted": retracted, "corrected": corrected, "new": new}


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest) -> Iterator[EventStore]:
    """Each test on both backends (the shared conftest's `sqlite_url` / `postgres_url`)."""
    opened = open_store(request.getfixturevalue(f"{request.param}_url"))
    yield opened
    opened.close()


def snapshot(runner: ProjectionRunner) -> dict[str, list[tuple[Any, ...]]]:
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with runner.engine.connect() as conn:
        for projection in runner.projections.values():
            for table in projection.tables:
                keys = list(table.primary_key.columns) or next(  # timeline, control: keyed by a unique index
                    list(index.columns) for index in table.indexes if index.unique)
                rows[table.name] = [tuple(r) for r in conn.execute(select(table).order_by(*keys))]
    return rows


@pytest.mark.parametrize("step", [1, 3, 7, 5000])
def test_incremental_equals_rebuild(store: EventStore, step: int) -> None:
    runner = ProjectionRunner(store, store.engine, default_projections(load_actor_vocabulary()))
    corpus = build_corpus(store, runner, step)
    incremental = snapshot(runner)
    assert runner.positions()["timeline"] == store.last_position()

    runner.rebuild(batch=5000)
    assert snapshot(runner) == incremental
    runner.rebuild("timeline", batch=2)
    assert snapshot(runner) == incremental

    entries = {r[0]: r for r in incremental["timeline_entries"]}
    table = runner.projections["timeline"].tables[0]
    cols = [c.name for c in table.columns]
    ids, events = corpus["ids"], corpus["events"]
    assert corpus["retracted"] not in entries
    fixed = dict(zip(cols, entries[corpus["corrected"]], strict=True))
    assert (fixed["kind"], fixed["place_name"], fixed["country"], fixed["actors"]) == (
        "attack",
        "Hilltop",
        "SY",
        ["Someone"],
    )
    assert (fixed["date_start"], fixed["date_precision"], fixed["corrected"]) == (
        date(2014, 5, 1),
        "month",
        True,
    )
    assert fixed["source"] == f"Outlet {ids[1][-1]}"
    by_report = {
        rid: sorted(e for e, r in entries.items() if r[cols.index("report_id")] == rid) for rid in ids
    }
    assert by_report[ids[2]] == sorted(e.event_id for e in corpus["new"][1:])
    assert by_report[ids[3]] == sorted(e.event_id for e in events[ids[3]])
    assert len(by_report[ids[0]]) == len(events[ids[0]]) - 1
    actors = set(incremental["timeline_actors"])
    assert ("Someone", corpus["corrected"]) in actors and ("Army Two", corpus["corrected"]) not in actors
    assert {e for _, e in actors} == set(entries)
    catalogue = {r[0]: r for r in incremental["reports"]}
    rcols = [c.name for c in runner.projections["reports"].tables[0].columns]
    assert catalogue[ids[2]][rcols.index("event_count")] == 2  # live: three re-extracted, one retracted
    assert catalogue[ids[2]][rcols.index("extractor_version")] == "2"
