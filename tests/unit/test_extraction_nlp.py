"""The parse the extractor reads: the model loads from an installed package and the remembered token
attributes equal what the model's own attribute ruler and lemmatizer give."""

from __future__ import annotations

import pytest

from timeline.extraction import nlp

SENTENCES = [
    "Government troops retook the village of Tel Hamra from the rebels on Tuesday.",
    "There were heavy clashes near the bridge, and there is no sign they will stop.",
    "The militants had been driven out of three districts; they're gonna regroup, a commander said.",
    "Y'all saw the convoys. Let's wait, he told reporters, who ain't convinced.",
    "Bombers struck fuel depots twice overnight while ground units were advancing southwards.",
    "An offensive to recapture the provincial capital began, officials said.",
    "   ",
]


def stock(text: str) -> list[tuple[str, str, str, str]]:
    model = nlp.load()
    with model.select_pipes(disable=["ner"]):
        doc = model(text)
    return [(t.text, t.pos_, str(t.morph), t.lemma_) for t in doc]


@pytest.mark.parametrize("text", SENTENCES)
def test_parse_gives_the_stock_parts_of_speech_morphology_and_lemmas(text: str) -> None:
    # Twice: the first parse fills the remembered attributes, the second reads them back.
    for _ in range(2):
        (doc,) = list(nlp.parse([text]))
        assert [(t.text, t.pos_, str(t.morph), t.lemma_) for t in doc] == stock(text)


def test_parse_keeps_the_dependency_parse_and_order() -> None:
    docs = list(nlp.parse(SENTENCES[:3]))
    assert [d.text for d in docs] == SENTENCES[:3]
    retook = next(t for t in docs[0] if t.text == "retook")
    assert retook.dep_ == "ROOT" and retook.pos_ == "VERB"
    assert {c.dep_ for c in retook.children} >= {"nsubj", "dobj"}
    driven = next(t for t in docs[2] if t.text == "driven")
    assert driven.lemma_ == "drive" and driven.tag_ == "VBN"


def test_the_installed_model_is_one_of_the_known_packages() -> None:
    assert nlp.installed_model() in nlp.MODEL_PACKAGES
