"""Who did an event: the subject before the trigger (not a preposition's object, first of a coordinated
pair), the agent after a passive, the actor named in the trigger, or the claimant of an attack; and the
other side (what the trigger acts on or against)."""

from __future__ import annotations

import re

from timeline.extraction.actors import ActorLexicon, ActorMention
from timeline.extraction.sentences import Sentence

_CLAIM = re.compile(
    r"\b(?:claimed|claims|has\s+claimed|took|claiming)\s+(?:\w+\s+)?(?:responsibility|credit)\b", re.I)
_FROM = re.compile(r"\b(?:from|out\s+of|(?:cleared|freed|rid)\s+of)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", re.I)
# "Three Peshmerga fighters were killed when a bomb exploded": the subject of a passive is the victim
_PATIENT = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?(?:killed|wounded|injured|hurt|hit|"
                      r"targeted|attacked|ambushed|struck|shelled|bombed|kidnapped|abducted|executed|beheaded)\b",
                      re.I)
_BY = re.compile(r"\bby\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.I)
_PREPOSITION = re.compile(
    r"\b(?:by|between|against|with|from|of|on|to|for|in|at|near|over|toward|towards|into|than|among|"
    r"targeting|alongside)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", re.I)
# "X and Y", "X, armor units, and Y": a coordinated subject
_CONJUNCT = re.compile(r"\s*(?:,\s*(?:[\w-]+\s+){0,2}[\w-]+\s*)?,?\s*(?:and|&)\s+(?:the\s+)?", re.I)
_TARGET = re.compile(
    r"\b(?:against|from|between|with|on|targeting|targeted|at|and|,)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$",
    re.I)


class ActorResolver:
    """Canonical names for one report: contextual aliases by its main country, 'the group' by what
    armed group was last named."""

    def __init__(
        self, lexicon: ActorLexicon, mentions: list[ActorMention], main_country: str | None, text: str = ""
    ):
        self.lexicon, self.mentions, self.main_country, self.text = lexicon, mentions, main_country, text

    def text_before(self, m: ActorMention, width: int = 30) -> str:
        return self.text[max(0, m.start - width) : m.start]

    def canonical(self, mention: ActorMention) -> str | None:
        if mention.kind == "contextual":
            by_country = self.lexicon.contextual.get(" ".join(mention.surface.lower().split()), {})
            return by_country.get(self.main_country or "", None)
        if mention.kind == "anaphoric":
            for prior in reversed(self.mentions):
                if prior.end <= mention.start and prior.kind == "armed_group":
                    return prior.name
            return None
        return mention.name

    def doer(self, lo: int, trig_start: int, trig_end: int, hi: int, mode: str) -> tuple[str | None, str]:
        """(canonical actor, how it was chosen) for the span lo..hi around a trigger."""
        if mode == "inside":  # "backed by Russian jets", "Saudi-led warplanes struck"
            for m in self.mentions:
                if m.start < trig_end and trig_start < m.end and (name := self.canonical(m)):
                    return name, "named in the trigger"
            mode = "before"
        if mode == "after":  # "fell to X", "captured by X": the agent follows at once
            for m in self.mentions:
                if _FROM.search(self.text_before(m)):  # "retaken from X": X lost it
                    continue
                if trig_end <= m.start < min(hi, trig_end + 60) and (name := self.canonical(m)):
                    return name, "agent after the trigger"
            return None, "no agent"
        if mode == "after_by":  # "the offensive ... by the SDF"
            agents = [m for m in self.mentions
                      if trig_end <= m.start < hi and _BY.search(self.text_before(m))]
            for m in agents:
                if name := self.canonical(m):
                    return name, "'by' agent after the trigger"
            mode = "before"
        if mode == "before":
            before = [m for m in self.mentions if lo <= m.start and m.end <= trig_start]
            # A subject is not the object of a preposition ("supported by X", "between X and Y").
            subjects = [i for i, m in enumerate(before) if not self._governed(before, i)
                        and not _PATIENT.search(self.text, m.end, trig_start)]
            for i in reversed(subjects):
                if name := self.canonical(before[self._first_conjunct(before, i)]):
                    return name, "subject before the trigger"
            # "Forces backed by the coalition launched ...": the backer is the best name there is
            for m in reversed(before):
                if _BY.search(self.text_before(m)) and (name := self.canonical(m)):
                    return name, "backer named before the trigger"
        return None, "no actor"

    def claimant(self, sentence: Sentence, sentences: list[Sentence]) -> list[str]:
        """An attack's doer named by its claim, in the same or the next sentence of the paragraph."""
        for s in sentences[sentence.index : sentence.index + 2]:
            if s.paragraph != sentence.paragraph:
                break
            for claim in _CLAIM.finditer(s.text):
                names = [self.canonical(m) for m in self.mentions
                         if s.start <= m.start and m.end <= s.start + claim.start() and m.kind != "generic"]
                if names and names[-1]:
                    return [names[-1]]
        return []

    def _governed(self, before: list[ActorMention], i: int) -> bool:
        if _PREPOSITION.search(self.text_before(before[i], 40)):
            return True
        return i > 0 and bool(_CONJUNCT.fullmatch(self.text[before[i - 1].end : before[i].start])) \
            and self._governed(before, i - 1)

    def _first_conjunct(self, before: list[ActorMention], i: int) -> int:
        """'Iraqi troops and Iranian-backed militias captured': the first named comes first."""
        while i > 0 and _CONJUNCT.fullmatch(self.text[before[i - 1].end : before[i].start]):
            i -= 1
        return i

    def others(self, lo: int, hi: int, exclude: set[str]) -> list[str]:
        """The other side: actors after the trigger that it acts on or against ("from X", "against X",
        "between X and Y")."""
        out: list[str] = []
        for m in self.mentions:
            if lo > m.start or m.end > hi or m.kind == "generic":
                continue
            if not _TARGET.search(self.text_before(m, 40)):
                continue
            if (name := self.canonical(m)) and name not in exclude and name not in out:
                out.append(name)
        return out
