"""Toponym spotting: capitalised token runs looked up, longest first, in the folded-name maps.

Why not Aho-Corasick over raw text: transliteration variants need a normalised key per token run anyway, and
a name must start on a capitalised word, so folding each run of up to MAX_WORDS tokens and probing a dict
costs a few microseconds per capitalised word and handles articles, ayn marks and "-ah" endings for free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from timeline.gazetteer.folding import ARTICLES, drop_articles, skeleton, split_words
from timeline.gazetteer.store import KeyMap

MAX_WORDS = 6
_TOKEN = re.compile(r"[^\W_]+(?:[-'’‘ʿʾ][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|at|az|ash|an|ed|es|ez|adh|ath)[-'’]", re.IGNORECASE)
# Words after a name that make it a province ("Diyala province") or region ("the Kirkuk region").
ADMIN_SUFFIXES = frozenset({"province", "governorate", "region", "provinces", "muhafazat"})
# Capitalised words that start many Arabic names but are not places on their own.
GENERIC_HEADS = frozenset({"deir", "dayr", "tal", "tall", "tell", "ras", "jabal", "jebel", "ain", "ayn", "kafr",
                           "bab", "abu", "umm", "wadi", "qasr", "khan", "bir", "beit", "bayt", "sheikh", "shaikh",
                           "sayyid", "imam", "al", "el", "bani", "beni", "ibn", "bin", "mar", "saint", "st",
                           "mount", "lake", "camp", "port", "new", "old", "jisr", "tel", "qalat", "hawsh"})
# Given names and titles: a place name right after one, or written as a nisba ("Nuri al-Maliki"), is a person.
PERSON_HEADS = frozenset({
    "abu", "bin", "ibn", "ali", "hassan", "hasan", "hussein", "husayn", "omar", "umar", "mohammed", "muhammad",
    "mohammad", "ahmed", "ahmad", "mahmoud", "mahmud", "khalid", "khaled", "abdullah", "abdul", "haider",
    "haidar", "nouri", "nuri", "saddam", "bashar", "qassem", "qasem", "qasim", "hadi", "mustafa", "osama",
    "usama", "zaid", "ayman", "abdel", "abd", "sheikh", "mr", "mrs", "ms", "dr", "general", "gen", "colonel",
    "col", "president", "minister", "king", "prince", "emir", "imam", "ayatollah", "sayyid", "mullah", "said"})
LOCATIVE = frozenset({"in", "at", "near", "from", "to", "into", "toward", "towards", "outside", "around",
                      "of", "captured", "seized", "took", "retook", "entered", "stormed", "liberated", "across",
                      "through", "besieged", "attacked", "struck", "hit", "bombed", "between", "and", "inside"})


# Capitalised words after a place name that make the pair an organisation ("Quds Force", "Tehran Times").
ORGANISATION_TAILS = frozenset({"force", "forces", "brigade", "brigades", "front", "party", "movement", "times",
                                "post", "news", "corps", "guard", "guards", "regiment", "division", "battalion",
                                "radio", "tv", "channel", "eye", "airways", "club", "bank", "unit", "units",
                                "militia", "tribune", "herald", "daily", "agency", "accord", "agreement",
                                "process", "declaration", "convention", "protocol", "talks"})


@lru_cache(maxsize=2)
def _word_list(name: str) -> frozenset[str]:
    text = (resources.files("timeline.gazetteer") / name).read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


def common_words() -> frozenset[str]:
    """Capitalised English words that are place names somewhere (common_words.txt)."""
    return _word_list("common_words.txt")


def person_names() -> frozenset[str]:
    """Names of people that are place names somewhere (person_names.txt)."""
    return _word_list("person_names.txt") | PERSON_HEADS


@dataclass(frozen=True)
class Spot:
    start: int
    end: int
    rids: tuple[int, ...]
    exact: bool
    admin_suffix: bool  # followed by "province"/"governorate"/"region"
    focus_only: bool = False  # a common word ("Hit") after "in"/"near": only Iraqi/Syrian places qualify
    areas_only: bool = False  # common words throughout ("United States", "White House"): only countries/admin1


@dataclass(frozen=True)
class _Tok:
    start: int
    end: int
    text: str
    words: tuple[str, ...]
    cap: bool
    caps: bool  # ALL CAPS


@lru_cache(maxsize=100_000)
def _token_info(text: str) -> tuple[tuple[str, ...], bool, bool]:
    bare = _ARTICLE_PREFIX.sub("", text).lstrip("'’‘ʿʾ")
    cap = bool(bare) and bare[0].isupper()
    letters = [ch for ch in text if ch.isalpha()]
    caps = len(letters) >= 2 and text.isupper()
    return tuple(split_words(text)), cap, caps


def tokenize(text: str) -> list[_Tok]:
    toks = []
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        word = m.group()
        p = _POSSESSIVE.search(word)
        if p:
            e -= 2
            word = word[:-2]
        words, cap, caps = _token_info(word)
        toks.append(_Tok(s, e, word, words, cap, caps))
    return toks


def _adjacent(text: str, a: _Tok, b: _Tok) -> bool:
    gap = text[a.end:b.start]
    return len(gap) <= 2 and (gap == "" or gap.isspace()) and "\n" not in gap


def find_spots(text: str, exact: KeyMap, skel: KeyMap, acronyms: KeyMap) -> list[Spot]:
    """Every place-name span (longest match, left to right) with the rids it may denote."""
    toks = tokenize(text)
    spots: list[Spot] = []
    commons = common_words()
    i = 0
    while i < len(toks):
        tok = toks[i]
        if not tok.cap or not tok.words:
            i += 1
            continue
        if tok.caps:
            rids = acronyms.get(" ".join(tok.words))
            if rids:
                spots.append(Spot(tok.start, tok.end, rids, True, False))
            i += 1
            continue
        best: tuple[int, tuple[int, ...], bool] | None = None  # (n tokens, rids, exact)
        fuzzy: tuple[int, tuple[int, ...], bool] | None = None
        words: list[str] = []
        all_capitalised = True
        for n in range(1, MAX_WORDS + 1):
            j = i + n - 1
            if j >= len(toks) or (n > 1 and (not _adjacent(text, toks[j - 1], toks[j]) or toks[j].caps)):
                break
            words.extend(toks[j].words)
            all_capitalised = all_capitalised and (toks[j].cap or toks[j].words[0] in ARTICLES)
            key = " ".join(drop_articles(words))
            rids = exact.get(key)
            if rids:
                best = (n, rids, True)
            elif all_capitalised and len(key) >= 5:
                rids = skel.get(skeleton(key)) or skel.get(skeleton(" ".join(words)))
                if rids:
                    fuzzy = (n, rids, False)
        if fuzzy is not None and (best is None or fuzzy[0] > best[0]):
            best = fuzzy
        if best is None:
            i += 1
            continue
        n, rids, is_exact = best
        last = toks[i + n - 1]
        verdict = _verdict(text, toks, i, n, commons)
        if verdict == REJECT:
            i += n
            continue
        end, suffix = last.end, False
        nxt = toks[i + n] if i + n < len(toks) else None
        if nxt is not None and nxt.text.lower() in ADMIN_SUFFIXES and _adjacent(text, last, nxt):
            end, suffix = nxt.end, True
        spots.append(Spot(tok.start, end, rids, is_exact, suffix, verdict == FOCUS_ONLY, verdict == LARGE_ONLY))
        i += n + (1 if suffix else 0)
    return spots


REJECT, KEEP, FOCUS_ONLY, LARGE_ONLY = 0, 1, 2, 3


def _verdict(text: str, toks: list[_Tok], i: int, n: int, commons: frozenset[str]) -> int:
    """Reject spans that are common words, bare name heads, or parts of a person's name."""
    first = toks[i]
    prev = toks[i - 1] if i > 0 and _adjacent(text, toks[i - 1], first) else None
    prev_word = prev.text.lower() if prev else ""
    if prev is not None and prev.cap and (prev_word in PERSON_HEADS or _ARTICLE_PREFIX.match(first.text)):
        return REJECT  # "Abu Dhar", "Nuri al-Maliki"
    after = toks[i + n] if i + n < len(toks) and _adjacent(text, toks[i + n - 1], toks[i + n]) else None
    if after is not None and after.cap and after.text.lower() in ORGANISATION_TAILS:
        return REJECT
    if n > 1:
        return LARGE_ONLY if all(t.text.lower() in commons for t in toks[i:i + n]) else KEEP
    word = first.text.lower()
    if word in GENERIC_HEADS and not _ARTICLE_PREFIX.match(first.text):
        return REJECT
    if word in commons or word in person_names():
        # Only "in Hit", "near Mark": a lower-case locative word right before it, never a sentence start.
        return FOCUS_ONLY if prev is not None and not prev.cap and prev_word in LOCATIVE else REJECT
    return KEEP
