"""Where an event happened: toponym mentions of a report (gazetteer, minus actor names and distance or
direction references) and the argument strategies a rule names (object, subject, 'in X', 'from X' ...)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from timeline.extraction.actors import ActorMention
from timeline.extraction.sentences import Sentence
from timeline.gazetteer import Gazetteer, GazetteerEntry

_MAX_GAP = 100  # characters between a trigger (or preposition) and its place; bounds regex work too


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    surface: str
    entry: GazetteerEntry | None
    reference: bool  # "14 miles from X", "southwest of X": orientation, not where something happened

    @property
    def level(self) -> str:
        return self.entry.level if self.entry else "locality"

    @property
    def key(self) -> str:
        return self.entry.id if self.entry else "name:" + re.sub(r"\W+", "", self.surface.lower())


class PlaceFinder:
    """Regexes built from the lexicon's word lists; one per process."""

    def __init__(self, lexicon: dict[str, Any]):
        p = lexicon["places"]
        adj = rf"(?:{p['adjectives']})"
        nouns = rf"(?:{p['place_nouns']})"
        # filler words before a place noun ("the major Iraqi city of"), never a preposition or conjunction
        word = r"(?!(?:in|at|near|on|from|to|into|by|with|for|and|or|but|as|after|while)\b)[\w'’.-]+\s+"
        self.filler = rf"(?:{adj}\s+){{0,3}}(?:(?:{word}){{0,5}}?{nouns}\s+(?:of\s+)?(?:{adj}\s+){{0,2}})?"
        strict = rf"(?:(?:the|nearby|neighbou?ring)\s+)?(?:(?:{word}){{0,5}}?{nouns}\s+of\s+(?:the\s+)?)?"
        self.object = re.compile(rf"^\s+{self.filler}$", re.I)
        self.object_strict = re.compile(rf"^\s+{strict}$", re.I)
        # "launched an offensive (on Monday) to retake the city": the place the operation is for
        self.purpose = re.compile(
            rf"^\s+(?:{word}){{0,4}}?to\s+(?:retake|recapture|capture|seize|liberate|free|take|reclaim|regain|"
            rf"clear|(?:drive|push|oust|expel|evict|dislodge)\s+(?:{word}){{0,4}}?(?:out\s+of|from))\s+{self.filler}$",
            re.I)
        # "seized the presidential palace in Aden": a short object, then where it is
        self.object_in = re.compile(
            rf"^\s+(?:(?:the|a|an|its|their|his|her)\s+)?(?:{word}){{0,4}}?(?:in|near|at|outside)\s+{self.filler}$",
            re.I)
        self.preps = {
            "prep": re.compile(rf"\b(?:{p['locative_preps']})\s+{self.filler}$", re.I),
            "prep_on": re.compile(
                rf"\b(?:on|against|toward|towards|targeting|targeted|into|at)\s+{self.filler}$", re.I),
            "prep_to": re.compile(rf"\b(?:{p['to_preps']})\s+{self.filler}$", re.I),
            "from": re.compile(rf"\bfrom\s+{self.filler}$", re.I),
        }
        self.coord = re.compile(
            rf"^\s*(?:(?:province|governorate|region|district|provinces)\b)?\s*(?:(?:in|of)\s+(?:the\s+)?"
            rf"(?:[\w'’-]+\s+){{0,3}}?)?,?\s*(?:and|or|as\s+well\s+as|&)\s+{self.filler}$|^\s*,\s*{self.filler}$",
            re.I,
        )
        self.qualifier = re.compile(
            r"^\s*(?:,\s*)?(?:in\s+)?(?:the\s+)?(?:\w+\s+)?(?:province\s+of\s+)?$", re.I)
        self.part_of = re.compile(
            r"^\s*(?:district|neighbou?rhood|area|suburb|quarter|outskirts)\s+of\s+(?:the\s+)?$", re.I)
        self.subject_gap = re.compile(
            r"^\s*(?:,[^,;]{0,60},)?\s*(?:(?:had|has|have|was|were|is|are|finally|also|now|reportedly|quickly|"
            r"already|then|eventually|itself)\s+)*(?:been\s+)?$",
            re.I,
        )
        self.preposition_before = re.compile(
            r"\b(?:in|of|at|near|from|to|into|around|outside|inside|by|with)\s+(?:the\s+)?$", re.I)
        self.reference = re.compile(p["reference_before"], re.I)
        self.demonym = re.compile(rf"(?:{p['demonyms']})", re.I)
        self.anaphoric_np = re.compile(
            r"\bthe\s+(?:city|town|village)\b(?!\s+of\b|['’]s|\s+(?:council|hall|centre|center)\b)", re.I)
        self.refine_gap = re.compile(rf"^(?:'s|’s)?\s+(?:{adj}\s+){{0,2}}$", re.I)
        demonyms = lexicon.get("capitals", {}).get("demonyms", {})
        self.capitals = demonyms
        self.capital = re.compile(r"\bthe\s+(" + "|".join(map(re.escape, demonyms)) + r")\s+capital\b", re.I)

    def mentions(
        self, gaz: Gazetteer, text: str, body: tuple[tuple[int, int], ...], actors: list[ActorMention]
    ) -> list[PlaceMention]:
        """Resolved toponym mentions inside the body spans, not inside an actor's name."""
        if not body:
            return []
        # Only the stretch holding the body is searched (reader comments usually trail it).
        lo, hi = body[0][0], body[-1][1]
        found = [replace(m, start=m.start + lo, end=m.end + lo) for m in gaz.find_mentions(text[lo:hi])]
        entries = gaz.resolve(found, text)
        taken = bytearray(len(text) + 1)  # 1 where an actor's name is written
        for a in actors:
            taken[a.start : a.end] = b"\x01" * (a.end - a.start)
        out: list[PlaceMention] = []
        for mention, entry in zip(found, entries, strict=True):
            if not any(lo <= mention.start and mention.end <= hi for lo, hi in body):
                continue
            if taken[mention.start] or taken[mention.end - 1]:
                continue
            if self.demonym.fullmatch(mention.surface):  # "Syrian territory": an adjective, not a place
                continue
            ref = bool(self.reference.search(text[max(0, mention.start - 60) : mention.start]))
            out.append(PlaceMention(mention.start, mention.end, mention.surface, entry, ref))
        for m in self.capital.finditer(text, lo, hi):
            if not any(lo <= m.start() and m.end() <= hi for lo, hi in body):
                continue
            capital = self.capitals[m.group(1).lower()]
            hits = [e for e in gaz.lookup(capital) if e.level == "locality"]
            span = (m.start(1), m.end())
            if not any(pm.start < span[1] and span[0] < pm.end for pm in out):
                entry = hits[0] if hits else None
                out.append(PlaceMention(span[0], span[1], text[span[0] : span[1]], entry, False))
        out.sort(key=lambda pm: pm.start)
        return out


