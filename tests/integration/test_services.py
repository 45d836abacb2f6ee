"""Ingest and curation services on SQLite and PostgreSQL: idempotent ingest (also under a race),
retract / correct / re-extract through the log, and validation before anything is stored."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from timeline.domain.events import Clash, DomainEvent, TownCaptured, report_stream
from timeline.domain.report import Report
from timeline.domain.values import Evidence, Extractor, Place, When
from timeline.extraction.cleaning import InvalidReport
from timeline.projections.base import ProjectionRunner
from timeline.projections.registry import default_projections
from timeline.projections.tables import ReportRow, TimelineRow
from timeline.services import curation, ingest
from timeline.services.streams import UnknownReport, load
from timeline.store.base import ConcurrencyError, EventStore
from timeline.store.factory import open_store

TEXT = "Riders of the Plain seized Oakford on 2 May 2016.\n\nLater, patrols clashed near Elmbridge."
VERSION = {"now": "1"}


def fake_extract(report: Report) -> list[DomainEvent]:
    """Two events per report; ids depend on report and version, like the real extractor's."""
    v = VERSION["now"]
    common = {"report_id": report.report_id, "extractor": Extractor(name="fake", version=v),
              "when": When(precision="unknown")}  # fmt: skip
    return [
        TownCaptured(event_id=f"{report.report_id[:8]}-{v}-a", place=Place(name="Oakford"),
                     evidence=Evidence(text="seized Oakford", start=19, end=33), **common),
        Clash(event_id=f"{report.report_id[:8]}-{v}-b", place=Place(name="Elmbridge"),
              evidence=Evidence(text="clashed", start=66, end=73), **common),
    ]  # fmt: skip


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[EventStore]:
    monkeypatch.setattr(ingest, "extract", fake_extract)
    monkeypatch.setattr(curation, "extract", fake_extract)
    monkeypatch.setattr(ingest, "EXTRACTOR_VERSION", "1")
    monkeypatch.setattr(curation, "EXTRACTOR_VERSION", "1")
    VERSION["now"] = "1"
    opened = open_store(request.getfixturevalue(f"{request.param}_url"))
    yield opened
    opened.close()


def live_ids(store: EventStore) -> list[str]:
    runner = ProjectionRunner(store, store.engine, default_projections())  # type: ignore[attr-defined]
    runner.catch_up()
    table = TimelineRow.__table__  # type: ignore[attr-defined]
    with store.engine.connect() as conn:  # type: ignore[attr-defined]
        return sorted(conn.execute(select(table.c.event_id)).scalars())


def test_ingest_is_idempotent(store: EventStore) -> None:
    first = ingest.ingest_report(store, TEXT, source="Wire")
    assert first.created and len(first.event_ids) == 2 and len(first.positions) == 3
    again = ingest.ingest_report(store, "  " + TEXT.replace(" ", "  ") + "\n")  # same text, other spacing
    assert not again.created
    assert (again.report_id, again.event_ids, again.positions) == (
        first.report_id,
        first.event_ids,
        first.positions,
    )
    assert store.stream_version(report_stream(first.report_id)) == 3
    with pytest.raises(InvalidReport):
        ingest.ingest_report(store, " \n ")


def test_concurrent_ingest_of_one_report_stores_it_once(store: EventStore) -> None:
    results: list[ingest.IngestResult] = []
    barrier = threading.Barrier(4)

    def worker() -> None:
        barrier.wait()
        results.append(ingest.ingest_report(store, TEXT))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4 and len({(r.report_id, tuple(r.event_ids)) for r in results}) == 1
    assert store.stream_version(report_stream(results[0].report_id)) == 3
    assert store.last_position() == 3


def test_retract_and_correct(store: EventStore) -> None:
    result = ingest.ingest_report(store, TEXT)
    captured, clash = result.event_ids
    assert live_ids(store) == sorted(result.event_ids)
    stream = report_stream(result.report_id)
    with pytest.raises(ValueError, match="colour"):
        curation.correct(store, clash, {"colour": "red"}, "bad field")
    with pytest.raises(ValueError, match="when"):
        curation.correct(store, clash, {"when": {"start": "2016-05-03", "end": "2016-05-01"}}, "backwards")
    with pytest.raises(ValueError, match="reason"):
        curation.retract(store, clash, " ")
    assert store.stream_version(stream) == 3  # nothing stored by refused curation

    curation.correct(store, clash, {"kind": "airstrike", "actors": ["Sky Wing"]}, "it was an air raid")
    curation.retract(store, captured, "not stated")
    assert live_ids(store) == [clash]
    state = load(store, stream)
    # the write side folds the stream by the same rule as the projections: the correction applies
    assert (state.live[clash].event.kind, state.live[clash].event.actors) == ("airstrike", ("Sky Wing",))
    table = TimelineRow.__table__  # type: ignore[attr-defined]
    with store.engine.connect() as conn:  # type: ignore[attr-defined]
        row = conn.execute(select(table).where(table.c.event_id == clash)).one()
    assert (row.kind, row.actors, row.corrected) == ("airstrike", ["Sky Wing"], True)
    with pytest.raises(curation.UnknownEvent):
        curation.retract(store, captured, "again")


def test_stale_writer_gets_concurrency_error(store: EventStore) -> None:
    result = ingest.ingest_report(store, TEXT)
    live_ids(store)
    stale = load(store, report_stream(result.report_id))
    curation.retract(store, result.event_ids[0], "first writer")
    late = curation.EventRetracted(event_id="late-1", target_event_id=result.event_ids[1], reason="second")
    with pytest.raises(ConcurrencyError):
        curation._append(store, stale, [late])


def test_reextract_replaces_the_reports_events(store: EventStore) -> None:
    result = ingest.ingest_report(store, TEXT)
    live_ids(store)
    assert not curation.reextract(store, result.report_id).changed  # same extractor version
    VERSION["now"] = "2"
    monkey_version = pytest.MonkeyPatch()
    monkey_version.setattr(curation, "EXTRACTOR_VERSION", "2")
    try:
        done = curation.reextract(store, result.report_id)
        assert done.changed and len(done.event_ids) == 3
        assert live_ids(store) == sorted(done.event_ids[1:])
        assert not curation.reextract(store, result.report_id).changed
    finally:
        monkey_version.undo()
    reports = ReportRow.__table__  # type: ignore[attr-defined]
    with store.engine.connect() as conn:  # type: ignore[attr-defined]
        row = conn.execute(select(reports).where(reports.c.report_id == result.report_id)).one()
    assert (row.extractor_version, row.event_count) == ("2", 2)
    with pytest.raises(UnknownReport):
        curation.reextract(store, "f" * 64)
