"""Query tests' fixtures: a small fake gazetteer (the contract's methods over a handful of entries) and
a hand-written corpus appended to a real SQLite store and projected with the service's projections."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from rapidfuzz import fuzz, process

from timeline.domain.events import BY_KIND, DomainEvent, Event, ReportReceived, report_stream
from timeline.domain.report import report_id_for
from timeline.domain.serialization import to_new_event
from timeline.domain.values import Evidence, Extractor, Place, When
from timeline.gazetteer.model import GazetteerEntry
from timeline.projections.base import ProjectionRunner
from timeline.projections.registry import default_projections
from timeline.query.service import QueryContext
from timeline.query.vocabulary import load_actor_vocabulary
from timeline.store.base import EventStore
from timeline.store.factory import open_store


def _entry(
    eid: str, name: str, level: str, admin1: str | None, cc: str, lat: float, lon: float, *aliases: str
) -> GazetteerEntry:
    return GazetteerEntry(
        id=eid,
        name=name,
        level=level,
        kind=level if level != "locality" else "town",  # type: ignore[arg-type]
        admin1=admin1,
        admin1_id=None,
        country=cc,
        lat=lat,
        lon=lon,
        aliases=aliases,
    )


ENTRIES = [
    _entry("country:IQ", "Iraq", "country", None, "IQ", 33.0, 44.0, "Republic of Iraq"),
    _entry("country:SY", "Syria", "country", None, "SY", 35.0, 38.5, "Syrian Arab Republic"),
    _entry("adm1:IQ.10", "Diyala", "admin1", "Diyala", "IQ", 34.0, 45.0, "Diyala province", "Diala"),
    _entry(
        "adm1:IQ.14",
        "Salah ad Din Governorate",
        "admin1",
        "Salah ad Din Governorate",
        "IQ",
        34.5,
        43.5,
        "Salahuddin",
        "Salah al-Din",
        "Saladin",
    ),
    _entry("adm1:SY.04", "Ar-Raqqah", "admin1", "Ar-Raqqah", "SY", 35.9, 39.0, "Raqqa province"),
    _entry("sup:jalula", "Jalula", "locality", "Diyala", "IQ", 34.27, 45.16, "Jalawla", "Jalulah"),
    _entry("sup:saadiyah", "Saadiyah", "locality", "Diyala", "IQ", 34.19, 45.12, "Sadiyah", "As Sadiyah"),
    _entry("gn:98182", "Baqubah", "locality", "Diyala", "IQ", 33.75, 44.64, "Baquba", "Baqouba"),
    _entry("gn:99131", "Tikrit", "locality", "Salah ad Din Governorate", "IQ", 34.6, 43.68, "Tekrit"),
    _entry("gn:163915", "Raqqa", "locality", "Ar-Raqqah", "SY", 35.95, 39.01, "Ar Raqqah", "Raqqah"),
]


class FakeGazetteer:
    """The gazetteer contract over ENTRIES (exact name/alias look-up, fuzzy suggestions)."""

    def __init__(self, entries: list[GazetteerEntry] = ENTRIES) -> None:
        self.by_id = {e.id: e for e in entries}
        self.names = {n.casefold(): e for e in entries for n in (e.name, *e.aliases)}

    def get(self, entry_id: str) -> GazetteerEntry | None:
        return self.by_id.get(entry_id)

    def lookup(self, name: str) -> list[GazetteerEntry]:
        found = self.names.get(name.strip().casefold())
        return [found] if found else []

    def suggest(self, name: str, limit: int = 5) -> list[GazetteerEntry]:
        hits = process.extract(
            name.casefold(), list(self.names), scorer=fuzz.ratio, limit=limit, score_cutoff=60
        )
        return list({self.names[h[0]].id: self.names[h[0]] for h in hits}.values())

    def search(self, prefix: str, limit: int = 10) -> list[GazetteerEntry]:
        folded = prefix.casefold()
        hits = {e.id: e for n, e in self.names.items() if n.startswith(folded)}
        return list(hits.values())[:limit]


def place(entry_id: str) -> Place:
    e = FakeGazetteer().get(entry_id)
    assert e is not None
    return Place(
        name=e.name,
        resolved_name=e.name,
        gazetteer_id=e.id,
        admin1=e.admin1,
        country=e.country,
        lat=e.lat,
        lon=e.lon,
        precision=e.level,
    )  # type: ignore[arg-type]


@dataclass
class Said:
    """One event a hand-written report states: its kind, where, when, who and the words."""

    kind: str
    place_id: str | None
    start: date | None
    end: date | None
    actors: tuple[str, ...]
    words: str
    precision: str = "day"


class Corpus:
    """Writes reports and their events to a real store and projects them."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.runner = ProjectionRunner(store, store.engine, default_projections(load_actor_vocabulary()))
        self.ids: dict[str, str] = {}  # label -> event id

    def report(self, outlet: str, published: date | None, said: dict[str, Said]) -> str:
        text = " ".join(s.words for s in said.values()) + f" ({outlet})"
        report_id = report_id_for(text)
        received = ReportReceived(
            event_id=str(uuid.uuid4()),
            report_id=report_id,
            source=outlet,
            url=f"https://example.org/{report_id[:8]}",
            title=f"{outlet} report",
            published=published,
            received_at=datetime.now(UTC),
            text=text,
        )
        events: list[Event] = [received]
        for label, s in said.items():
            start = text.index(s.words)
            cls: type[DomainEvent] = BY_KIND[s.kind]
            event = cls(
                event_id=str(uuid.uuid4()),
                report_id=report_id,
                when=When(start=s.start, end=s.end, precision=s.precision, phrase=None),  # type: ignore[arg-type]
                place=place(s.place_id) if s.place_id else None,
                actors=s.actors,
                evidence=Evidence(text=s.words, start=start, end=start + len(s.words)),
                extractor=Extractor(name="hand", version="1", rule_id="hand"),
            )
            self.ids[label] = event.event_id
            events.append(event)
        stream = report_stream(report_id)
        self.store.append(stream, [to_new_event(e) for e in events], self.store.stream_version(stream))
        return report_id

    def curate(self, report_id: str, event: Event) -> None:
        stream = report_stream(report_id)
        self.store.append(stream, [to_new_event(event)], self.store.stream_version(stream))

    def project(self) -> dict[str, int]:
        return self.runner.catch_up()