def main_country(mentions: list[PlaceMention]) -> str | None:
    counts = Counter(m.entry.country for m in mentions if m.entry and m.entry.country)
    return counts.most_common(1)[0][0] if counts else None


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
        para_of = {}
        for s in self.sentences:
            para_of.setdefault(s.paragraph, (s.start, s.end))
            para_of[s.paragraph] = (para_of[s.paragraph][0], s.end)
        for s in self.sentences:
            for m in self.f.anaphoric_np.finditer(s.text):
                at = s.start + m.start()
                lo = para_of.get(s.paragraph - 1, para_of[s.paragraph])[0]
                prior = [x for x in mentions if lo <= x.start and x.end <= at and not x.reference
                         and x.level == "locality"]
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
            near = [m for m in after if m.start - te <= _MAX_GAP]
            first = next((m for m in near if pattern.match(self.text[te : m.start])), None)
            return self._coordinated(first, clause[1]) if first else []
        if strategy in self.f.preps:
            pattern = self.f.preps[strategy]
            window = (self.text[max(te, m.start - 90) : m.start] for m in after)
            first = next((m for m, w in zip(after, window, strict=True) if pattern.search(w)), None)
            if first is None and strategy != "from":  # the preposition may be the trigger's last word
                first = next((m for m in after if m.start - te <= _MAX_GAP
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
        if strategy == "sentence_any":
            first = next((m for m in self._in(te, s.end) if not m.reference), None)
            if first is None:
                before = [m for m in self._in(s.start, ts) if not m.reference]
                first = before[-1] if before else None
            return [first] if first else []
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
            if len(gap) > _MAX_GAP:
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
        if self.f.preposition_before.search(self.text[max(s.start, head.start - 20) : head.start]):
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

    def _refine(self, m: PlaceMention, limit: int) -> PlaceMention:
        """'Syria's eastern Deir ez-Zor province', 'Iraq's al-Asad airbase': the narrower place wins."""
        if m.level == "locality":
            return m
        for n in self._in(m.end, min(limit, m.end + 40)):
            if self.f.refine_gap.match(self.text[m.end : n.start]) and n.level != "country":
                return n
            break
        return m
