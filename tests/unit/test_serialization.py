"""Serialization: every event type survives event -> NewEvent -> JSON -> StoredEvent -> event unchanged."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from timeline.domain.events import (
    ALL_EVENT_TYPES,
    DOMAIN_EVENT_TYPES,
    DomainEvent,
    Event,
    EventCorrected,
    EventRetracted,
    IncidentSplit,
    ReportReceived,
    ReportReextracted,
)
from timeline.domain.serialization import from_stored, to_new_event
from timeline.domain.values import Count, Evidence, Extractor, Place, When
from timeline.store.base import NewEvent, StoredEvent


def stored(new: NewEvent, position: int = 1) -> StoredEvent:
    """What a store gives back: the data went through JSON text."""
    return StoredEvent(
        position=position, stream_id="report-r1", stream_version=position, event_id=new.event_id,
        type=new.type, schema_version=new.schema_version, data=json.loads(json.dumps(new.data)),
        metadata=json.loads(json.dumps(new.metadata)), recorded_at=datetime.now(UTC),
    )  # fmt: skip


def domain(cls: type[DomainEvent]) -> DomainEvent:
    return cls(
        event_id=f"id-{cls.kind}",
        report_id="r1",
        when=When(start=date(2016, 10, 17), end=date(2016, 10, 20), precision="range", phrase="17-20 Oct"),
        place=Place(
            name="Qaryat Sharq",
            resolved_name="Qaryat Sharq",
            gazetteer_id="test:1",
            admin1="Ninawa",
            country="IQ",
            lat=36.1,
            lon=43.2,
            precision="locality",
        ),  # fmt: skip
        actors=("Brigade 9", "Band of Raiders"),
        evidence=Evidence(text="Brigade 9 did it", start=120, end=136),
        confidence=0.75,
        extractor=Extractor(name="rules", version="3.1", rule_id="r-42"),
        fatalities=Count(low=12, high=15, phrase="12 to 15 killed"),
    )


OTHERS: list[Event] = [
    ReportReceived(event_id="rr", report_id="r1", source="Outlet", url="https://example.org/a", title="T",
                   published=date(2016, 10, 21), published_rule="meta",
                   received_at=datetime(2016, 10, 22, 8, 30, tzinfo=UTC), text="Ünïcode text — with dashes"),
    EventRetracted(event_id="x1", target_event_id="id-clash", reason="duplicate"),
    EventCorrected(event_id="x2", target_event_id="id-clash", changes={"place": None, "actors": ["A"]},
                   reason="misread"),
    IncidentSplit(event_id="x4", target_event_id="id-attack", reason="different day"),
    ReportReextracted(event_id="x3", report_id="r1", extractor_version="3.2",
                      at=datetime(2017, 1, 1, tzinfo=UTC)),
]  # fmt: skip


@pytest.mark.parametrize("event", [domain(c) for c in DOMAIN_EVENT_TYPES] + OTHERS, ids=lambda e: e.type_name)
def test_round_trip(event: Event) -> None:
    new = to_new_event(event, causation_id="cause-1")
    assert (new.event_id, new.type, new.schema_version) == (
        event.event_id,
        event.type_name,
        event.schema_version,
    )
    back = from_stored(stored(new))
    assert type(back) is type(event)
    assert back == event


def test_every_type_is_covered() -> None:
    """A new event type needs a round-trip case here."""
    covered = set(DOMAIN_EVENT_TYPES) | {type(e) for e in OTHERS}
    assert covered == set(ALL_EVENT_TYPES)


def test_metadata_names_report_extractor_and_cause() -> None:
    new = to_new_event(domain(DOMAIN_EVENT_TYPES[0]), causation_id="rr")
    assert new.metadata == {"causation_id": "rr", "report_id": "r1", "extractor_version": "3.1"}
    assert to_new_event(OTHERS[1]).metadata == {"causation_id": None}


def test_unknown_type_is_refused_with_its_position() -> None:
    record = replace(stored(to_new_event(OTHERS[1]), position=41), type="NoSuchEvent")
    with pytest.raises(LookupError, match="NoSuchEvent.*position 41"):
        from_stored(record)


def test_events_are_frozen_and_reject_unknown_fields() -> None:
    event = domain(DOMAIN_EVENT_TYPES[1])
    with pytest.raises(ValidationError):
        event.confidence = 0.1  # type: ignore[misc]
    data = to_new_event(event).data | {"surprise": 1}
    with pytest.raises(ValidationError):
        from_stored(stored(NewEvent(event.event_id, event.type_name, event.schema_version, data)))


def test_naive_received_at_is_refused() -> None:
    with pytest.raises(ValidationError):
        ReportReceived(event_id="n", report_id="r", received_at=datetime(2020, 1, 1), text="t")
