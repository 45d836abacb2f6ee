"""Toponym spotting: capitalised token runs looked up, longest first, in the folded-name maps.

Why not Aho-Corasick over raw text: transliteration variants need a normalised key per token run anyway, and
a name must start on a capitalised word, so folding each run of up to MAX_WORDS tokens and probing a dict
costs a few microseconds per capitalised word and handles articles, ayn marks and "-ah" endings for free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from timeline.gazetteer.folding import ARTICLES, drop_articles, skeleton, split_words
from timeline.gazetteer.store import KeyMap
from timeline.gazetteer.vocabulary import (
    ADMIN_SUFFIXES,
    GENERIC_HEADS,
    LOCATIVE,
    MEDIA_TAILS,
    ORGANISATION_TAILS,
    PERSON_HEADS,
    common_words,
    person_names,
)

MAX_WORDS = 6
MAX_FUZZY_WORDS = 3
_TOKEN = re.compile(r"[^\W_]+(?:[-'’‘ʿʾ][^\W_]+)*")
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|at|az|ash|an|ed|es|ez|adh|ath)[-'’]", re.IGNORECASE)
@dataclass(frozen=True)
class Spot:
    start: int
    end: int
    rids: tuple[int, ...]
    exact: bool
    admin_suffix: bool  # followed by "province"/"governorate"/"region"
    focus_only: bool = False  # a common word ("Hit") after "in"/"near": only Iraqi/Syrian places qualify
    areas_only: bool = False  # all common words ("United States", "White House"): countries/admin1 only


class _Tok(NamedTuple):
    start: int
    end: int
    text: str
    words: tuple[str, ...]
    key: str  # the folded key of this token alone
    cap: bool
    caps: bool  # ALL CAPS


@dataclass(frozen=True)
class NameKeys:
    """The in-memory key maps (exact, skeleton, acronym) plus the word-prefixes of multi-word exact keys."""

    exact: KeyMap
    skel: KeyMap
    acronyms: KeyMap
    prefixes: frozenset[str]

    @classmethod
    def from_maps(cls, exact: KeyMap, skel: KeyMap, acronyms: KeyMap) -> NameKeys:
        prefixes = set()
        for key in exact:
            parts = key.split(" ")
            for n in range(1, len(parts)):
                prefixes.add(" ".join(parts[:n]))
        return cls(exact, skel, acronyms, frozenset(prefixes))


@lru_cache(maxsize=100_000)
def _token_info(text: str) -> tuple[tuple[str, ...], str, bool, bool]:
    bare = _ARTICLE_PREFIX.sub("", text).lstrip("'’‘ʿʾ")
    cap = bool(bare) and bare[0].isupper()
    caps = sum(ch.isalpha() for ch in text) >= 2 and text.isupper()
    words = tuple(split_words(text))
    return words, " ".join(drop_articles(list(words))), cap, caps


# Where a capitalised word may start: a letter that is not lower-case Latin, optionally after an article
# ("al-Tanf") or an ayn mark. Only these positions are looked at; the rest of the text is skipped.
_CAP_START = re.compile(r"(?<![^\W_])(?:(?:al|el|ad|ar|as|at|az|ash|an|ed|es|ez|adh|ath)[-'’]|['’‘ʿʾ])?"
                        r"[^\W\d_a-zß-öø-ÿ][^\W_]*(?:[-'’‘ʿʾ][^\W_]+)*")
_GAP = re.compile(r"[ \t\u00a0]{1,2}")
_CAP_NEXT = re.compile(r"[ \t\u00a0]{1,2}(?:(?:al|el|ad|ar|as|at|az|ash|an|ed|es|ez|adh|ath)[-'’ ]|['’‘ʿʾ])?"
                       r"[^\W\d_a-zß-öø-ÿ]")
_SPACES = " \t\u00a0"
_WORD_MARKS = "-'’‘ʿʾ"


def _token_at(text: str, pos: int, m: re.Match[str] | None = None) -> _Tok | None:
    m = m or _TOKEN.match(text, pos)
    if m is None:
        return None
    s, e = m.span()
    word = m.group()
    if word[-2:] in ("'s", "’s"):
        e -= 2
        word = word[:-2]
    words, key, cap, caps = _token_info(word)
    return _Tok(s, e, word, words, key, cap, caps) if words else None


def _next_token(text: str, tok: _Tok) -> _Tok | None:
    """The token right after `tok` when only one or two spaces separate them."""
    if text[tok.end:tok.end + 1] in ("'", "’") and text[tok.end:tok.end + 2] in ("'s", "’s"):
        return None
    gap = _GAP.match(text, tok.end)
    return _token_at(text, gap.end()) if gap else None


def _previous_word(text: str, start: int) -> str | None:
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


def tokenize(text: str) -> list[_Tok]:
    """Every token of a text (for tests and debugging; matching looks only at capitalised ones)."""
    toks = []
    pos = 0
    while (m := _TOKEN.search(text, pos)) is not None:
        tok = _token_at(text, m.start())
        pos = m.end()
        if tok is not None:
            toks.append(tok)
    return toks


def find_spots(text: str, keys: NameKeys) -> list[Spot]:
    """Every place-name span (longest match, left to right) with the rids it may denote."""
    spots: list[Spot] = []
    commons = common_words()
    exact, skel, prefixes = keys.exact, keys.skel, keys.prefixes
    pos = 0
    while (m := _CAP_START.search(text, pos)) is not None:
        tok = _token_at(text, m.start(), m)
        if tok is None or not tok.cap:
            pos = m.end()
            continue
        pos = tok.end
        if tok.caps:
            rids = keys.acronyms.get(tok.key)
            if rids:
                spots.append(Spot(tok.start, tok.end, rids, True, False))
            continue
        best: tuple[list[_Tok], tuple[int, ...], bool] | None = None  # (tokens, rids, exact)
        fuzzy: tuple[list[_Tok], tuple[int, ...], bool] | None = None
        run: list[_Tok] = []
        words: list[str] = []
        all_capitalised = True
        tj: _Tok | None = tok
        while tj is not None and len(run) < MAX_WORDS:
            if run and tj.caps:
                break
            run.append(tj)
            words.extend(tj.words)
            if len(run) == 1:
                key = tj.key
            else:
                all_capitalised = all_capitalised and (tj.cap or tj.words[0] in ARTICLES)
                key = " ".join(drop_articles(words))
            rids = exact.get(key)
            if rids:
                best = (list(run), rids, True)
            elif all_capitalised and len(run) <= MAX_FUZZY_WORDS and len(key) >= 5:
                rids = skel.get(skeleton(key)) or skel.get(skeleton(" ".join(words)))
                if rids:
                    fuzzy = (list(run), rids, False)
            # Go on only while a longer name can still match: a known prefix, a trailing article, or a
            # capitalised run short enough for a fuzzy match.
            if key not in prefixes and words[-1] not in ARTICLES and not (
                    all_capitalised and len(run) < MAX_FUZZY_WORDS and _CAP_NEXT.match(text, tj.end)):
                break
            tj = _next_token(text, tj)
        if fuzzy is not None and (best is None or len(fuzzy[0]) > len(best[0])):
            best = fuzzy
        if best is None:
            continue
        span, rids, is_exact = best
        after = _next_token(text, span[-1])
        pos = span[-1].end
        verdict = _verdict(text, span, after, commons)
        if verdict == REJECT:
            continue
        end, suffix = span[-1].end, False
        if after is not None and after.text.lower() in ADMIN_SUFFIXES:
            end, suffix = after.end, True
            pos = end
        spots.append(Spot(tok.start, end, rids, is_exact, suffix,
                          focus_only=verdict == FOCUS_ONLY, areas_only=verdict == AREAS_ONLY))
    return spots


REJECT, KEEP, FOCUS_ONLY, AREAS_ONLY = 0, 1, 2, 3


def _verdict(text: str, span: list[_Tok], after: _Tok | None, commons: frozenset[str]) -> int:
    """Reject spans that are common words, bare name heads, or parts of a person's name."""
    first = span[0]
    prev = _previous_word(text, first.start)
    prev_word = prev.lower() if prev else ""
    prev_cap = prev is not None and _token_info(prev)[2]
    possessive = prev_word.endswith(("'s", "’s"))  # "Iraq's al-Asad airbase"
    if prev_cap and not possessive and (prev_word in PERSON_HEADS or _ARTICLE_PREFIX.match(first.text)):
        return REJECT  # "Abu Dhar", "Nuri al-Maliki"
    if after is not None and after.text.lower() in ORGANISATION_TAILS and (
            after.cap or after.text.lower() in MEDIA_TAILS):
        return REJECT
    if len(span) > 1:
        return AREAS_ONLY if all(t.text.lower() in commons for t in span) else KEEP
    word = first.text.lower()
    if word in GENERIC_HEADS and not _ARTICLE_PREFIX.match(first.text):
        return REJECT
    if word in commons or word in person_names():
        # Only "in Hit", "near Mark": a lower-case locative word right before it, never a sentence start.
        return FOCUS_ONLY if prev is not None and not prev_cap and prev_word in LOCATIVE else REJECT
    return KEEP
