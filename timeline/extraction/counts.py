"""Stated numbers of killed and injured, read from the parse: the number modifying the victims of 'kill',
'wound', 'die', 'left ... dead' ("Twenty-five people were killed", "killing at least 10", "more than 30 dead",
"dozens wounded", "10 to 12"). Number words are parsed by text2num, not by hand."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token
from text_to_num import text2num

from timeline.domain.values import MAX_INT32, Count

_KILLED = frozenset(
    {"kill", "die", "dead", "slay", "slaughter", "massacre", "execute", "behead", "murder", "fatality"}
)
_INJURED = frozenset({"wound", "injure", "hurt", "injured", "wounded"})
# Vague plurals: the least they can mean.
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "dozen": 12}
_NUMBER_TEXT = re.compile(r"^[a-z-]+(?:\s+(?:and\s+)?[a-z-]+)*$")


def number_value(words: str) -> int | None:
    """'25', '1,200', 'twenty-five', 'three hundred' -> int; None when it is not a number."""
    w = words.strip().lower().replace(",", "")
    if w.isdecimal():  # what int() reads: "²" is a digit, not a decimal
        return int(w)
    if not _NUMBER_TEXT.match(w):
        return None
    try:
        value = text2num(w, "en")
    except ValueError:
        return None
    return value if 0 <= value <= MAX_INT32 else None


_MODIFIER = re.compile(
    r"^(?P<mod>more than|over|at least|upwards of|some|nearly|almost|up to|fewer than|less than|"
    r"under|about|around|approximately|roughly)\s+",
    re.IGNORECASE,
)
_RANGE = re.compile(r"^(\d[\d,]*)\s*(?:to|-|–|or)\s*(\d[\d,]*)$")


def _phrase(tok: Token) -> Count | None:
    """The count a victim phrase states: its number modifier ('25 people', 'more than 30 people',
    'twenty-five'), or a number or vague plural as its head ('killing 10', 'dozens were wounded')."""
    number = next((c for c in tok.children if c.dep_ == "nummod"), None)
    if number is None and (tok.like_num or tok.lower_ in _VAGUE):
        number = tok
    if number is None:
        return None
    if number.i == tok.i and tok.lower_ in _VAGUE:
        return Count(low=_VAGUE[tok.lower_], high=None, phrase=tok.text)
    words = sorted(
        (t for t in number.subtree if t.i <= number.i or t.like_num or t.text == "-"), key=lambda t: t.i
    )
    left = number.doc[max(0, words[0].i - 2) : words[0].i]  # "more than" may hang elsewhere in the parse
    phrase = " ".join(t.text for t in words).replace(" - ", "-")
    lead = " ".join(t.lower_ for t in left)
    text = phrase
    mod = ""
    m = _MODIFIER.match(text)
    if m is not None:
        mod, text = m.group("mod").lower(), text[m.end() :]
    elif lead.endswith(("more than", "at least", "up to", "fewer than", "less than", "upwards of")):
        mod = " ".join(lead.split()[-2:])
    elif lead.split()[-1:] and lead.split()[-1] in ("over", "nearly", "almost", "some", "about", "around"):
        mod = lead.split()[-1]
    if text.lower() in _VAGUE:
        return Count(low=_VAGUE[text.lower()], high=None, phrase=phrase)
    rng = _RANGE.match(text)
    if rng:
        low, high = (int(x.replace(",", "")) for x in rng.groups())
        return Count(low=min(low, high), high=max(low, high), phrase=phrase)
    value = number_value(text)
    if value is None:
        return None
    if mod in ("more than", "over", "upwards of"):
        return Count(low=value + 1, high=None, phrase=phrase)
    if mod in ("at least", "some"):
        return Count(low=value, high=None, phrase=phrase)
    if mod in ("nearly", "almost", "up to", "fewer than", "less than", "under"):
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
            return (
                verb.head
                if verb.dep_ == "amod"
                else (verb if verb.i and verb.doc[verb.i - 1].like_num else None)
            )
        return None
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN"
    )
    if passive:
        return next(
            (c for c in verb.children if c.dep_ == "nsubjpass"), verb.head if verb.dep_ == "acl" else None
        )
    return next((c for c in verb.children if c.dep_ == "dobj"), None)


def counts(sentence: Span) -> tuple[Count | None, Count | None]:
    """(killed, injured) as the sentence states them, if at all."""
    killed = injured = None
    for tok in sentence:
        lemma = tok.lemma_.lower()
        kind = (
            "killed"
            if lemma in _KILLED or tok.lower_ == "dead"
            else "injured"
            if (lemma in _INJURED or tok.lower_ in _INJURED)
            else None
        )
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
