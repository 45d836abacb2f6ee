"""Event triggers kept as data (`rules/triggers.json`): per event type, verb and noun lemmas with the
particle or object they need, the argument frame they use and the conditions they must meet. This module
loads and checks the data, knows every written form of each lemma (regular inflections plus the model's
irregular forms), and lists the trigger readings a parsed token may have."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from timeline.domain.events import BY_KIND
from timeline.extraction import nlp

RULES_DIR = Path(__file__).resolve().parent / "rules"
TRIGGERS_FILE = RULES_DIR / "triggers.json"
FRAMES = ("agent", "undergoer", "removal", "loss", "nominal", "state")
PLACE_POLICIES = ("required", "optional", "none")
DOER_POLICIES = ("from_context", "unknown_if_unnamed")
_WORD = re.compile(r"[a-z][a-z'’-]*")


class TriggerDataError(ValueError):
    """The trigger data is malformed (unknown type, frame or condition, bad field)."""


@dataclass(frozen=True)
class TriggerSpec:
    """One line of trigger data."""

    id: str  # "town_captured.verb.take.over": recorded as the event's rule id
    kind: str
    pos: str  # "verb" | "noun"
    lemma: str
    particle: str | None
    object: str | None
    frame: str
    needs: tuple[str, ...]
    confidence: float
    retake: bool  # "retake X from Y": Y lost it
    order: int  # position in the file: the earlier line wins a tie
    # "raised their flag over the citadel": a site named by this line stands for its town
    site_is_town: bool = False

    @property
    def specificity(self) -> tuple[int, int, int, int]:
        from timeline.extraction.conditions import DECIDING

        deciding = sum(1 for n in self.needs if n in DECIDING)
        return (
            deciding,
            int(self.particle is not None) + int(self.object is not None),
            len(self.needs),
            -self.order,
        )


@dataclass(frozen=True)
class TypePolicy:
    kind: str
    place: str  # "required": no place, no event; "optional"; "none" (designations)
    confidence: float
    one_area: bool  # coordinated provinces or countries are one event ("an operation in A, B and C")
    not_where: frozenset[str] = frozenset()  # prepositions naming a destination, not where it happened
    # a site in a town ('a compound in Ramadi') is a place of its own: taking it is not taking the town
    sites_apart: bool = False
    object_is_target: bool = False  # "attacked IS positions": the object is the side hit
    doer: str | None = None  # "from_context" | "unknown_if_unnamed": what a doerless event gets
    designee: bool = False  # a designation: the trigger names who is designated


def _regular_forms(lemma: str, pos: str) -> set[str]:
    forms = {lemma}
    if pos == "noun":
        if lemma.endswith(("s", "x", "z", "ch", "sh")):
            forms.add(lemma + "es")
        elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
            forms.add(lemma[:-1] + "ies")
        else:
            forms.add(lemma + "s")
        return forms
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    else:
        forms |= {
            lemma + ("es" if lemma.endswith(("s", "x", "z", "ch", "sh", "o")) else "s"),
            stem + "ed",
            stem + "ing",
        }
    if re.search(r"[^aeiou][aeiou][bdfgklmnprtv]$", lemma):  # "expel" -> "expelled", "drop" -> "dropped"
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


class TriggerLexicon:
    """The compiled trigger data: specs by (pos, lemma), written forms, and the shared word lists."""

    def __init__(
        self,
        data: dict[str, Any],
        verb_irregulars: dict[str, list[str]],
        noun_irregulars: dict[str, list[str]],
    ):
        self.words: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in data.get("words", {}).items()}
        self.light_verbs = frozenset(data.get("light_verbs", []))
        inception = data.get("inception", {})
        self.inception_verbs = frozenset(inception.get("verbs", []))
        self.inception_nouns = frozenset(inception.get("nouns", []))
        self.aerial_words = frozenset(data.get("aerial_words", []))
        self.series_nouns = frozenset(data.get("series_nouns", []))
        self.policies: dict[str, TypePolicy] = {}
        self.specs: dict[tuple[str, str], list[TriggerSpec]] = {}
        order = 0
        for kind, block in data.get("types", {}).items():
            if kind not in BY_KIND:
                raise TriggerDataError(f"unknown event type {kind!r} in {TRIGGERS_FILE.name}")
            policy = block.get("place", "required")
            if policy not in PLACE_POLICIES:
                raise TriggerDataError(f"{kind}: place must be one of {PLACE_POLICIES}")
            confidence = float(block.get("confidence", 0.6))
            self.policies[kind] = TypePolicy(
                kind,
                policy,
                confidence,
                block.get("areas", "each") == "first",
                frozenset(block.get("not_where", [])),
                block.get("sites") == "apart",
                block.get("object") == "target",
                block.get("doer"),
                bool(block.get("designee")),
            )
            if self.policies[kind].doer not in (None, *DOER_POLICIES):
                raise TriggerDataError(f"{kind}: doer must be one of {DOER_POLICIES}")
            for raw in block.get("triggers", []):
                spec = self._spec(kind, raw, confidence, order)
                order += 1
                self.specs.setdefault((spec.pos, spec.lemma), []).append(spec)
        ids = [s.id for specs in self.specs.values() for s in specs]
        if len(ids) != len(set(ids)):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            raise TriggerDataError(f"duplicate trigger lines: {', '.join(dupes)}")
        self.forms: dict[str, set[tuple[str, str]]] = {}
        verbs = {lemma for pos, lemma in self.specs if pos == "verb"}
        nouns = {lemma for pos, lemma in self.specs if pos == "noun"}
        for pos, lemma in self.specs:
            for form in _regular_forms(lemma, pos):
                self.forms.setdefault(form, set()).add((pos, lemma))
        for form, lemmas in verb_irregulars.items():
            for lemma in lemmas:
                if lemma in verbs:
                    self.forms.setdefault(form, set()).add(("verb", lemma))
        for form, lemmas in noun_irregulars.items():
            for lemma in lemmas:
                if lemma in nouns:
                    self.forms.setdefault(form, set()).add(("noun", lemma))
        # lemma -> the words one of which must occur for any of its lines to apply (None: none needed)
        self.companions: dict[tuple[str, str], frozenset[str] | None] = {}
        for key, specs in self.specs.items():
            if all(sp.particle or sp.object for sp in specs):
                self.companions[key] = frozenset(
                    form
                    for sp in specs
                    for word in (sp.particle or sp.object,)
                    if word
                    for form in _regular_forms(word, "noun") | {word}
                )
            else:
                self.companions[key] = None
        self.capture_verbs = frozenset(
            s.lemma
            for specs in self.specs.values()
            for s in specs
            if BY_KIND[s.kind].control == "gain" and s.pos == "verb"
        )
        self.noun_lemmas = frozenset(nouns)
        self.place_nouns = self.words.get("settlements", frozenset()) | self.words.get(
            "facilities", frozenset()
        )
        self.lemma_set = frozenset(lemma for _, lemma in self.specs)
        self._hashes: frozenset[int] | None = None

    @staticmethod
    def _spec(kind: str, raw: dict[str, Any], confidence: float, order: int) -> TriggerSpec:
        from timeline.extraction.conditions import CONDITIONS  # the names the data may use

        pos = "verb" if "verb" in raw else "noun" if "noun" in raw else None
        if pos is None:
            raise TriggerDataError(f"{kind}: a trigger line needs 'verb' or 'noun': {raw}")
        lemma = str(raw[pos]).lower()
        frame = raw.get("frame", "agent" if pos == "verb" else "nominal")
        if frame not in FRAMES:
            raise TriggerDataError(f"{kind}.{lemma}: unknown frame {frame!r}")
        needs = tuple(raw.get("needs", []))
        if unknown := [n for n in needs if n not in CONDITIONS]:
            raise TriggerDataError(f"{kind}.{lemma}: unknown condition(s) {unknown}")
        extra = [x for x in (raw.get("particle"), raw.get("object"), raw.get("variant")) if x]
        rid = ".".join([kind, pos, lemma, *extra])
        return TriggerSpec(
            rid,
            kind,
            pos,
            lemma,
            raw.get("particle"),
            raw.get("object"),
            frame,
            needs,
            float(raw.get("confidence", confidence)),
            bool(raw.get("retake")),
            order,
            raw.get("site") == "town",
        )

    def may_hold_trigger(self, text: str) -> bool:
        """Whether the text may hold a trigger (cheap, no parse): a written form of a trigger lemma, and,
        for a lemma that is a trigger only with a particle or object ('come under', 'open fire'), that
        word too."""
        words = set(_WORD.findall(text.lower()))
        for w in words:
            for key in self.forms.get(w, ()):
                needed = self.companions.get(key)
                if needed is None or not needed.isdisjoint(words):
                    return True
        return False

    def options(self, doc: Doc) -> dict[int, list[TriggerSpec]]:
        """Token index -> the trigger lines it may realise, for every token of the doc that has some."""
        hashes = self._word_hashes()
        # Only tokens whose written form or lemma is a trigger's are looked at as Token objects.
        rows = doc.to_array([LOWER, LEMMA]).tolist()
        return {
            i: specs
            for i, (lower, lemma) in enumerate(rows)
            if (lower in hashes or lemma in hashes) and (specs := self.candidates(doc[i]))
        }

    def written_forms(self, doc: Doc) -> list[Token]:
        """The doc's tokens written as a form of a trigger lemma."""
        hashes = self._word_hashes()
        return [doc[i] for i, lower in enumerate(doc.to_array(LOWER).tolist()) if lower in hashes]

    def _word_hashes(self) -> frozenset[int]:
        if self._hashes is None:
            words = set(self.forms) | {
                v for lemma in self.lemma_set for v in (lemma, lemma.title(), lemma.upper())
            }
            self._hashes = frozenset(get_string_id(w) for w in words)
        return self._hashes

    def lemmas_of(self, tok: Token, pos: str) -> set[str]:
        found = {lemma for p, lemma in self.forms.get(tok.lower_, ()) if p == pos}
        if (pos, tok.lemma_.lower()) in self.specs:
            found.add(tok.lemma_.lower())
        return found

    def candidates(self, tok: Token) -> list[TriggerSpec]:
        """The trigger lines a token may realise, by its part of speech, lemma, particle and object."""
        if tok.lower_ not in self.forms and tok.lemma_.lower() not in self.lemma_set:
            return []
        # "that was overrun" or "the army retook X" tagged as a noun is still a verb: a noun takes no
        # auxiliary, agent or direct object (a subject is no sign: "the government offensive" is often
        # parsed with "government" as its subject)
        verbal = any(c.dep_ in _VERB_DEPENDENTS for c in tok.children)
        if tok.pos_ in ("VERB", "AUX") or (tok.tag_.startswith("VB") and tok.pos_ != "NOUN") or verbal:
            pos = "verb"
        elif tok.pos_ in ("NOUN", "PROPN") or (
            tok.pos_ == "ADJ" and tok.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass", "attr", "conj")
        ):
            pos = "noun"  # "a ground offensive" tagged as an adjective still heads the phrase
        else:
            return []
        out = []
        for lemma in self.lemmas_of(tok, pos):
            for spec in self.specs.get((pos, lemma), ()):
                if spec.particle and not _has_particle(tok, spec.particle):
                    continue
                if spec.object and _object_token(tok, spec.object) is None:
                    continue
                out.append(spec)
        return out


_VERB_DEPENDENTS = frozenset({"aux", "auxpass", "nsubjpass", "agent", "dobj"})


def _has_particle(tok: Token, particle: str) -> bool:
    return any(c.lower_ == particle and c.dep_ in ("prt", "prep", "advmod", "agent") for c in tok.children)


def object_lemma(tok: Token) -> str:
    return tok.lemma_.lower() if tok.lemma_ else tok.lower_


def _object_token(verb: Token, noun: str) -> Token | None:
    """The verb's object with lemma `noun` ('took control', 'imposed sanctions'), also when passive
    ('control was taken') or behind a determiner phrase ('took full control')."""
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass", "attr") and (
            object_lemma(c) == noun or c.lower_.rstrip("s") == noun
        ):
            return c
    return None


def object_token(verb: Token, noun: str) -> Token | None:
    return _object_token(verb, noun)


def load_lexicon(path: Path = TRIGGERS_FILE) -> TriggerLexicon:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise TriggerDataError(f"cannot read {path}: {exc}") from exc
    return TriggerLexicon(data, nlp.verb_exceptions(), nlp.noun_exceptions())


@lru_cache(maxsize=1)
def default_lexicon() -> TriggerLexicon:
    return load_lexicon()
