"""Stated numbers of killed and injured, read from the parse: the number modifying the victims of 'kill',
'wound', 'die', 'left ... dead' ("Twenty-five people were killed", "killing at least 10", "more than 30 dead",
"dozens wounded", "10 to 12"). Number words are parsed by text2num, not by hand."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token
from text_to_num import text2num

from timeline.domain.values import MAX_INT32, Count

_KILLED = frozenset({"kill", "die", "dead", "slay", "slaughter", "massacre", "execute", "behead", "murder", "fatality"})
_INJURED = frozenset({"wound", "injure", "hurt", "injured", "wounded"})
# Vague plurals: the least they can mean.
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "dozen": 12}
_AT_LEAST = ("at least", "more than", "over", "upwards of", "some")
_AT_MOST = ("nearly", "almost", "up to", "fewer than", "less than", "under")
_NUMBER_TEXT = re.compile(r"^[a-z-]+(?:\s+(?:and\s+)?[a-z-]+)*$")


def number_value(words: str) -> int | None:
    """'25', '1,200', 'twenty-five', 'three hundred' -> int; None when it is not a number."""
    w = words.strip().lower().replace(",", "")
    if w.isdigit():
        return int(w)
    if not _NUMBER_TEXT.match(w):
        return None
    try:
        value = text2num(w, "en")
    except ValueError:
        return None
    return value if 0 <= value <= MAX_INT32 else None


def _phrase(tok: Token) -> Count | None:
    """The count a victim phrase states: its number modifier, or a number as its head."""
    number = next((c for c in tok.children if c.dep_ == "nummod"), None)
    head = tok
    if number is None and (tok.like_num or tok.lower_ in _VAGUE):
        number = tok
    if number is None:
        for _, o in ((c, o) for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children):
            if o.like_num:  # "dozens of people": handled below; "one of the soldiers"
                number = o
        if tok.lower_ in _VAGUE:
            number = tok
    if number is None:
        return None
    words = [t for t in number.subtree if t.dep_ not in ("quantmod", "advmod") or t.i == number.i]
    quant = " ".join(t.lower_ for t in number.subtree if t.dep_ in ("quantmod", "advmod"))
    text = " ".join(t.text for t in sorted(words, key=lambda t: t.i) if t.text != "-")
    phrase = number.doc[min(t.i for t in number.subtree): max(t.i for t in number.subtree) + 1].text
    if head.lower_ in _VAGUE and number.i == head.i:
        return Count(low=_VAGUE[head.lower_], high=None, phrase=head.text)
    if text.lower() in _VAGUE:
        return Count(low=_VAGUE[text.lower()], high=None, phrase=phrase)
    rng = re.fullmatch(r"(\d[\d,]*)\s*(?:to|-|–|or)\s*(\d[\d,]*)", text)
    if rng:
        low, high = (int(x.replace(",", "")) for x in rng.groups())
        return Count(low=min(low, high), high=max(low, high), phrase=phrase)
    value = number_value(text)
    if value is None:
        digits = [t for t in number.subtree if t.like_num and number_value(t.text) is not None]
        if not digits:
            return None
        value = number_value(digits[-1].text)
        if value is None:
            return None
    before = " ".join(t.lower_ for t in number.doc[max(0, number.left_edge.i - 3): number.left_edge.i])
    quant = f"{before} {quant}".strip()
    if any(quant.endswith(q) or f" {q} " in f" {quant} " for q in _AT_LEAST):
        low = value + 1 if any(q in quant for q in ("more than", "over", "upwards of")) else value
        return Count(low=low, high=None, phrase=phrase)
    if any(q in quant for q in _AT_MOST):
        return Count(low=None, high=value, phrase=phrase)
    return Count(low=value, high=value, phrase=phrase)


def _victims(verb: Token) -> Token | None:
    lemma = verb.lemma_.lower()
    if lemma in ("die",):
        return next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if lemma in ("dead", "wounded", "injured"):  # "left 7 people dead", "30 dead"
        if verb.dep_ in ("oprd", "acomp", "xcomp", "ccomp"):
            return next((c for c in verb.head.children if c.dep_ == "dobj"), None)
        if verb.dep_ == "amod" or verb.pos_ in ("NOUN", "ADJ"):
            return verb.head if verb.dep_ == "amod" else (verb if verb.i and verb.doc[verb.i - 1].like_num else None)
        return None
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN")
    if passive:
        return next((c for c in verb.children if c.dep_ == "nsubjpass"), verb.head if verb.dep_ == "acl" else None)
    return next((c for c in verb.children if c.dep_ == "dobj"), None)


def counts(sentence: Span) -> tuple[Count | None, Count | None]:
    """(killed, injured) as the sentence states them, if at all."""
    killed = injured = None
    for tok in sentence:
        lemma = tok.lemma_.lower()
        kind = "killed" if lemma in _KILLED or tok.lower_ == "dead" else "injured" if (
            lemma in _INJURED or tok.lower_ in _INJURED) else None
        if kind is None:
            continue
        victims = _victims(tok)
        if victims is None and tok.i > 0 and tok.doc[tok.i - 1].like_num:  # "30 dead"
            victims = tok.doc[tok.i - 1]
        if victims is None:
            continue
        found = _phrase(victims)
        if found is None and victims.dep_ == "dobj":
            continue
        if kind == "killed" and killed is None:
            killed = found
        elif kind == "injured" and injured is None:
            injured = found
    return killed, injured
