"""When an event happened: the date phrase in the trigger's own clause, else in the clause governing it
('said on Monday they had captured ...'; 'after capturing X' is before the main clause's date), else the
date of the same happening told earlier (same place), else the paragraph's date, else the SCHEMA convention
for undated current news: the week before publication. Relative words ('today', 'last night') count from the
dateline's day when the story has one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Token

from timeline.domain.values import When
from timeline.extraction import layout, syntax
from timeline.extraction.context import Context, SpanIndex
from timeline.extraction.dates import TemporalExpression, find_temporal_expressions

# How strongly the date is tied to the event; a duplicate with a stronger tie wins the merge.
RANK = {"clause": 4, "governing clause": 3, "same happening": 2, "paragraph": 1, "lead": 1, "undated": 0}
CURRENT_NEWS_DAYS = 7  # SCHEMA: an event told as current news with no date of its own is P-7..P
_ORDER_REACH = timedelta(days=7)  # "after capturing X" (on an unstated day): the week before (SCHEMA)
_SAME_HAPPENING_PARAGRAPHS = 3
_CLIMB = ("ccomp", "xcomp", "conj", "advcl", "pcomp", "prep", "pobj", "parataxis")


@dataclass(frozen=True)
class GoverningDate:
    when: When
    source: str  # a key of RANK
    phrase: str | None

    @property
    def rank(self) -> int:
        return RANK[self.source]


@dataclass(frozen=True)
class DatedPlace:
    """A dated event already read, for later sentences about the same happening."""

    key: str
    kind: str
    paragraph: int
    date: GoverningDate
    doer: str | None = None
    caption: bool = False  # told in a photo caption: its date dates only the caption's event (SCHEMA)


class DateGovernor:
    def __init__(self, expressions: list[TemporalExpression], published: date | None, anchor: date | None):
        self.expressions = SpanIndex(expressions)
        self.published = published
        self.anchor = anchor or published
        self.dated: list[DatedPlace] = []
        self.lead: GoverningDate | None = None

    def _in_tokens(self, ctx: Context, tokens: list[Token]) -> list[TemporalExpression]:
        if not tokens:
            return []
        starts = {ctx.start(t) for t in tokens}
        lo, hi = ctx.start(tokens[0]), ctx.end(tokens[-1])
        found = []
        for e in self.expressions.within(lo, hi):
            if e.when.start is None and e.when.end is None and self.published is not None:
                continue  # "days after", no anchor: dates nothing
            # the expression's first word (or the word after a leading preposition) is in the clause
            if any(s in starts for s in range(e.start, min(e.end, e.start + 12))):
                found.append(e)
        return found

    def govern(
        self,
        ctx: Context,
        trigger: Token,
        kind: str,
        place_key: str | None,
        state: bool,
        place: Token | None = None,
        doer: str | None = None,
    ) -> GoverningDate:
        head = syntax.clause_head(trigger)
        own = syntax.clause_tokens(head, keep=trigger)
        if trigger.pos_ != "VERB":
            extra = set(trigger.subtree)
            if (
                trigger.dep_ == "dobj" and trigger.head.i == head.i
            ):  # "launched the operation to retake X this week"
                for c in head.children:
                    if c.dep_ in ("advcl", "xcomp") and any(a.lower_ == "to" for a in c.children):
                        extra |= set(c.subtree)
            own = sorted({*own, *extra}, key=lambda t: t.i)
        branch, others = _branches(trigger, place, set(ctx.place_at))
        if branch is not None and (found := self._in_tokens(ctx, sorted(branch.subtree, key=lambda t: t.i))):
            # "captured Tikrit in April and the city of Baiji in recent months": each place its own date
            best = _nearest(found, ctx.start(place or trigger))
            return self._keep(
                place_key,
                kind,
                doer,
                ctx,
                GoverningDate(self._state(best, state, self._by(ctx, best)), "clause", best.phrase),
            )
        elsewhere = set().union(*others)
        found = self._in_tokens(ctx, [t for t in own if t.i not in elsewhere])
        if not found and others and place is not None:
            # "captured A, B and the village of C on Monday": a date only the last conjunct carries is
            # the whole list's (the parse hangs it there), unlike "A in April and B in May"
            last = max(others, key=max)
            dated = [o for o in others if self._in_tokens(ctx, [ctx.doc[i] for i in sorted(o)])]
            if dated == [last] and max(last) > place.i:
                found = self._in_tokens(ctx, [ctx.doc[i] for i in sorted(last)])
        if found:
            best = _nearest(found, ctx.start(trigger))
            return self._keep(
                place_key,
                kind,
                doer,
                ctx,
                GoverningDate(self._state(best, state, self._by(ctx, best)), "clause", best.phrase),
            )
        if head.dep_ in ("relcl", "advcl", "acl") and (described := self._at(ctx, head.head)) is not None:
            # "since June 10, when militants took control of Mosul": the clause describes that date
            return self._keep(
                place_key,
                kind,
                doer,
                ctx,
                GoverningDate(self._state(described, True), "clause", described.phrase),
            )
        cur = head
        for _ in range(4):  # reported speech, coordination, an 'after ...' clause: the governing clause
            participle = cur.dep_ == "acl" and cur.tag_ in (
                "VBN",
                "VBG",
            )  # "rounds fired by X hit Y on Monday"
            # "The SDF captured Hajin ... in mid-December" parsed with the verb as a modifier of the name:
            # a clause with its own subject hung on a noun
            misparsed = cur.dep_ == "amod" and any(c.dep_ == "nsubj" for c in cur.children)
            if (cur.dep_ not in _CLIMB and not participle and not misparsed) or cur.head.i == cur.i:
                break
            link, parent = cur, syntax.clause_head(cur.head)
            below = {x.i for x in link.subtree}
            tokens = [t for t in syntax.clause_tokens(parent, keep=None) if t.i not in below]
            if found := self._in_tokens(ctx, tokens):
                best = _nearest(found, ctx.start(trigger))
                when = self._ordered(best.when, link)
                return self._keep(
                    place_key,
                    kind,
                    doer,
                    ctx,
                    GoverningDate(self._state(best, state, when), "governing clause", best.phrase),
                )
            cur = parent
        if place_key is None:
            place_key = f"kind:{kind}"  # a placeless event (a designation): the same kind told before
        if place_key is not None:  # the same happening told again: same place, same type or same paragraph
            for prior in reversed(self.dated):  # in reading order: stop once out of reach
                if ctx.paragraph.index - prior.paragraph > _SAME_HAPPENING_PARAGRAPHS:
                    break
                if (
                    prior.key == place_key
                    and (prior.kind == kind or prior.paragraph == ctx.paragraph.index)
                    and (not prior.caption or prior.paragraph == ctx.paragraph.index)
                    and (doer is None or prior.doer is None or prior.doer == doer)  # not the other side's
                ):
                    return GoverningDate(prior.date.when, "same happening", prior.date.phrase)
        for c in head.children:  # "took X after it expelled the factions several months ago": after that
            word = _order_word(c)
            if word in ("after", "following") and (
                found := self._in_tokens(ctx, sorted(c.subtree, key=lambda t: t.i))
            ):
                e = _nearest(found, ctx.start(trigger))
                if e.when.start is not None:
                    end = self.published or e.when.end
                    when = When(
                        start=e.when.start,
                        end=max(end, e.when.start) if end else None,
                        precision="range",
                        phrase=e.phrase,
                    )
                    return GoverningDate(when, "governing clause", e.phrase)
        sent_start = ctx.start(trigger.sent[0])
        para_start = ctx.paragraph.start
        told = self.expressions.last_within(
            para_start, sent_start, lambda x: x.when.start is not None or x.when.end is not None
        )
        if told is not None:
            return GoverningDate(self._ordered(told.when, _ordering_link(trigger)), "paragraph", told.phrase)
        if self.lead is not None:  # current news told after a dated lead: the lead's day (SCHEMA)
            return GoverningDate(self.lead.when, "lead", self.lead.phrase)
        return GoverningDate(self.undated(), "undated", None)

    def _at(self, ctx: Context, tok: Token) -> TemporalExpression | None:
        at = ctx.start(tok)
        for e in self.expressions.within(max(0, at - 40), at + 40):
            if e.start <= at < e.end:
                return e
        return None

    def _by(self, ctx: Context, e: TemporalExpression) -> When:
        """'by the evening of September 19': done some time in the week up to that day (SCHEMA's bound)."""
        before = ctx.text[max(0, e.start - 30) : e.start]
        if not _BY.search(before) and not e.phrase.lower().startswith("by "):
            return e.when
        if e.when.end is None:
            return e.when
        return When(
            start=e.when.end - timedelta(days=CURRENT_NEWS_DAYS),
            end=e.when.end,
            precision="range",
            phrase=e.phrase,
        )

    def undated(self) -> When:
        if self.published is None:
            return When.unknown()
        return When(
            start=self.published - timedelta(days=CURRENT_NEWS_DAYS),
            end=self.published,
            precision="before-publication",
            phrase=None,
        )

    def _keep(
        self, key: str | None, kind: str, doer: str | None, ctx: Context, found: GoverningDate
    ) -> GoverningDate:
        caption = ctx.paragraph.zone == layout.CAPTION
        self.dated.append(DatedPlace(key or f"kind:{kind}", kind, ctx.paragraph.index, found, doer, caption))
        if (
            not caption
            and self.lead is None
            and found.when.start is not None
            and (self.published is None or (self.published - found.when.start).days <= CURRENT_NEWS_DAYS)
        ):
            self.lead = found  # the first recent date the story gives an event: its lead's
        return found

    def _state(self, e: TemporalExpression, state: bool, when: When | None = None) -> When:
        """'under IS control since June 10': the control began on June 10, not over the whole span."""
        when = when or e.when
        if not state or not e.phrase.lower().startswith("since"):
            return when
        rest = e.phrase[5:].strip()
        # "since 2014": a bare year is read as "in 2014" (the temporal rules need the preposition)
        inner = find_temporal_expressions(f"in {rest}" if rest.isdigit() else rest, self.anchor)
        if inner and inner[0].when.start is not None:
            return inner[0].when.model_copy(update={"phrase": e.phrase})
        return when

    def _ordered(self, when: When, link: Token) -> When:
        """An event in an 'after'/'since' clause happened before the main clause's date; one in a
        'before'/'until' clause after it."""
        word = ""
        for t in (link, link.head):
            word = (
                word
                or _order_word(t)
                or (t.lower_ if t.lower_ in ("after", "since", "before", "until", "following") else "")
            )
        if not word or when.start is None or when.end is None:
            return when
        if word in ("after", "since", "following"):
            return When(start=when.start - _ORDER_REACH, end=when.end, precision="range", phrase=when.phrase)
        end = when.end + _ORDER_REACH
        if self.published is not None:
            end = max(min(end, self.published), when.start)
        return When(start=when.start, end=end, precision="range", phrase=when.phrase)


_BY = re.compile(r"\bby\s+(?:the\s+)?(?:(?:morning|afternoon|evening|night|end)\s+of\s+)?$", re.I)


def _branches(trigger: Token, place: Token | None, placed: set[int]) -> tuple[Token | None, list[set[int]]]:
    """For a trigger with coordinated places: the conjunct holding `place` (None for the first), and the
    tokens of each other conjunct, whose dates are theirs."""
    if place is None:
        return None, []
    branch = None
    cur = place
    for _ in range(12):
        if cur.i == trigger.i or cur.head.i == cur.i:
            break
        if cur.dep_ == "conj":
            branch = cur
        cur = cur.head
    head = branch.head if branch is not None else place
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    others: list[set[int]] = []
    conjuncts = list(head.conjuncts)
    for c in conjuncts:
        # a conjunct's own words: not those of the conjuncts the parse hangs under it ("A, B and C")
        subtree = {t.i for t in c.subtree}.difference(
            *({t.i for t in d.subtree} for d in conjuncts if d.i != c.i and c in d.ancestors)
        )
        # a conjunct naming no place ("and the nearby dam") has no date of its own
        if (branch is None or c.i != branch.i) and subtree & placed:
            others.append(subtree)
    return branch, others


def _order_word(tok: Token) -> str:
    """'after', 'since', 'before', 'until' if `tok` opens such a phrase or clause."""
    if tok.dep_ == "prep" and tok.lower_ in ("after", "since", "before", "until", "following"):
        return tok.lower_
    marks = [c.lower_ for c in tok.children if c.dep_ == "mark"]
    return (
        marks[0]
        if tok.dep_ == "advcl" and marks and marks[0] in ("after", "since", "before", "until")
        else ""
    )


def _ordering_link(trigger: Token) -> Token:
    """The phrase that orders the trigger against the sentence's time ('after their seizure of X')."""
    cur = trigger
    for _ in range(6):
        if _order_word(cur) or (cur.dep_ == "pobj" and _order_word(cur.head)):
            return cur if _order_word(cur) else cur.head
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return trigger


def _nearest(found: list[TemporalExpression], at: int) -> TemporalExpression:
    return min(found, key=lambda e: (abs(e.start - at), e.start))


def resolve_expressions(text: str, region: tuple[int, int], anchor: date | None) -> list[TemporalExpression]:
    """Temporal expressions of text[region], with offsets into the whole text."""
    lo, hi = region
    from dataclasses import replace

    return [
        replace(e, start=e.start + lo, end=e.end + lo) for e in find_temporal_expressions(text[lo:hi], anchor)
    ]
