"""Where an event happened: the argument strategies a rule names (object, subject, 'in X', 'from X',
'the city', ...) applied to the toponym mentions around its trigger."""

from __future__ import annotations

import re

from timeline.extraction.sentences import Sentence
from timeline.extraction.toponyms import MAX_GAP, PlaceFinder, PlaceMention

# What "the city" / "the town" can stand for (not a base, a mountain or a crossing named in between).
_SETTLEMENTS = frozenset({"city", "town", "village", "locality", "capital", "district", "neighbourhood"})
_RESUME_PARAGRAPHS = 3  # how many paragraphs back "the city" may reach for the town it stands for
_DESTINATION = re.compile(r"\b(?:to|towards?|into|for|reaching|reached)\b", re.I)
# What an anaphoric noun can stand for: the level and (for localities) the kinds of the place it resumes.
_RESUMES = {"city": ("locality", _SETTLEMENTS), "town": ("locality", _SETTLEMENTS),
            "village": ("locality", _SETTLEMENTS), "district": ("locality", _SETTLEMENTS),
            "mountain": ("locality", frozenset({"mountain"})),
            "mountains": ("locality", frozenset({"mountain"})),
            "province": ("admin1", None), "governorate": ("admin1", None)}


class PlaceChooser:
    """Applies a rule's place strategies to one trigger; returns the event places and how they were found."""

    def __init__(
        self, finder: PlaceFinder, text: str, mentions: list[PlaceMention], sentences: list[Sentence]
    ):
        self.f, self.text, self.sentences = finder, text, sentences
        self.mentions = sorted(mentions + self._anaphoric(mentions), key=lambda m: m.start)

    def _anaphoric(self, mentions: list[PlaceMention]) -> list[PlaceMention]:
        """'the city', 'the town' standing for the last town named in the paragraph (or the one before)."""
        out = []
        para_of: dict[int, tuple[int, int]] = {}
        for s in self.sentences:
            para_of.setdefault(s.paragraph, (s.start, s.end))
            para_of[s.paragraph] = (para_of[s.paragraph][0], s.end)
        for s in self.sentences:
            for m in self.f.anaphoric_np.finditer(s.text):
                at = s.start + m.start()
                if any(re.fullmatch(r"\s*,\s*", self.text[x.end : at]) for x in mentions if x.end <= at):
                    continue  # "Qayyarah, the town south of Mosul": an apposition, not a resumption
                # the previous paragraph, or further back up to _RESUME_PARAGRAPHS when none there fits
                lo = para_of.get(max(0, s.paragraph - _RESUME_PARAGRAPHS), para_of[s.paragraph])[0]
                level, kinds = _RESUMES[m.group("noun").lower()]
                prior = [x for x in mentions if lo <= x.start and x.end <= at and not x.reference
                         and x.level == level and (kinds is None or x.entry is None and level == "locality"
                                                   and "mountain" not in kinds
                                                   or x.entry is not None and x.entry.kind in kinds)]
                if prior:
                    p = prior[-1]
                    out.append(PlaceMention(at, s.start + m.end(), p.surface, p.entry, False))
        return out

    def _in(self, lo: int, hi: int) -> list[PlaceMention]:
        return [m for m in self.mentions if lo <= m.start and m.end <= hi]

    def choose(
        self, strategies: tuple[str, ...], sentence: Sentence, clause: tuple[int, int], ts: int, te: int
    ) -> tuple[list[PlaceMention], str]:
        for strategy in strategies:
            found = self._apply(strategy, sentence, clause, ts, te)
            if found:
                return [self._refine(m, sentence.end) for m in found], strategy
        return [], "none"

    def _apply(
        self, strategy: str, s: Sentence, clause: tuple[int, int], ts: int, te: int
    ) -> list[PlaceMention]:
        after = [m for m in self._in(te, clause[1]) if not m.reference]
        if strategy in ("object", "object_strict", "object_in", "purpose"):
            pattern = {"object": self.f.object, "object_strict": self.f.object_strict,
                       "object_in": self.f.object_in, "purpose": self.f.purpose}[strategy]
            near = [m for m in after if m.start - te <= MAX_GAP]
            first = next((m for m in near if pattern.match(self.text[te : m.start])), None)
            return self._coordinated(first, clause[1]) if first else []
        if strategy == "prep_origin":  # "fled villages ... towards camps at X": X is where they went
            after = [m for m in after if not _DESTINATION.search(self.text[te : m.start])]
            strategy = "prep"
        if strategy in self.f.preps:
            pattern = self.f.preps[strategy]
            window = (self.text[max(te, m.start - 90) : m.start] for m in after)
            first = next((m for m, w in zip(after, window, strict=True) if pattern.search(w)), None)
            if first is None and strategy != "from":  # the preposition may be the trigger's last word
                first = next((m for m in after if m.start - te <= MAX_GAP
                          and self.f.object.match(self.text[te : m.start])), None)
                if first and not re.search(r"\b(?:on|in|at|into|against|to|near|targeting|targeted)\s*$",
                                           self.text[ts:te], re.I):
                    first = None
            return self._coordinated(first, clause[1]) if first else []
        if strategy == "subject":
            return self._subject(s, ts)
        if strategy == "anaphora":  # "there" (the/city town are anaphoric mentions already)
            if re.match(r"^[^.;]{0,40}?\bthere\b", self.text[te : clause[1]], re.I):
                prior = self._prior_locality(s, ts)
                return [prior] if prior else []
            return []
        if strategy == "subject_anaphora":
            owner = r"\b(?:the\s+(?:town|city|village)(?:'s|’s)|its)\b"
            if re.search(owner, self.text[clause[0] : ts], re.I):
                prior = self._prior_locality(s, ts)
                return [prior] if prior else []
            return []
        if strategy == "after_any":
            first = next((m for m in self._in(te, s.end) if not m.reference), None)
            return [first] if first else []
        if strategy == "sentence_before":  # a passive's subject: "a post near X was hit by shellfire"
            before = [m for m in self._in(s.start, ts) if not m.reference]
            if before:
                return before[-1:]
            first = next((m for m in self._in(te, s.end) if not m.reference), None)
            return [first] if first else []
        if strategy == "sentence_local":  # "backed by air strikes": only a town or province says where
            local = [m for m in self._in(s.start, s.end) if not m.reference and m.level != "country"]
            first = next((m for m in local if m.start >= te), None) or (local[-1] if local else None)
            return [first] if first else []
        if strategy == "sentence_any":
            first = next((m for m in self._in(te, s.end) if not m.reference), None)
            if first is None:
                before = [m for m in self._in(s.start, ts) if not m.reference]
                first = before[-1] if before else None
            return [first] if first else []
        if strategy == "inside":  # the place is written inside the trigger ("declared Fallujah liberated")
            return [m for m in self._in(ts, te) if not m.reference][:1]
        if strategy == "sentence_in":  # "In Kandahar, insurgents fired rockets at the airport"
            m = self.f.sentence_in.match(s.text)
            if m:
                first = next((x for x in self._in(s.start, s.start + m.end()) if not x.reference), None)
                return [first] if first else []
            return []
        if strategy == "where":  # "... in western Anbar province, where the army began operations"
            if re.match(r"\W*where\b", self.text[clause[0] : ts], re.I):
                before = [m for m in self._in(s.start, clause[0]) if not m.reference]
                return before[-1:] if before else []
            return []
        if strategy == "previous":
            prev = [x for x in self.sentences if x.paragraph == s.paragraph and x.index == s.index - 1]
            if prev:
                cands = [m for m in self._in(prev[0].start, prev[0].end) if not m.reference]
                return cands[-1:] if cands else []
            return []
        raise ValueError(f"unknown place strategy {strategy!r}")

    def _coordinated(self, first: PlaceMention, limit: int) -> list[PlaceMention]:
        chosen, last = [first], first
        for m in self._in(first.end, limit):
            gap = self.text[last.end : m.start]
            if len(gap) > MAX_GAP:
                break
            if self._qualifies(last, m, gap):
                last = m
                continue
            if m.reference:
                break
            if self.f.coord.match(gap):
                chosen.append(m)
                last = m
                continue
            break
        return chosen

    def _qualifies(self, prev: PlaceMention, m: PlaceMention, gap: str) -> bool:
        """m only says where prev is ("Samarra, in Salahuddin province", "Karrada district of Baghdad")."""
        if self.f.part_of.match(gap):
            return True
        wider = m.level != "locality" and (
            prev.entry is None or prev.level == "locality" or m.level == "country")
        return wider and bool(self.f.qualifier.match(gap))

    def _subject(self, s: Sentence, ts: int) -> list[PlaceMention]:
        if self.f.pronoun_subject.match(self.text[s.start : ts]):
            prior = self._recent_locality(s, ts)
            return [prior] if prior else []
        before = [m for m in self._in(s.start, ts) if not m.reference]
        if not before or not self.f.subject_gap.match(self.text[before[-1].end : ts]):
            return []
        idx = len(before) - 1
        while idx > 0:
            prev, cur = before[idx - 1], before[idx]
            if not self._qualifies(prev, cur, self.text[prev.end : cur.start]):
                break
            idx -= 1
        head = before[idx]
        # "near X, the town that was retaken": a relative clause may describe a preposition's object
        relative = re.search(r"\b(?:which|that)\s", self.text[head.end : ts])
        lead = self.text[max(s.start, head.start - 20) : head.start]
        if not relative and self.f.preposition_before.search(lead):
            return []
        chosen = [head]
        while idx > 0:
            prev = before[idx - 1]
            gap = self.text[prev.end : chosen[0].start]
            if re.fullmatch(r"\s*(?:,|,?\s*and|,?\s*&)\s*(?:the\s+)?(?:towns?\s+of\s+)?", gap, re.I):
                chosen.insert(0, prev)
                idx -= 1
            else:
                break
        return chosen

    def _prior_locality(self, s: Sentence, ts: int) -> PlaceMention | None:
        para_start = min(x.start for x in self.sentences if x.paragraph == s.paragraph)
        cands = [m for m in self._in(para_start, ts) if not m.reference and m.level == "locality"]
        return cands[-1] if cands else None

    def _recent_locality(self, s: Sentence, ts: int) -> PlaceMention | None:
        """The last town named in this sentence or the two before it ("It fell to ...")."""
        lo = min(x.start for x in self.sentences if s.index - 2 <= x.index <= s.index)
        cands = [m for m in self._in(lo, ts) if not m.reference and m.level == "locality"]
        return cands[-1] if cands else None

    def _refine(self, m: PlaceMention, limit: int) -> PlaceMention:
        """'Syria's eastern Deir ez-Zor province', 'Iraq's al-Asad airbase': the narrower place wins;
        'the Red Sea port city of Hodeidah': a name modifying 'city of' gives way to the city."""
        for n in self._in(m.end, min(limit, m.end + 40)):
            gap = self.text[m.end : n.start]
            if self.f.modifier_gap.match(gap):
                return n
            if m.level != "locality" and n.level != "country" and self.f.refine_gap.match(gap):
                return n
            break
        return m
