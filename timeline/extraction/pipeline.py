"""Sentences -> triggers -> arguments (place, actors, date, counts) -> factual, de-duplicated candidates.
Every candidate keeps how it was found, for `timeline extract --explain`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from timeline.domain.report import Report
from timeline.extraction.actor_roles import ActorResolver
from timeline.extraction.actors import default_actors
from timeline.extraction.counts import count_near
from timeline.extraction.dates import find_temporal_expressions
from timeline.extraction.dating import DateGovernor, GoverningDate
from timeline.extraction.factuality import non_factual_reason
from timeline.extraction.merging import dedupe, drop_vaguer
from timeline.extraction.places import PlaceChooser
from timeline.extraction.ruleset import Rule, RuleSet, default_rules
from timeline.extraction.segments import segment
from timeline.extraction.sentences import Sentence, sentences
from timeline.extraction.toponyms import PlaceFinder, PlaceMention, main_country
from timeline.gazetteer import Gazetteer


@dataclass
class Candidate:
    rule: Rule
    sentence: Sentence
    trigger: tuple[int, int]
    place: PlaceMention | None
    place_how: str
    actors: list[str]
    doer_how: str
    date: GoverningDate
    evidence: tuple[int, int]
    designee: str | None = None
    fatalities: Any = None
    injured: Any = None
    merged: list[str] = field(default_factory=list)

    def explain(self, text: str) -> dict[str, Any]:
        return {
            "type": self.rule.kind,
            "rule_id": self.rule.id,
            "trigger": text[self.trigger[0] : self.trigger[1]],
            "trigger_span": list(self.trigger),
            "place": None if self.place is None else {
                "surface": self.place.surface,
                "gazetteer_id": self.place.entry.id if self.place.entry else None,
                "chosen_by": self.place_how},
            "actors": self.actors,
            "actor_chosen_by": self.doer_how,
            "date": {"phrase": self.date.phrase, "governed_by": self.date.source,
                     "start": str(self.date.when.start) if self.date.when.start else None,
                     "end": str(self.date.when.end) if self.date.when.end else None},
            "designee": self.designee,
            "merged_duplicates": self.merged,
        }


@dataclass
class Analysis:
    candidates: list[Candidate]
    rejected: list[dict[str, Any]]


class Pipeline:
    def __init__(self, rules: RuleSet | None = None, gazetteer: Gazetteer | None = None):
        self.rules = rules or default_rules()
        self.gazetteer = gazetteer or Gazetteer.default()
        self.actors = default_actors()
        self.places = PlaceFinder(self.rules.lexicon)

    def analyse(self, report: Report) -> Analysis:
        text = report.text
        body = segment(text).body
        sents = sentences(text, body)
        actor_mentions = [a for a in self.actors.find(text) if any(lo <= a.start < hi for lo, hi in body)]
        region = (body[0][0], body[-1][1]) if body else (0, 0)
        expressions = [replace(e, start=e.start + region[0], end=e.end + region[0])
                       for e in find_temporal_expressions(text[region[0] : region[1]], report.published)]
        place_mentions = self.places.mentions(self.gazetteer, text, body, actor_mentions)
        resolver = ActorResolver(self.actors, actor_mentions, main_country(place_mentions), text)
        chooser = PlaceChooser(self.places, text, place_mentions, sents)
        governor = DateGovernor(expressions, sents, report.published, self.rules.lexicon["recent_perfect"])
        found: list[Candidate] = []
        rejected: list[dict[str, Any]] = []
        for s in sents:
            if _is_headline(s, sents):  # a title restates the body's events, undated
                continue
            claimed: list[tuple[int, int]] = []
            words = set(_WORD.findall(s.text.lower()))
            for rule in self.rules.rules:
                if rule.keywords.isdisjoint(words):
                    continue
                for m in rule.pattern.finditer(s.text):
                    group = "trigger" if "trigger" in rule.pattern.groupindex else 0
                    ts, te = s.start + m.start(group), s.start + m.end(group)
                    if any(ts < hi and lo < te for lo, hi in claimed):
                        continue
                    out = self._candidate(rule, m, s, ts, te, text, chooser, resolver, governor, rejected)
                    if out is None:
                        continue
                    claimed.append((ts, te))
                    found.extend(out)
        return Analysis(drop_vaguer(dedupe(found), self.gazetteer), rejected)

    def _candidate(
        self, rule: Rule, m: re.Match[str], s: Sentence, ts: int, te: int, text: str, chooser: PlaceChooser,
        resolver: ActorResolver, governor: DateGovernor, rejected: list[dict[str, Any]],
    ) -> list[Candidate] | None:
        """The events one trigger states (one per coordinated place); [] when the trigger is recognised
        but states nothing (not factual), None when it is not an event trigger here (no place)."""
        clause = s.clause_of(ts)
        if rule.exclude is not None and rule.exclude.search(text[ts:te]):
            return None
        if rule.needs is not None:
            scope = {"before": (clause[0], ts), "sentence": (s.start, s.end)}.get(rule.needs_scope, clause)
            if not rule.needs.search(text[scope[0] : scope[1]]):
                return None
        reason = non_factual_reason(self.rules, rule, s, clause, ts, te)
        if reason:
            rejected.append({"rule_id": rule.id, "trigger": text[ts:te], "start": ts, "reason": reason})
            return []
        designee = None
        if "designee" in rule.pattern.groupindex and m.group("designee"):
            designee = " ".join(m.group("designee").split()).strip(" ,")
        places, how = chooser.choose(rule.place, s, clause, ts, te)
        if not places and rule.kind != "designation_announced":
            rejected.append({"rule_id": rule.id, "trigger": text[ts:te], "start": ts, "reason": "no place"})
            # a rule that recognised its subject (or says so) keeps the trigger
            return [] if rule.needs or rule.keep_trigger else None
        lo = clause[0] if rule.doer != "after_by" else s.start
        doer, doer_how = resolver.doer(lo, ts, te, s.end, rule.doer)
        if doer is None and rule.doer == "before":  # the subject may open the sentence before a clause break
            doer, doer_how = resolver.doer(s.start, ts, te, s.end, "before")
        actors = [doer] if doer else []
        if designee:  # the authority first, the designee last
            actors.append(designee)
        elif doer or rule.kind == "clash":  # else the first name would read as the doer
            actors += resolver.others(te, clause[1], set(actors))
        if not actors and rule.kind == "attack":
            actors, doer_how = resolver.claimant(s, chooser.sentences), "claimed responsibility"
        date = governor.govern(s, clause, ts, te)
        fatalities = injured = None
        if rule.kind in ("attack", "airstrike", "clash"):
            fatalities, injured = count_near(self.rules.lexicon, s.text)
        out = []
        for place in places or [None]:  # type: ignore[list-item]
            inside = place is not None and s.start <= place.start and place.end <= s.end  # not an antecedent
            lo = min(clause[0], ts, place.start if inside else ts)  # type: ignore[union-attr]
            hi = max(clause[1], te, place.end if inside else te)  # type: ignore[union-attr]
            lo, hi = _trim(text, lo, hi)
            out.append(Candidate(rule, s, (ts, te), place, how, actors, doer_how, date, (lo, hi),
                                 designee, fatalities, injured))
        return out


_WORD = re.compile(r"[\w-]+")
_HEADLINE_WORDS = 20


def _is_headline(s: Sentence, sents: list[Sentence]) -> bool:
    """A short paragraph of its own with no closing punctuation: a title or subheading."""
    if s.text.rstrip()[-1:] in ".!?…\"”’')]":
        return False
    alone = all(x.paragraph != s.paragraph for x in sents if x is not s)
    return alone and len(s.text.split()) <= _HEADLINE_WORDS


def _trim(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and (text[lo].isspace() or text[lo] in ",;:–—-"):
        lo += 1
    while hi > lo and (text[hi - 1].isspace() or text[hi - 1] in ",;:–—-"):
        hi -= 1
    return lo, hi
