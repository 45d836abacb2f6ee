"""Which temporal expression governs an event: same clause, then same sentence, then the nearest preceding
one in the same paragraph; failing that, an interval ending at publication (never the publication day)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from timeline.domain.values import When
from timeline.extraction.dates import TemporalExpression, before_publication
from timeline.extraction.sentences import Sentence

# How strongly the date is tied to the event; a duplicate mention with a stronger tie wins the merge.
RANK = {"clause": 3, "sentence": 2, "paragraph": 1, "before-publication": 0}


@dataclass(frozen=True)
class GoverningDate:
    when: When
    source: str  # a key of RANK
    phrase: str | None

    @property
    def rank(self) -> int:
        return RANK[self.source]


class DateGovernor:
    def __init__(
        self, expressions: list[TemporalExpression], sentences: list[Sentence], published: date | None
    ):
        self.expressions = expressions
        self.published = published
        self.paragraph_start = {}
        for s in sentences:
            self.paragraph_start.setdefault(s.paragraph, s.start)

    def _inside(self, lo: int, hi: int) -> list[TemporalExpression]:
        return [e for e in self.expressions if lo <= e.start and e.end <= hi]

    def govern(self, sentence: Sentence, clause: tuple[int, int], ts: int, te: int) -> GoverningDate:
        def nearest(found: list[TemporalExpression]) -> TemporalExpression:
            return min(found, key=lambda e: (max(e.start - te, ts - e.end, 0), e.start > ts))

        if found := self._inside(*clause):
            best = nearest(found)
            return GoverningDate(best.when, "clause", best.phrase)
        if found := self._inside(sentence.start, sentence.end):
            best = nearest(found)
            return GoverningDate(best.when, "sentence", best.phrase)
        if found := self._inside(self.paragraph_start[sentence.paragraph], sentence.start):
            return GoverningDate(found[-1].when, "paragraph", found[-1].phrase)
        return GoverningDate(before_publication(self.published), "before-publication", None)
