"""Tokens of running text for toponym spotting: capitalised words, their folded keys, their neighbours."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from timeline.gazetteer.folding import drop_articles, split_words

_TOKEN = re.compile(r"[^\W_]+(?:[-'’‘ʿʾ][^\W_]+)*")
ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|at|az|ash|an|ed|es|ez|adh|ath)[-'’]", re.IGNORECASE)


class Token(NamedTuple):
    """A word of the text (possessive 's cut off), with its folded key and capitalisation."""

    start: int
    end: int
    text: str
    words: tuple[str, ...]
    key: str  # the folded key of this token alone
    cap: bool
    caps: bool  # ALL CAPS


@lru_cache(maxsize=100_000)
def token_info(text: str) -> tuple[tuple[str, ...], str, bool, bool]:
    """(folded words, folded key, capitalised, ALL CAPS) of a word."""
    bare = ARTICLE_PREFIX.sub("", text).lstrip("'’‘ʿʾ")
    cap = bool(bare) and bare[0].isupper()
    caps = sum(ch.isalpha() for ch in text) >= 2 and text.isupper()
    words = tuple(split_words(text))
    return words, " ".join(drop_articles(list(words))), cap, caps


# Where a capitalised word may start: a letter that is not lower-case Latin, optionally after an article
# ("al-Tanf") or an ayn mark. Only these positions are looked at; the rest of the text is skipped.
CAP_START = re.compile(r"(?<![^\W_])(?:(?:al|el|ad|ar|as|at|az|ash|an|ed|es|ez|adh|ath)[-'’]|['’‘ʿʾ])?"
                       r"[^\W\d_a-zß-öø-ÿ][^\W_]*(?:[-'’‘ʿʾ][^\W_]+)*")
_GAP = re.compile(r"[ \t\u00a0]{1,2}")
CAP_NEXT = re.compile(r"[ \t\u00a0]{1,2}(?:(?:al|el|ad|ar|as|at|az|ash|an|ed|es|ez|adh|ath)[-'’ ]|['’‘ʿʾ])?"
                      r"[^\W\d_a-zß-öø-ÿ]")
_SPACES = " \t\u00a0"
_WORD_MARKS = "-'’‘ʿʾ"


def token_at(text: str, pos: int, m: re.Match[str] | None = None) -> Token | None:
    m = m or _TOKEN.match(text, pos)
    if m is None:
        return None
    s, e = m.span()
    word = m.group()
    if word[-2:] in ("'s", "’s"):
        e -= 2
        word = word[:-2]
    words, key, cap, caps = token_info(word)
    return Token(s, e, word, words, key, cap, caps) if words else None


def next_token(text: str, tok: Token) -> Token | None:
    """The token right after `tok` when only one or two spaces separate them."""
    if text[tok.end:tok.end + 1] in ("'", "’") and text[tok.end:tok.end + 2] in ("'s", "’s"):
        return None
    gap = _GAP.match(text, tok.end)
    return token_at(text, gap.end()) if gap else None


def previous_word(text: str, start: int) -> str | None:
    """The word right before `start` when only one or two spaces separate them."""
    j = start
    while j > 0 and start - j < 2 and text[j - 1] in _SPACES:
        j -= 1
    if j == start:
        return None
    i = j
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] in _WORD_MARKS):
        i -= 1
    return text[i:j].strip(_WORD_MARKS) or None


def tokenize(text: str) -> list[Token]:
    """Every token of a text (for tests and debugging; matching looks only at capitalised ones)."""
    toks = []
    pos = 0
    while (m := _TOKEN.search(text, pos)) is not None:
        tok = token_at(text, m.start())
        pos = m.end()
        if tok is not None:
            toks.append(tok)
    return toks
