"""Toponym spotting: capitalised token runs looked up, longest first, in the folded-name maps.

Why not Aho-Corasick over raw text: transliteration variants need a normalised key per token run anyway, and
a name must start on a capitalised word, so folding each run of up to MAX_WORDS tokens and probing a dict
costs a few microseconds per capitalised word and handles articles, ayn marks and "-ah" endings for free.
"""

from __future__ import annotations

from dataclasses import dataclass

from timeline.gazetteer.facilities import find_facility
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
    COORDINATION,
    GENERIC_HEADS,
    LOCATIVE,
    MEDIA_TAILS,
    ORGANISATION_TAILS,
    PERSON_HEADS,
    PLURAL_ADMIN_SUFFIXES,
    common_words,
    not_place_keys,
    person_names,
)

MAX_WORDS = 6
MAX_FUZZY_WORDS = 3
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
    facility_heads: frozenset[str]  # first words of those cores: only they start a facility probe
    prefixes: frozenset[str]

    @classmethod
    def from_maps(cls, exact: KeyMap, skel: KeyMap, acronyms: KeyMap, facilities: KeyMap) -> NameKeys:
        prefixes = set()
        for key in exact:
            parts = key.split(" ")
            for n in range(1, len(parts)):
                prefixes.add(" ".join(parts[:n]))
        heads = frozenset(key.split(" ")[0] for key in facilities)
        return cls(exact, skel, acronyms, facilities, heads, frozenset(prefixes))


def find_spots(text: str, keys: NameKeys) -> list[Spot]:
    """Every place-name span (longest match, left to right) with the rids it may denote."""
    spots: list[Spot] = []
    person_keys: set[str] = set()
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
            dangling = tj.words[-1] in ARTICLES  # a name does not end on an article ("Kirkuk as")
            rids = None if dangling else exact.get(key)
            if rids:
                best = (list(run), rids, True)
            elif not dangling and all_capitalised and len(run) <= MAX_FUZZY_WORDS and len(key) >= 5:
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
        probe = tok.key in keys.facility_heads or tok.key in ARTICLES  # "Al Tabqa air base"
        facility = find_facility(text, tok, keys.facilities) if probe else None
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
        name_key = " ".join(drop_articles([w for t in span for w in t.words]))
        if _person_context(text, span[0]):
            person_keys.add(name_key)  # "Muhammad al-Mansur": a later bare "Al-Mansur" is the same man
            continue
        if name_key in person_keys:
            continue
        verdict = _verdict(text, span, after, commons)
        if verdict == REJECT:
            continue
        end, suffix = span[-1].end, False
        if after is not None and after.text.lower() in ADMIN_SUFFIXES and (
                after.text.lower() not in PLURAL_ADMIN_SUFFIXES or _follows_list(text, spots, tok.start)):
            end, suffix = after.end, True
            pos = end
        spots.append(Spot(tok.start, end, rids, is_exact, suffix,
                          focus_only=verdict == FOCUS_ONLY, areas_only=verdict == AREAS_ONLY))
    return spots


REJECT, KEEP, FOCUS_ONLY, AREAS_ONLY = 0, 1, 2, 3


def _follows_list(text: str, spots: list[Spot], start: int) -> bool:
    """A name joined by "and"/comma to the previous one: only then does a plural "provinces" follow it
    ("Kandahar and Helmand provinces", not "other disputed Kurdistan regions")."""
    return bool(spots) and bool(COORDINATION.match(text, spots[-1].end, start))


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
