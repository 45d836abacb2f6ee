"""Which temporal expression governs an event: same clause, then same sentence, then the nearest preceding
one in the same paragraph; failing that, an interval ending at publication (never the publication day)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from timeline.domain.values import When
from timeline.extraction.dates import TemporalExpression, before_publication
from timeline.extraction.sentences import Sentence

# How strongly the date is tied to the event; a duplicate mention with a stronger tie wins the merge.
RANK = {"clause": 3, "sentence": 2, "paragraph": 1, "recent-perfect": 0, "before-publication": 0}
_SUBORDINATE = re.compile(
    r"\W*(?:since|after|before|until|when|while|whereas|although|though|because|if|unless)\b", re.I)
# How far back an event no expression dates may lie: a report's undated statements are about the weeks
# before it (older background carries its own date); the interval stays marked "before-publication".
BEFORE_PUBLICATION_DAYS = 30
_ORDERING = re.compile(r"\W*(after|since|before|until)\b", re.I)
RECENT_DAYS = 7  # "in the past few days" is the 7 days up to publication (SCHEMA.md convention)


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
        self,
        expressions: list[TemporalExpression],
        sentences: list[Sentence],
        published: date | None,
        recent_perfect: str | None = None,
    ):
        self.expressions = expressions
        self.recent_perfect = re.compile(recent_perfect) if recent_perfect else None
        self.published = published
        self.paragraph_start: dict[int, int] = {}
        for s in sentences:
            self.paragraph_start.setdefault(s.paragraph, s.start)

    def _relative_to_main(self, when: When, sentence: Sentence, clause: tuple[int, int], ts: int) -> When:
        """'captured X on Saturday, after the army launched its offensive': an event in an 'after' or
        'since' clause happened before the main clause's date, one in a 'before' or 'until' clause after it
        (not the main clause behind a fronted 'After the talks, ...')."""
        lead = sentence.text[clause[0] - sentence.start : ts - sentence.start]
        m = _ORDERING.match(lead)
        if m is None or "," in lead[m.end() :] or when.start is None or when.end is None:
            return when
        reach = timedelta(days=BEFORE_PUBLICATION_DAYS)
        if m.group(1).lower() in ("after", "since"):
            return When(start=when.start - reach, end=when.end, precision="range", phrase=when.phrase)
        end = when.end + reach
        if self.published is not None:
            end = max(min(end, self.published), when.start)
        return When(start=when.start, end=end, precision="range", phrase=when.phrase)

    def _inside(self, lo: int, hi: int) -> list[TemporalExpression]:
        return [e for e in self.expressions if lo <= e.start and e.end <= hi and self._usable(e)]

    def _usable(self, e: TemporalExpression) -> bool:
        """With a publication date, an expression that resolved to nothing ("days after", no anchor)
        dates nothing; without one, an unknown year is what the event gets (never an invented one)."""
        return self.published is None or e.when.start is not None or e.when.end is not None

    def govern(self, sentence: Sentence, clause: tuple[int, int], ts: int, te: int) -> GoverningDate:
        def nearest(found: list[TemporalExpression]) -> TemporalExpression:
            return min(found, key=lambda e: (max(e.start - te, ts - e.end, 0), e.start > ts))

        if found := self._inside(*clause):
            best = nearest(found)
            return GoverningDate(best.when, "clause", best.phrase)
        # Elsewhere in the sentence, only a main clause's date governs: "since Mosul was captured in
        # June last year" dates its own event, not the sentence's.
        main = [c for c in sentence.clauses()
                if not _SUBORDINATE.match(sentence.text[c[0] - sentence.start :])]
        if found := [e for e in self._inside(sentence.start, sentence.end)
                     if any(lo <= e.start < hi for lo, hi in main)]:
            best = nearest(found)
            when = self._relative_to_main(best.when, sentence, clause, ts)
            return GoverningDate(when, "sentence", best.phrase)
        if found := self._inside(self.paragraph_start[sentence.paragraph], sentence.start):
            return GoverningDate(found[-1].when, "paragraph", found[-1].phrase)
        # News English uses the present perfect ("have deployed") for what just happened.
        text = sentence.text[clause[0] - sentence.start : te - sentence.start]
        if self.published and self.recent_perfect and (m := self.recent_perfect.search(text)):
            start = self.published - timedelta(days=RECENT_DAYS)
            when = When(start=start, end=self.published, precision="range", phrase=m.group())
            return GoverningDate(when, "recent-perfect", m.group())
        fallback = before_publication(self.published)
        if self.published is not None:  # an undated statement in a report is about the recent past
            fallback = fallback.model_copy(
                update={"start": self.published - timedelta(days=BEFORE_PUBLICATION_DAYS)})
        return GoverningDate(fallback, "before-publication", None)
