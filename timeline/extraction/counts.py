"""Stated numbers of killed and injured ("more than 30 people", "dozens", "10 to 12") as `Count`s."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from timeline.domain.values import Count

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
# Vague plurals: the least they can mean.
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000}


@lru_cache(maxsize=4)
def _patterns(killed: str, injured: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(killed, re.I), re.compile(injured, re.I)


def parse_count(phrase: str) -> Count | None:
    p = " ".join(phrase.lower().replace(",", "").split())
    rng = re.search(r"(\d+)\s*(?:to|-)\s*(\d+)", p)
    if rng:
        return Count(low=int(rng.group(1)), high=int(rng.group(2)), phrase=phrase.strip())
    num = re.search(r"\d+", p)
    word = next((w for w in p.split() if w in _WORDS or w in _VAGUE), None)
    if num:
        value = int(num.group())
    elif word in _WORDS:
        value = _WORDS[word]
    elif word in _VAGUE:
        return Count(low=_VAGUE[word], high=None, phrase=phrase.strip())
    else:
        return None
    if re.search(r"\b(?:more than|over)\b", p):
        return Count(low=value + 1, high=None, phrase=phrase.strip())
    if re.search(r"\b(?:at least)\b", p):
        return Count(low=value, high=None, phrase=phrase.strip())
    if re.search(r"\b(?:nearly|almost|up to)\b", p):
        return Count(low=None, high=value, phrase=phrase.strip())
    return Count(low=value, high=value, phrase=phrase.strip())


def count_near(lexicon: dict[str, Any], sentence: str) -> tuple[Count | None, Count | None]:
    """(killed, injured) as stated in the sentence, if at all."""
    killed_re, injured_re = _patterns(lexicon["counts"]["killed"], lexicon["counts"]["injured"])
    out: list[Count | None] = []
    for pattern in (killed_re, injured_re):
        m = pattern.search(sentence)
        phrase = (m.group("count") or m.group("count2")) if m else None
        out.append(parse_count(phrase) if phrase else None)
    return out[0], out[1]
