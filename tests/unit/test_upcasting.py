"""Upcasting: domain events stored as schema v1 (`date` without phrase) read back as v2 (`when`)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from timeline.domain.events import Airstrike, DomainEvent, TownCaptured
from timeline.domain.serialization import from_stored
from timeline.domain.upcasting import upcast, upcaster
from timeline.store.base import StoredEvent


def v1_record(data: dict, type_name: str = "TownCaptured", version: int = 1) -> StoredEvent:
    return StoredEvent(
        position=7, stream_id="report-abc", stream_version=2, event_id=data["event_id"], type=type_name,
        schema_version=version, data=data, metadata={}, recorded_at=datetime(2020, 1, 1, tzinfo=UTC),
    )  # fmt: skip


V1 = {
    "event_id": "e1",
    "report_id": "abc",
    "date": {"start": "2015-03-02", "end": "2015-03-04", "precision": "range"},
    "place": {"name": "Easton", "country": "IQ"},
    "actors": ["Militia X"],
    "evidence": {"text": "Militia X took Easton", "start": 3, "end": 24},
    "extractor": {"name": "old", "version": "0.1"},
}


def test_v1_domain_event_reads_as_current_class() -> None:
    event = from_stored(v1_record(dict(V1)))
    assert isinstance(event, TownCaptured)
    assert event.when.start == date(2015, 3, 2) and event.when.end == date(2015, 3, 4)
    assert event.when.precision == "range" and event.when.phrase is None
    assert event.place is not None and event.place.name == "Easton"


def test_v1_without_date_becomes_unknown_interval() -> None:
    data = {k: v for k, v in V1.items() if k != "date"}
    event = from_stored(v1_record(data, type_name="Airstrike"))
    assert isinstance(event, Airstrike)
    assert (event.when.start, event.when.end, event.when.precision) == (None, None, "unknown")


def test_current_version_is_read_unchanged() -> None:
    data = {k: v for k, v in V1.items() if k != "date"}
    data["when"] = {"start": "2015-03-02", "end": None, "precision": "day", "phrase": "on Monday"}
    event = from_stored(v1_record(data, version=DomainEvent.schema_version))
    assert event.when.phrase == "on Monday"  # type: ignore[attr-defined]


def test_upcast_does_not_mutate_the_stored_data() -> None:
    data = dict(V1)
    from_stored(v1_record(data))
    assert "date" in data and "when" not in data


def test_newer_version_than_code_is_refused() -> None:
    with pytest.raises(ValueError, match="newer than this code"):
        from_stored(v1_record(dict(V1), version=DomainEvent.schema_version + 1))


def test_missing_upcaster_step_is_an_error() -> None:
    with pytest.raises(LookupError, match="no upcaster for Unregistered v1"):
        upcast("Unregistered", 1, 2, {})


def test_upcasters_chain_in_order() -> None:
    @upcaster("ChainTest", 1)
    def one(data: dict) -> dict:
        return {**data, "steps": [*data.get("steps", []), 1]}

    @upcaster("ChainTest", 2)
    def two(data: dict) -> dict:
        return {**data, "steps": [*data["steps"], 2]}

    assert upcast("ChainTest", 1, 3, {}) == {"steps": [1, 2]}
    assert upcast("ChainTest", 2, 3, {"steps": [1]}) == {"steps": [1, 2]}
