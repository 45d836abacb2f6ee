"""The one rule of which events are live: a report's stream folded into Upsert / Remove / ReportChanged,
the same whether the log arrives in one batch or in many (streams met mid-way are folded from history)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.domain.events import (
    Clash,
    Event,
    EventCorrected,
    EventRetracted,
    IncidentSplit,
    ReportReceived,
    ReportReextracted,
    TownCaptured,
    report_stream,
)
from timeline.domain.live import LiveFold, Recorded, Remove, ReportChanged, Upsert, fold_stream
from timeline.domain.values import Evidence, Extractor, Place, When

AT = datetime(2016, 5, 3, tzinfo=UTC)


def received(report_id: str) -> ReportReceived:
    return ReportReceived(event_id=f"{report_id}-rr", report_id=report_id, source="Wire", received_at=AT,
                          text="Riders seized Oakford.", published=date(2016, 5, 3))  # fmt: skip


def happened(report_id: str, n: int, cls: Any = TownCaptured, version: str = "1") -> Any:
    return cls(event_id=f"{report_id}-{version}-{n}", report_id=report_id, place=Place(name="Oakford"),
               when=When(start=date(2016, 5, 2), end=date(2016, 5, 2), precision="day"), actors=("Riders",),
               evidence=Evidence(text="seized Oakford", start=7, end=21),
               extractor=Extractor(name="hand", version=version))  # fmt: skip


class Log:
    """Events recorded as a store would: global positions, per-stream versions."""

    def __init__(self) -> None:
        self.recorded: list[Recorded] = []
        self.versions: dict[str, int] = {}

    def add(self, report_id: str, *events: Event) -> None:
        stream = report_stream(report_id)
        for event in events:
            self.versions[stream] = self.versions.get(stream, 0) + 1
            meta: dict[str, Any] = {"extractor_version": "1"} if isinstance(event, ReportReceived) else {}
            position = len(self.recorded) + 1
            self.recorded.append(Recorded.of(position, stream, self.versions[stream], event, meta, AT))

    def history(self, stream_id: str, before: int) -> list[Recorded]:
        return [r for r in self.recorded if r.stream_id == stream_id and r.position < before]


def curated_log() -> Log:
    log = Log()
    log.add("a", received("a"), happened("a", 1), happened("a", 2, Clash), happened("a", 3))
    log.add("b", received("b"), happened("b", 1))
    log.add("a", EventRetracted(event_id="x1", target_event_id="a-1-1", reason="wrong"))
    log.add("a", EventRetracted(event_id="x2", target_event_id="a-1-1", reason="again"))
    log.add("a", EventCorrected(event_id="c1", target_event_id="a-1-2", changes={"kind": "airstrike"},
                                reason="air"))  # fmt: skip
    log.add("a", EventCorrected(event_id="c2", target_event_id="a-1-2", changes={"actors": ["Jets"]},
                                reason="who"))  # fmt: skip
    log.add("a", EventCorrected(event_id="c3", target_event_id="a-1-1", changes={"confidence": 1},
                                reason="retracted already"))  # fmt: skip
    log.add("b", IncidentSplit(event_id="s1", target_event_id="b-1-1", reason="not the same"))
    log.add("b", EventCorrected(event_id="c4", target_event_id="b-1-1", changes={"confidence": 0.9},
                                reason="sure"))  # fmt: skip
    log.add("a", ReportReextracted(event_id="r1", report_id="a", extractor_version="2"),
            happened("a", 1, version="2"))
    return log


def test_a_report_folds_into_its_live_events_with_every_curation_applied() -> None:
    log = curated_log()
    a = fold_stream("report-a", (r for r in log.recorded if r.stream_id == "report-a"))
    assert list(a.live) == ["a-2-1"] and a.extractor_version == "2"
    assert a.stored_ids == {"a-1-1", "a-1-2", "a-1-3", "a-2-1"} and a.retracted == {"a-1-1"}
    b = fold_stream("report-b", (r for r in log.recorded if r.stream_id == "report-b"))
    live = b.live["b-1-1"]
    assert (live.pinned, live.corrected, live.event.confidence) == (True, True, 0.9)  # a pin survives


def test_changes_say_what_became_live_changed_or_left() -> None:
    changes = LiveFold(curated_log().history).changes(curated_log().recorded)
    moves = [(type(c).__name__, c.event.event_id if isinstance(c, Upsert) else c.event_id, c.position)
             for c in changes if not isinstance(c, ReportChanged)]  # fmt: skip
    assert moves == [
        ("Upsert", "a-1-1", 2), ("Upsert", "a-1-2", 3), ("Upsert", "a-1-3", 4), ("Upsert", "b-1-1", 6),
        ("Remove", "a-1-1", 7),  # the second retraction and the late correction change nothing
        ("Upsert", "a-1-2", 9), ("Upsert", "a-1-2", 10), ("Upsert", "b-1-1", 12), ("Upsert", "b-1-1", 13),
        ("Remove", "a-1-2", 14), ("Remove", "a-1-3", 14), ("Upsert", "a-2-1", 15),
    ]  # fmt: skip
    corrected = [c for c in changes if isinstance(c, Upsert) and c.position == 10][0]
    assert (corrected.first, corrected.event.kind, corrected.event.actors) == (False, "airstrike", ("Jets",))
    assert corrected.report.source == "Wire" and corrected.live.corrected
    counts = [(c.report.report_id, c.live_count, c.extractor_version) for c in changes
              if isinstance(c, ReportChanged)]  # fmt: skip
    assert counts == [("a", 1, "2"), ("b", 1, "1")]  # one catalogue entry per report, as the batch left it
    assert all(isinstance(c, Remove) or c.report.report_id in ("a", "b") for c in changes)


def moves_and_catalogue(changes: list[Any]) -> tuple[list[Any], dict[str, Any]]:
    """The Upsert/Remove sequence, and each report's last catalogue entry (one per report per batch)."""
    catalogue = {c.report.report_id: (c.extractor_version, c.live_count) for c in changes
                 if isinstance(c, ReportChanged)}  # fmt: skip
    return [c for c in changes if not isinstance(c, ReportChanged)], catalogue


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=15), max_size=6))
def test_batches_of_any_size_give_the_changes_of_one_pass(cuts: list[int]) -> None:
    log = curated_log()
    whole = LiveFold(log.history).changes(log.recorded)
    fold = LiveFold(log.history)
    pieces, last = [], 0
    for cut in sorted(set(cuts)) + [len(log.recorded)]:
        pieces.extend(fold.changes(log.recorded[last:cut]))
        last = max(last, cut)
    assert moves_and_catalogue(pieces) == moves_and_catalogue(whole)


def test_a_fold_forgets_streams_that_stop_appearing() -> None:
    log = curated_log()
    fold = LiveFold(log.history)
    fold.changes(log.recorded[:5])
    fold.changes(log.recorded[5:6])
    assert list(fold.streams) == ["report-b"]
