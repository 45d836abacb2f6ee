"""What extraction knows about one parsed paragraph: the doc, where it sits in the report, and which tokens
belong to a place or actor mention (found over the whole report by the gazetteer and the actor list)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from timeline.extraction.layout import Paragraph
from timeline.extraction.triggers import TriggerLexicon

if TYPE_CHECKING:
    from timeline.extraction.actor_roles import ActorReader
    from timeline.extraction.actors import ActorMention
    from timeline.extraction.places import TopicTracker
    from timeline.extraction.toponyms import PlaceMention

M = TypeVar("M")


class SpanIndex(Generic[M]):
    """Mentions (anything with start/end character offsets) sorted by start, for range queries in
    O(log n + k): the report-wide lists are searched per paragraph, never scanned."""

    def __init__(self, mentions: Sequence[M]):
        self.items: list[M] = sorted(mentions, key=lambda m: m.start)  # type: ignore[attr-defined]
        self.starts = [m.start for m in self.items]  # type: ignore[attr-defined]

    def within(self, lo: int, hi: int) -> list[M]:
        """Mentions starting in lo..hi and ending by hi."""
        out = []
        for m in self.items[bisect_left(self.starts, lo) : bisect_left(self.starts, hi)]:
            if m.end <= hi:  # type: ignore[attr-defined]
                out.append(m)
        return out

    def last_within(self, lo: int, hi: int, wanted: Callable[[M], bool]) -> M | None:
        """The last mention inside lo..hi that is `wanted` (walking back from hi, not listing them all)."""
        for i in range(bisect_left(self.starts, hi) - 1, -1, -1):
            m = self.items[i]
            if m.start < lo:  # type: ignore[attr-defined]
                return None
            if m.end <= hi and wanted(m):  # type: ignore[attr-defined]
                return m
        return None

    def before(self, at: int, limit: int) -> list[M]:
        """The last `limit` mentions starting before `at`, nearest last."""
        end = bisect_left(self.starts, at)
        return self.items[max(0, end - limit) : end]

    def from_(self, at: int, limit: int) -> list[M]:
        """The first `limit` mentions starting at or after `at`."""
        begin = bisect_left(self.starts, at)
        return self.items[begin : begin + limit]


def token_map(doc: Doc, base: int, mentions: Sequence[M]) -> dict[int, M]:
    """Token index -> the mention covering it, for the mentions inside the doc (offsets are the
    report's; `base` is where the doc's text starts in it)."""
    out: dict[int, M] = {}
    if not mentions:
        return out
    starts = [i + base for i in doc.to_array(IDX).tolist()]  # no Token objects: this runs per paragraph
    for m in mentions:
        first = bisect_left(starts, m.start)  # type: ignore[attr-defined]
        if first > 0 and starts[first - 1] + len(doc[first - 1]) > m.start:  # type: ignore[attr-defined]
            first -= 1
        i = first
        while i < len(doc) and starts[i] < m.end:  # type: ignore[attr-defined]
            out.setdefault(i, m)
            i += 1
    return out


@dataclass
class Context:
    """One parsed paragraph (or piece of one) and the report-wide knowledge extraction reads it with."""

    doc: Doc
    base: int
    text: str
    paragraph: Paragraph
    lexicon: TriggerLexicon
    actors: ActorReader
    topic: TopicTracker
    place_at: dict[int, PlaceMention] = field(default_factory=dict)  # token index -> its place mention
    actor_at: dict[int, ActorMention] = field(default_factory=dict)  # token index -> its actor mention
    trigger_tokens: set[int] = field(default_factory=set)  # tokens that realise some trigger lemma
    event_tokens: set[int] | None = None  # of those, the ones read as events (None: not known yet)

    def start(self, tok: Token) -> int:
        return self.base + tok.idx

    def end(self, tok: Token) -> int:
        return self.base + tok.idx + len(tok)

    def words(self, key: str) -> frozenset[str]:
        return self.lexicon.words.get(key, frozenset())

    @property
    def place_nouns(self) -> frozenset[str]:
        """Common nouns for a settlement or a site ('the town', 'the air base')."""
        return self.lexicon.place_nouns