def d(text: str) -> date:
    return date.fromisoformat(text)


def build_standard(corpus: Corpus) -> dict[str, str]:
    """Reports of June-August 2014 in Diyala (with a second source, a contradiction and a later
    capture), plus events outside Diyala or outside 2014. Returns report ids by name."""
    reports = {}
    reports["wire"] = corpus.report(
        "Desert Wire",
        d("2014-06-14"),
        {
            "wire_jalula": Said(
                "town_captured",
                "sup:jalula",
                d("2014-06-13"),
                d("2014-06-13"),
                ("ISIS", "Iraqi army"),
                "Gunmen of ISIS overran Jalawla on Friday as soldiers left their posts.",
            ),
            "wire_saadiyah": Said(
                "town_captured",
                "sup:saadiyah",
                d("2014-06-13"),
                d("2014-06-13"),
                ("ISIS",),
                "Saadiyah also fell to the same fighters that night.",
            ),
            "wire_tikrit": Said(
                "airstrike",
                "gn:99131",
                d("2014-06-12"),
                d("2014-06-12"),
                ("Iraqi Air Force",),
                "Jets bombed positions near Tikrit on Thursday.",
            ),
        },
    )
    reports["river"] = corpus.report(
        "River Post",
        d("2014-06-15"),
        {
            "river_jalula": Said(
                "town_captured",
                "sup:jalula",
                d("2014-06-12"),
                d("2014-06-13"),
                ("Islamic State",),
                "Jalula was taken by Islamic State fighters this week.",
            ),
        },
    )
    reports["herald"] = corpus.report(
        "Mountain Herald",
        d("2014-06-16"),
        {
            "herald_jalula": Said(
                "town_captured",
                "sup:jalula",
                d("2014-06-13"),
                d("2014-06-13"),
                ("Peshmerga",),
                "Kurdish Peshmerga units entered Jalula on Friday and hold the town.",
            ),
        },
    )
    reports["august"] = corpus.report(
        "Desert Wire",
        d("2014-08-16"),
        {
            "august_jalula": Said(
                "town_captured",
                "sup:jalula",
                d("2014-08-11"),
                d("2014-08-11"),
                ("Islamic State", "Peshmerga"),
                "On Monday Islamic State seized Jalula again.",
            ),
        },
    )
    reports["later"] = corpus.report(
        "Border Times",
        d("2015-01-10"),
        {
            "later_clash": Said(
                "clash",
                "adm1:IQ.10",
                d("2015-01-05"),
                d("2015-01-05"),
                ("Peshmerga", "ISIS"),
                "Fighting flared across Diyala province last Monday.",
                precision="day",
            ),
            "later_baqubah": Said(
                "attack",
                "gn:98182",
                d("2013-12-30"),
                d("2013-12-31"),
                ("ISIS",),
                "A car bomb struck a market in Baqubah at the end of December.",
                precision="range",
            ),
            "later_raqqa": Said(
                "airstrike",
                "gn:163915",
                d("2018-12-01"),
                d("2018-12-31"),
                ("US-led coalition",),
                "Coalition aircraft hit targets around Raqqa in December.",
                precision="month",
            ),
            "later_designation": Said(
                "designation_announced",
                None,
                d("2017-01-01"),
                d("2017-12-31"),
                ("United States", "Some Group"),
                "Washington listed Some Group as terrorists.",
                precision="year",
            ),
        },
    )
    return reports


@pytest.fixture(params=["sqlite", "postgres"])
def corpus(request: pytest.FixtureRequest) -> Iterator[Corpus]:
    """The same corpus on a SQLite file and on a fresh PostgreSQL schema (skipped without a server)."""
    store = open_store(request.getfixturevalue(f"{request.param}_url"))
    try:
        yield Corpus(store)
    finally:
        store.close()


@pytest.fixture
def gazetteer() -> FakeGazetteer:
    return FakeGazetteer()


@pytest.fixture
def standard(corpus: Corpus, gazetteer: FakeGazetteer) -> tuple[Corpus, QueryContext, dict[str, Any]]:
    reports = build_standard(corpus)
    corpus.project()
    ctx = QueryContext(store=corpus.store, engine=corpus.store.engine, gazetteer=gazetteer)
    return corpus, ctx, reports
