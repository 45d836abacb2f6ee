"""Name keys that survive transliteration: `fold` (exact key) and `skeleton` (fuzzy key) for index and query.

fold:     lower ASCII, no diacritics/apostrophes/ayn marks, hyphens as spaces, Arabic articles dropped
          ("Deir ez-Zor" -> "deir zor", "Ar-Raqqah" -> "raqqah", "Sa'adiyah" -> "saadiyah").
skeleton: fold without spaces, consonant variants merged (q/k, ph/f, dh/d, th/t, kh/k, gh/g, v/w), a final
          -h dropped, doubled letters collapsed and every vowel run (a e i o u w y) written "a"
          ("Jalawla", "Jalula", "Jalulah" -> "jalala"; "Dayr az Zawr", "Deir Ezzor" -> "darazar").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Marks that are dropped without a trace: apostrophes, ayn/hamza signs, backticks, okinas.
_MARKS = dict.fromkeys(map(ord, "'’‘ʿʾʼʻ`´′ˈ"), None)
# Letters NFKD does not decompose into ASCII.
_SPECIAL = str.maketrans({"ı": "i", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "ħ": "h",
                          "þ": "th", "ð": "d", "ŧ": "t", "ə": "a", "ɨ": "i"})
ARTICLES = frozenset({"al", "el", "ad", "ash", "ar", "as", "at", "az", "an", "adh", "ath", "ed", "es", "et",
                      "ez", "ul", "ud", "il", "ag"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# A sun-letter article written into the next word without a hyphen: "Ezzor", "Azzawiya", "Essalam".
_ASSIMILATED = re.compile(r"^[ae]([tdrzsnl])\1")
_VOWEL_RUN = re.compile(r"[aeiouwy]+")
_DOUBLE = re.compile(r"(.)\1+")
_DIGRAPHS = (("ph", "f"), ("dh", "d"), ("th", "t"), ("kh", "k"), ("gh", "g"), ("ck", "k"), ("q", "k"),
             ("v", "w"), ("ou", "u"), ("ee", "i"), ("oo", "u"))


@lru_cache(maxsize=200_000)
def ascii_lower(text: str) -> str:
    """Lower-case ASCII transcription: diacritics stripped, apostrophe-like marks removed."""
    text = text.translate(_MARKS).lower().translate(_SPECIAL)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isascii())


def split_words(text: str) -> list[str]:
    """Lower ASCII words of a text, articles kept."""
    return [w for w in _NON_ALNUM.split(ascii_lower(text)) if w]


def drop_articles(words: list[str]) -> list[str]:
    """Remove Arabic articles (standalone or assimilated into the next word) from a multi-word name."""
    if len(words) < 2:
        return words
    out: list[str] = []
    for i, word in enumerate(words):
        if word in ARTICLES and i < len(words) - 1:
            continue
        if i > 0 and len(word) > 4 and _ASSIMILATED.match(word):
            word = word[2:]
        out.append(word)
    return out or words


def fold_tokens(text: str, keep_articles: bool = False) -> list[str]:
    """The folded words of a name (see module docstring)."""
    words = split_words(text)
    return words if keep_articles else drop_articles(words)


@lru_cache(maxsize=200_000)
def fold(text: str, keep_articles: bool = False) -> str:
    """Exact matching key of a name."""
    return " ".join(fold_tokens(text, keep_articles))


@lru_cache(maxsize=200_000)
def skeleton(folded: str) -> str:
    """Fuzzy matching key computed from a folded name."""
    s = folded.replace(" ", "")
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    if len(s) > 3 and s.endswith("h") and s[-2] in "aeiou":
        s = s[:-1]
    s = _DOUBLE.sub(r"\1", s)
    head = s[:1] if s[:1] in "wy" else ""
    return head + _VOWEL_RUN.sub("a", s[len(head):])


def keys_for(name: str) -> tuple[str, set[str]]:
    """The exact key and the skeleton keys under which a name is indexed."""
    exact = fold(name)
    skeletons = {skeleton(exact), skeleton(fold(name, keep_articles=True))}
    skeletons.discard("")
    return exact, skeletons
