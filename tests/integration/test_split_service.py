"""The split curation service on SQLite and PostgreSQL: an IncidentSplit appended to the event's report
stream at the version read, the incidents projection undoing the merge, refusals that store nothing, and
a write that loses a race to another writer retried (then given up with ConcurrencyError)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from timeline.domain.access import Author
from timeline.domain.events import IncidentSplit, ReportReceived, TownCaptured, report_stream
from timeline.domain.serialization import to_new_event
from timeline.domain.values import Evidence, Extractor, Place, When
from timeline.projections.base import ProjectionRunner
from timeline.projections.registry import default_projections
from timeline.projections.tables import incident_events
from timeline.query.vocabulary import load_actor_vocabulary
from timeline.services import curation
from timeline.store.base import ConcurrencyError, EventStore, NewEvent, Recorded, StoredEvent
from timeline.store.factory import open_store

CURATOR = Author(kind="key", id="0a1b2c3d", name="test curator")

DAY = date(2016, 9, 14)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest) -> Iterator[EventStore]:
    opened = open_store(request.getfixturevalue(f"{request.param}_url"))
    yield opened
    opened.close()


def seed_two_reports(store: EventStore) -> tuple[str, str]:
    """Two outlets say the same party took the same village on the same day: one incident."""
    ids = []
    for n, outlet in enumerate(("North Courier", "South Ledger")):
        report_id = f"split-{n}"
        text = f"{outlet}: the Grey Band took Ashcombe on 14 September 2016."
        received = ReportReceived(event_id=f"{report_id}-received", report_id=report_id, source=outlet,
                                  received_at=datetime(2016, 9, 15, tzinfo=UTC), text=text)  # fmt: skip
        event = TownCaptured(event_id=f"{report_id}-capture", report_id=report_id,
                             when=When(start=DAY, end=DAY, precision="day"), place=Place(name="Ashcombe"),
                             actors=("Grey Band",), evidence=Evidence(text=text[:10], start=0, end=10),
                             extractor=Extractor(name="hand", version="1"))  # fmt: skip
        store.append(report_stream(report_id), [to_new_event(received), to_new_event(event)], 0)
        ids.append(event.event_id)
    return ids[0], ids[1]


def incident_ids(store: EventStore) -> dict[str, str]:
    ProjectionRunner(store, store.engine, default_projections(load_actor_vocabulary())).catch_up()  # type: ignore[attr-defined]
    with store.engine.connect() as conn:  # type: ignore[attr-defined]
        rows = conn.execute(select(incident_events.c.event_id, incident_events.c.incident_id)).all()
    return {row.event_id: row.incident_id for row in rows}


def test_split_appends_to_the_report_stream_and_undoes_the_merge(store: EventStore) -> None:
    first, second = seed_two_reports(store)
    merged = incident_ids(store)
    assert merged[first] == merged[second]
    stream = report_stream("split-0")
    result = curation.split(store, first, "a different raid, a day apart in the original", by=CURATOR)
    assert result.changed and result.stream_id == stream and len(result.positions) == 1
    stored = store.read_stream(stream)
    assert [e.type for e in stored] == ["ReportReceived", "TownCaptured", "IncidentSplit"]
    assert stored[-1].event_id == result.event_ids[0] and stored[-1].position == result.positions[0]
    assert stored[-1].data["target_event_id"] == first
    assert store.stream_version(report_stream("split-1")) == 2  # the other report's stream is untouched
    apart = incident_ids(store)
    assert apart[first] != apart[second] and set(apart) == {first, second}


def test_refused_splits_store_nothing(store: EventStore) -> None:
    first, second = seed_two_reports(store)
    with pytest.raises(curation.InvalidCuration, match="reason"):
        curation.split(store, first, "  ", by=CURATOR)
    with pytest.raises(curation.InvalidCuration, match="NUL"):
        curation.split(store, first, "bad \x00 reason", by=CURATOR)
    with pytest.raises(curation.UnknownEvent, match="no-such"):
        curation.split(store, "no-such-event", "x", by=CURATOR)
    with pytest.raises(curation.UnknownEvent, match="not a domain event"):
        curation.split(store, "split-0-received", "x", by=CURATOR)
    curation.retract(store, second, "withdrawn by the outlet", by=CURATOR)
    with pytest.raises(curation.EventNotLive, match="retracted"):
        curation.split(store, second, "x", by=CURATOR)
    assert store.stream_version(report_stream("split-0")) == 2
    assert store.stream_version(report_stream("split-1")) == 3  # received, capture, retraction


class RacingStore(EventStore):
    """The real store, except that before each of the first `rivals` appends another writer appends to the
    same stream first (the window between a curation's read and its append)."""

    def __init__(self, inner: EventStore, rival_target: str, rivals: int) -> None:
        self.inner, self.rival_target = inner, rival_target
        self.rivals, self.appends = rivals, 0

    def record(self, stream_id: str, events: Sequence[NewEvent], expected_version: int) -> Recorded:
        self.appends += 1
        if self.rivals:
            self.rivals -= 1
            rival = IncidentSplit(event_id=str(uuid.uuid4()), target_event_id=self.rival_target,
                                  reason="rival")  # fmt: skip
            self.inner.append(stream_id, [to_new_event(rival)], self.inner.stream_version(stream_id))
        return self.inner.record(stream_id, events, expected_version)

    def read_stream(self, stream_id: str, after_version: int = 0) -> list[StoredEvent]:
        return self.inner.read_stream(stream_id, after_version)

    def read_all(self, after_position: int = 0, limit: int = 1000) -> list[StoredEvent]:
        return self.inner.read_all(after_position, limit)

    def stream_version(self, stream_id: str) -> int:
        return self.inner.stream_version(stream_id)

    def last_position(self) -> int:
        return self.inner.last_position()

    def stream_of(self, event_id: str) -> str | None:
        return self.inner.stream_of(event_id)


def test_a_lost_race_is_retried_then_given_up(store: EventStore) -> None:
    first, _ = seed_two_reports(store)
    stream = report_stream("split-0")
    once = RacingStore(store, first, rivals=1)
    result = curation.split(once, first, "after one lost race", by=CURATOR)
    assert once.appends == 2 and store.stream_version(stream) == 4  # rival, then the retried split
    assert store.read_stream(stream)[-1].event_id == result.event_ids[0]

    always = RacingStore(store, first, rivals=curation.ATTEMPTS)
    with pytest.raises(ConcurrencyError, match=stream):
        curation.split(always, first, "never gets in", by=CURATOR)
    assert always.appends == curation.ATTEMPTS
    reasons = [e.data["reason"] for e in store.read_stream(stream)[2:]]
    assert reasons == ["rival", "after one lost race", *["rival"] * curation.ATTEMPTS]
