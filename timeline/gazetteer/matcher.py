"""Toponym spotting: capitalised token runs looked up, longest first, in the folded-name maps.

Why not Aho-Corasick over raw text: transliteration variants need a normalised key per token run anyway, and
a name must start on a capitalised word, so folding each run of up to MAX_WORDS tokens and probing a dict
costs a few microseconds per capitalised word and handles articles, ayn marks and "-ah" endings for free.
"""

from __future__ import annotations

from dataclasses import dataclass

from timeline.gazetteer.facilities import suffix_class
from timeline.gazetteer.folding import ARTICLES, drop_articles, skeleton
from timeline.gazetteer.store import KeyMap
from timeline.gazetteer.tokens import (
    ARTICLE_PREFIX,
    CAP_NEXT,
    CAP_START,
    Token,
    next_token,
    previous_word,
    token_at,
    token_info,
)
from timeline.gazetteer.vocabulary import (
    ADMIN_SUFFIXES,
    GENERIC_HEADS,
    LOCATIVE,
    MEDIA_TAILS,
    ORGANISATION_TAILS,
    PERSON_HEADS,
    common_words,
    not_place_keys,
    person_names,
)

MAX_WORDS = 6
MAX_FUZZY_WORDS = 3
MAX_FACILITY_WORDS = 3
MIN_CAPS_NAME = 5  # an all-caps word this long is a name in a dateline or headline ("BAGHDAD (Reuters)")


@dataclass(frozen=True)
class Spot:
    """A matched span and the index rows it may denote, with the filters its context imposes."""

    start: int
    end: int
    rids: tuple[int, ...]
    exact: bool
    admin_suffix: bool  # followed by "province"/"governorate"/"region"
    focus_only: bool = False  # a common word ("Hit") after "in"/"near": only Iraqi/Syrian places qualify
    areas_only: bool = False  # all common words ("United States", "White House"): countries/admin1 only


@dataclass(frozen=True)
class NameKeys:
    """The in-memory key maps (exact, skeleton, acronym) plus the word-prefixes of multi-word exact keys."""

    exact: KeyMap
    skel: KeyMap
    acronyms: KeyMap
    facilities: KeyMap  # "<core> <class>" -> installations ("asad base", "tabqa dam")
    prefixes: frozenset[str]

    @classmethod
    def from_maps(cls, exact: KeyMap, skel: KeyMap, acronyms: KeyMap, facilities: KeyMap) -> NameKeys:
        prefixes = set()
        for key in exact:
            parts = key.split(" ")
            for n in range(1, len(parts)):
                prefixes.add(" ".join(parts[:n]))
        return cls(exact, skel, acronyms, facilities, frozenset(prefixes))


def find_spots(text: str, keys: NameKeys) -> list[Spot]:
    """Every place-name span (longest match, left to right) with the rids it may denote."""
    spots: list[Spot] = []
    commons = common_words()
    exact, skel, prefixes = keys.exact, keys.skel, keys.prefixes
    pos = 0
    while (m := CAP_START.search(text, pos)) is not None:
        tok = token_at(text, m.start(), m)
        if tok is None or not tok.cap:
            pos = m.end()
            continue
        pos = tok.end
        if tok.caps and (rids := keys.acronyms.get(tok.key)):
            spots.append(Spot(tok.start, tok.end, rids, True, False))
            continue
        if tok.caps and len(tok.text) < MIN_CAPS_NAME:
            continue  # "ISIS", "SDF", "US": abbreviations, unless listed as one
        best: tuple[list[Token], tuple[int, ...], bool] | None = None  # (tokens, rids, exact)
        fuzzy: tuple[list[Token], tuple[int, ...], bool] | None = None
        run: list[Token] = []
        words: list[str] = []
        all_capitalised = True
        tj: Token | None = tok
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
                    all_capitalised and len(run) < MAX_FUZZY_WORDS and CAP_NEXT.match(text, tj.end)):
                break
            tj = next_token(text, tj)
        if fuzzy is not None and (best is None or len(fuzzy[0]) > len(best[0])):
            best = fuzzy
        facility = _facility(text, tok, keys.facilities)
        if facility is not None and (best is None or facility[0] >= best[0][-1].end):
            end, rids = facility
            if not _person_context(text, tok):
                spots.append(Spot(tok.start, end, rids, True, False))
                pos = end
            continue
        if best is None:
            continue
        span, rids, is_exact = best
        after = next_token(text, span[-1])
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


def _facility(text: str, tok: Token, facilities: KeyMap) -> tuple[int, tuple[int, ...]] | None:
    """(end, rids) of the longest "<name> <facility word>" from `tok` that names a known installation:
    "Asad air base", "the Tabqa dam", "Rabia border crossing" (any capitalisation of the generic words)."""
    found = None
    run: list[Token] = []
    tj: Token | None = tok
    while tj is not None and len(run) < MAX_FACILITY_WORDS and (tj.cap or tj.words[0] in ARTICLES):
        run.append(tj)
        tail: list[Token] = []
        tk = next_token(text, tj)
        while tk is not None and len(tail) < 2:
            tail.append(tk)
            tk = next_token(text, tk)
        suffix = suffix_class([t.text.lower() for t in tail])
        if suffix is not None:
            core = " ".join(drop_articles([w for t in run for w in t.words]))
            rids = facilities.get(f"{core} {suffix[0]}")
            if rids:
                found = (tail[suffix[1] - 1].end, rids)
        tj = tail[0] if tail else None
        if suffix is not None:
            break
    return found


def _person_context(text: str, first: Token) -> bool:
    """The word before is a capitalised given name or title ("Abu Dhar", "Nuri al-Maliki")."""
    prev = previous_word(text, first.start)
    if prev is None or not token_info(prev)[2] or prev.lower().endswith(("'s", "’s")):
        return False  # "Iraq's al-Asad airbase" is a possessive, not a name
    return prev.lower() in PERSON_HEADS or bool(ARTICLE_PREFIX.match(first.text))


def _verdict(text: str, span: list[Token], after: Token | None, commons: frozenset[str]) -> int:
    """Reject spans that are common words, bare name heads, group names, or parts of a person's name."""
    first = span[0]
    if " ".join(drop_articles([w for t in span for w in t.words])) in not_place_keys():
        return REJECT  # "the Taliban", "Hamas", "al-Shabaab", "Libyan": never a place
    prev = previous_word(text, first.start)
    prev_word = prev.lower() if prev else ""
    prev_cap = prev is not None and token_info(prev)[2]
    if _person_context(text, first):
        return REJECT
    if after is not None and after.text.lower() in ORGANISATION_TAILS and (
            after.cap or after.text.lower() in MEDIA_TAILS):
        return REJECT
    if len(span) > 1:
        return AREAS_ONLY if all(t.text.lower() in commons for t in span) else KEEP
    word = first.text.lower()
    if word in GENERIC_HEADS and not ARTICLE_PREFIX.match(first.text):
        return REJECT
    if word in commons or word in person_names():
        # Only "in Hit", "near Mark": a lower-case locative word right before it, never a sentence start.
        return FOCUS_ONLY if prev is not None and not prev_cap and prev_word in LOCATIVE else REJECT
    return KEEP
