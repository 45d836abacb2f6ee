"""The application's write side on SQLite and PostgreSQL, and the services alone on the in-memory store,
with a fake extraction (no monkeypatching): idempotent ingest (also under a race), retract / correct /
re-extract through the log, validation before anything is stored, projection after each write."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from timeline.application import Application
from timeline.bootstrap import bootstrap
from timeline.config import Settings
from timeline.domain.access import Author
from timeline.domain.events import Clash, DomainEvent, EventRetracted, TownCaptured, report_stream
from timeline.domain.report import Report
from timeline.domain.values import Evidence, Extractor, Place, When
from timeline.extraction.cleaning import InvalidReport
from timeline.projections.tables import reports as report_rows
from timeline.projections.tables import timeline_entries
from timeline.services import curation, ingest
from timeline.services.streams import UnknownReport, load
from timeline.store.base import ConcurrencyError
from timeline.store.memory import InMemoryEventStore

CURATOR = Author(kind="key", id="0a1b2c3d", name="test curator")

TEXT = "Riders of the Plain seized Oakford on 2 May 2016.\n\nLater, patrols clashed near Elmbridge."


@dataclass
class FakeExtraction:
    """Two events per report; ids depend on report and version, like the real extractor's."""

    version: str = "1"

    def extract(self, report: Report) -> list[DomainEvent]:
        v = self.version
        common = {"report_id": report.report_id, "extractor": Extractor(name="fake", version=v),
                  "when": When(precision="unknown")}  # fmt: skip
        return [
            TownCaptured(event_id=f"{report.report_id[:8]}-{v}-a", place=Place(name="Oakford"),
                         evidence=Evidence(text="seized Oakford", start=19, end=33), **common),
            Clash(event_id=f"{report.report_id[:8]}-{v}-b", place=Place(name="Elmbridge"),
                  evidence=Evidence(text="clashed", start=66, end=73), **common),
        ]  # fmt: skip


@pytest.fixture(params=["sqlite", "postgres"])
def app(request: pytest.FixtureRequest) -> Iterator[Application]:
    settings = Settings(database_url=request.getfixturevalue(f"{request.param}_url"))
    application = bootstrap(settings, extraction=FakeExtraction())
    yield application
    application.close()


def live_ids(app: Application) -> list[str]:
    table = timeline_entries
    with app.engine.connect() as conn:
        return sorted(conn.execute(select(table.c.event_id)).scalars())


def test_ingest_is_idempotent_and_projected(app: Application) -> None:
    first = app.ingest(TEXT, source="Wire")
    assert first.created and len(first.event_ids) == 2 and len(first.positions) == 3
    assert live_ids(app) == sorted(first.event_ids)  # projected before ingest returned
    again = app.ingest("  " + TEXT.replace(" ", "  ") + "\n")  # same text, other spacing
    assert not again.created
    assert (again.report_id, again.event_ids, again.positions) == (
        first.report_id,
        first.event_ids,
        first.positions,
    )
    assert app.store.stream_version(report_stream(first.report_id)) == 3
    with pytest.raises(InvalidReport):
        app.ingest(" \n ")


def test_concurrent_ingest_of_one_report_stores_it_once(app: Application) -> None:
    results: list[ingest.IngestResult] = []
    barrier = threading.Barrier(4)

    def worker() -> None:
        barrier.wait()
        results.append(app.ingest(TEXT))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4 and len({(r.report_id, tuple(r.event_ids)) for r in results}) == 1
    assert app.store.stream_version(report_stream(results[0].report_id)) == 3
    assert app.store.last_position() == 3


def test_retract_and_correct(app: Application) -> None:
    result = app.ingest(TEXT)
    captured, clash = result.event_ids
    stream = report_stream(result.report_id)
    with pytest.raises(ValueError, match="colour"):
        app.correct(clash, {"colour": "red"}, "bad field", by=CURATOR)
    with pytest.raises(ValueError, match="when"):
        app.correct(clash, {"when": {"start": "2016-05-03", "end": "2016-05-01"}}, "backwards", by=CURATOR)
    with pytest.raises(ValueError, match="reason"):
        app.retract(clash, " ", by=CURATOR)
    assert app.store.stream_version(stream) == 3  # nothing stored by refused curation

    app.correct(clash, {"kind": "airstrike", "actors": ["Sky Wing"]}, "it was an air raid", by=CURATOR)
    app.retract(captured, "not stated", by=CURATOR)
    assert live_ids(app) == [clash]
    state = load(app.store, stream)
    # the write side folds the stream by the same rule as the projections: the correction applies
    assert (state.live[clash].event.kind, state.live[clash].event.actors) == ("airstrike", ("Sky Wing",))
    table = timeline_entries
    with app.engine.connect() as conn:
        row = conn.execute(select(table).where(table.c.event_id == clash)).one()
    assert (row.kind, row.actors, row.corrected) == ("airstrike", ["Sky Wing"], True)
    with pytest.raises(curation.UnknownEvent):
        app.retract(captured, "again", by=CURATOR)


def test_reextract_replaces_the_reports_events(app: Application) -> None:
    result = app.ingest(TEXT)
    assert not app.reextract(result.report_id, by=CURATOR).changed  # same extractor version
    app.extraction.version = "2"  # type: ignore[misc]  # the fake's: a new extractor release
    done = app.reextract(result.report_id, by=CURATOR)
    assert done.changed and len(done.event_ids) == 3
    assert live_ids(app) == sorted(done.event_ids[1:])
    assert not app.reextract(result.report_id, by=CURATOR).changed
    reports = report_rows
    with app.engine.connect() as conn:
        row = conn.execute(select(reports).where(reports.c.report_id == result.report_id)).one()
    assert (row.extractor_version, row.event_count) == ("2", 2)
    with pytest.raises(UnknownReport):
        app.reextract("f" * 64, by=CURATOR)


# -- the services alone, on the in-memory store ----------------------------------------------------------
def test_a_stale_writer_gets_a_concurrency_error() -> None:
    store = InMemoryEventStore()
    result = ingest.ingest_report(store, FakeExtraction(), TEXT)
    stale = load(store, report_stream(result.report_id))
    curation.retract(store, result.event_ids[0], "first writer", by=CURATOR)
    late = EventRetracted(event_id="late-1", target_event_id=result.event_ids[1], reason="second")
    with pytest.raises(ConcurrencyError):
        curation._append(store, stale, [late])


def test_curation_refuses_what_is_not_live_and_stores_nothing() -> None:
    store = InMemoryEventStore()
    result = ingest.ingest_report(store, FakeExtraction(), TEXT)
    captured, clash = result.event_ids
    curation.retract(store, captured, "wrong", by=CURATOR)
    with pytest.raises(curation.EventNotLive, match="retracted already"):
        curation.correct(store, captured, {"confidence": 0.9}, "late", by=CURATOR)
    with pytest.raises(curation.UnknownEvent, match="no event"):
        curation.split(store, "missing", "why", by=CURATOR)
    with pytest.raises(curation.InvalidCuration, match="NUL"):
        curation.retract(store, clash, "bad\x00reason", by=CURATOR)
    extraction = FakeExtraction(version="2")
    curation.reextract(store, extraction, result.report_id, by=CURATOR)
    with pytest.raises(curation.EventNotLive, match="superseded"):
        curation.retract(store, clash, "old", by=CURATOR)
    assert [e.type for e in store.read_stream(report_stream(result.report_id))] == [
        "ReportReceived", "TownCaptured", "Clash", "EventRetracted", "ReportReextracted", "TownCaptured",
        "Clash",
    ]  # fmt: skip
