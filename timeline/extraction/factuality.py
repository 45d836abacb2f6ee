"""Factuality: is a trigger stated as having happened, or only intended, planned, expected, threatened,
hypothetical, conditional, negated or asked? Returns the reason when it is not."""

from __future__ import annotations

import re

from timeline.extraction.ruleset import Rule, RuleSet
from timeline.extraction.sentences import Sentence

_WORDS_BEFORE = 8


def _last_words(text: str, n: int) -> str:
    words = re.findall(r"\S+", text)
    return " ".join(words[-n:])


def non_factual_reason(
    rules: RuleSet, rule: Rule, sentence: Sentence, clause: tuple[int, int], trig_start: int, trig_end: int
) -> str | None:
    """None when the trigger states a fact; otherwise a short reason ("modal 'would'", "question", ...)."""
    f = rules.factuality
    if sentence.text.rstrip().rstrip("\"”’'").endswith("?"):
        return "question"
    before_clause = sentence.text[clause[0] - sentence.start : trig_start - sentence.start]
    before_sentence = sentence.text[: trig_start - sentence.start]
    near = _last_words(before_clause, _WORDS_BEFORE)
    after = sentence.text[trig_end - sentence.start :]

    inside = sentence.text[trig_start - sentence.start : trig_end - sentence.start]
    # "Jets may have carried out strikes", "Jets did not strike": a trigger that holds its subject
    for key, label in (("modal_before", "modal"), ("negation_before", "negated"), ("hedge_before", "hedged")):
        if m := f[key].search(inside):
            return f"{label} '{m.group().strip()}' in the trigger"
    if f["conditional"].search(before_clause) or re.match(r"\W*(?:if|unless)\b", sentence.text, re.I):
        return "conditional"
    if m := f["modal_before"].search(before_clause):
        return f"modal '{m.group().strip()}'"
    if m := f["negation_before"].search(before_clause):
        return f"negated '{m.group().strip()}'"
    if m := f["intention_before"].search(near):
        return f"intention '{m.group().strip()}'"
    if m := f["hedge_before"].search(before_sentence[-120:]):
        return f"hedged '{m.group().strip()}'"
    if rule.verb and f["infinitive_before"].search(before_clause[-30:]) and not f["allowed_to"].search(
        before_clause[-60:]
    ):
        return "infinitive (purpose or intention)"
    if rule.noun:
        if m := f["noun_premodifier"].search(before_clause[-60:]):
            return f"noun modified by '{m.group().strip()}'"
        if m := f["noun_postmodal"].search(after[:50]):
            return f"followed by modal '{m.group().strip()}'"
    if rule.verb and f["gerund_subject"].search(before_clause) and before_clause.strip().count(" ") < 2:
        return "gerund subject"
    return None
