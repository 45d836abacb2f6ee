"""Extraction: a report's stored text -> the typed domain events it states, with provenance."""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from timeline.domain.events import BY_KIND, DomainEvent
from timeline.domain.report import Report
from timeline.domain.values import Evidence, Extractor
from timeline.extraction.actors import ActorLexicon, load_actors

if TYPE_CHECKING:
    from timeline.config import Settings
    from timeline.gazetteer import Gazetteer

EXTRACTOR_NAME = "timeline-parse"
EXTRACTOR_VERSION = "2.0.0"
_ID_NAMESPACE = uuid.UUID("5b0e8a52-7d3c-4c1e-9a57-2f1c0c6b9e11")


def event_id(report_id: str, kind: str, start: int, end: int, place_id: str | None) -> str:
    """Same report + same extractor version + same statement -> same id."""
    key = f"{report_id}|{EXTRACTOR_VERSION}|{kind}|{start}:{end}|{place_id or '-'}"
    return str(uuid.uuid5(_ID_NAMESPACE, key))


class RuleExtractor:
    """The rule-based extractor over one gazetteer and one actor list: built once (it loads the parser and
    the trigger data), then called for any number of reports, from any thread."""

    version = EXTRACTOR_VERSION

    def __init__(self, gazetteer: Gazetteer, actors: ActorLexicon) -> None:
        from timeline.extraction.pipeline import Pipeline

        self.gazetteer = gazetteer
        self.pipeline = Pipeline(gazetteer=gazetteer, actors=actors)

    @classmethod
    def from_settings(cls, settings: Settings) -> RuleExtractor:
        """The extractor with the gazetteer and actor file the settings name."""
        from timeline.gazetteer import Gazetteer

        gazetteer = Gazetteer.open(settings.gazetteer_path, settings.gazetteer_supplement)
        return cls(gazetteer, load_actors(settings.actors_file))

    def extract(self, report: Report) -> list[DomainEvent]:
        """Every event the report states (reader comments skipped), in reading order."""
        return [event for event, _ in self._events(report, self.pipeline.analyse(report))]

    def extract_explained(self, report: Report) -> tuple[list[DomainEvent], list[dict[str, Any]]]:
        """The events, and per trigger read: for an emitted one its rule id, trigger, frame, and how place,
        actors and date were chosen (with the dependency path from the trigger to each argument); for a
        rejected one, the reason (not factual, a condition unmet, no place)."""
        analysis = self.pipeline.analyse(report)
        pairs = self._events(report, analysis)
        rows = [{"emitted": True, "event_id": event.event_id, **c.explain()} for event, c in pairs]
        rows += [{"emitted": False, **r} for r in analysis.rejected]
        return [event for event, _ in pairs], rows

    def _events(self, report: Report, analysis: Any) -> list[tuple[DomainEvent, Any]]:
        out = []
        for c in analysis.candidates:
            place = None
            if c.place is not None:
                place = self.gazetteer.to_place(c.place.entry, c.place.surface)
                if c.place.entry is None and c.place.country_hint:  # unresolved: keep what the context gives
                    place = place.model_copy(update={"country": c.place.country_hint})
            lo, hi = c.evidence
            out.append(
                (
                    BY_KIND[c.kind](
                        event_id=event_id(
                            report.report_id, c.kind, lo, hi, c.place.key if c.place else c.designee
                        ),
                        report_id=report.report_id,
                        when=c.date.when,
                        place=place,
                        actors=tuple(c.actors),
                        evidence=Evidence(text=report.text[lo:hi], start=lo, end=hi),
                        confidence=round(c.confidence, 3),
                        extractor=Extractor(
                            name=EXTRACTOR_NAME, version=EXTRACTOR_VERSION, rule_id=c.rule_id
                        ),
                        fatalities=c.fatalities,
                        injured=c.injured,
                    ),
                    c,
                )
            )
        return out


@lru_cache(maxsize=1)
def default_extractor() -> RuleExtractor:
    """The package's own extractor: the shipped actor list and the gazetteer at its default location (no
    settings read; an application builds its own with `RuleExtractor.from_settings`)."""
    from timeline.gazetteer import Gazetteer

    return RuleExtractor(Gazetteer.default(), load_actors())


def extract(report: Report) -> list[DomainEvent]:
    """`default_extractor().extract`: every event the report states, in reading order."""
    return default_extractor().extract(report)


def extract_explained(report: Report) -> tuple[list[DomainEvent], list[dict[str, Any]]]:
    return default_extractor().extract_explained(report)


def explain(report: Report) -> list[dict[str, Any]]:
    return extract_explained(report)[1]
