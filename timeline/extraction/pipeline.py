"""A report's text -> the events it states. Layout (paragraphs, zones, dateline) -> names found over the
whole text (places by the gazetteer, actors by the actor list, date phrases) -> the paragraphs that may
hold a trigger are parsed -> per sentence, each trigger word read with the trigger lines it may realise
(arguments from the dependency tree, conditions, factuality) -> dated, placed, de-duplicated candidates.
Every candidate keeps how it was found, for `timeline extract --explain`."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from spacy.tokens import Doc, Span, Token

from timeline.domain.events import BY_KIND
from timeline.domain.report import Report
from timeline.domain.values import Count
from timeline.extraction import layout, nlp, syntax
from timeline.extraction.actor_roles import ActorPick, ActorReader
from timeline.extraction.actors import ActorLexicon
from timeline.extraction.arguments import Reading, governed_as, read
from timeline.extraction.conditions import is_aerial, satisfied
from timeline.extraction.context import Context, SpanIndex, token_map
from timeline.extraction.counts import counts
from timeline.extraction.dating import DateGovernor, GoverningDate, resolve_expressions
from timeline.extraction.designees import designee_of
from timeline.extraction.factuality import non_factual
from timeline.extraction.merging import dedupe, drop_vaguer
from timeline.extraction.places import PlacePick, TopicTracker
from timeline.extraction.segments import segment
from timeline.extraction.toponyms import PlaceFinder, PlaceMention, default_place_finder, main_country
from timeline.extraction.triggers import TriggerLexicon, default_lexicon
from timeline.gazetteer import Gazetteer

CAPTION_FACTOR = 0.6  # a photo caption states events, but less reliably than the story


@dataclass
class Candidate:
    kind: str
    rule_id: str
    frame: str
    trigger: tuple[int, int]
    trigger_text: str
    place: PlaceMention | None
    place_how: str
    place_path: str
    actors: list[str]
    actor_picks: list[tuple[str, ActorPick]]  # (role, pick)
    date: GoverningDate
    evidence: tuple[int, int]
    confidence: float
    paragraph: int
    sentence: int  # index of the sentence in reading order
    designee: str | None = None
    fatalities: Count | None = None
    injured: Count | None = None
    zone: str = layout.BODY
    retake: bool = False  # 'retook X': the doer is the side that lost X before
    inferred: bool = False  # the place is the one the paragraph is about, not named for this event
    approximate: bool = False  # placed by a name qualifying a common noun ('a village in Kirkuk')
    merged: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """What makes two candidates of one type the same event: the place, else the designee."""
        if self.place is not None:
            return self.place.key
        return "who:" + "".join(
            ch for ch in (self.designee or self.actors[0] if self.actors else "").lower() if ch.isalnum()
        )

    def explain(self) -> dict[str, Any]:
        return {
            "type": self.kind,
            "rule_id": self.rule_id,
            "frame": self.frame,
            "trigger": self.trigger_text,
            "trigger_span": list(self.trigger),
            "zone": self.zone,
            "confidence": round(self.confidence, 2),
            "place": None
            if self.place is None
            else {
                "surface": self.place.surface,
                "gazetteer_id": self.place.entry.id if self.place.entry else None,
                "chosen_by": self.place_how,
                "path": self.place_path,
            },
            "actors": self.actors,
            "arguments": [
                {"role": role, "actor": p.name, "chosen_by": p.how, "path": p.path}
                for role, p in self.actor_picks
            ],
            "date": {
                "phrase": self.date.phrase,
                "governed_by": self.date.source,
                "start": str(self.date.when.start) if self.date.when.start else None,
                "end": str(self.date.when.end) if self.date.when.end else None,
            },
            "designee": self.designee,
            "merged_duplicates": self.merged,
        }


@dataclass
class Analysis:
    candidates: list[Candidate]
    rejected: list[dict[str, Any]]


@dataclass
class _Report:
    """What one report's analysis shares across its paragraphs."""

    text: str
    lexicon: TriggerLexicon
    actors: ActorReader
    topic: TopicTracker
    governor: DateGovernor
    found: list[Candidate] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    sentences: int = 0


class Pipeline:
    """The analysis of one report: layout, names, parse, readings, merging. Built once per gazetteer and
    actor list (the trigger data and the place finder are the package's unless given)."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        actors: ActorLexicon,
        lexicon: TriggerLexicon | None = None,
        places: PlaceFinder | None = None,
    ):
        self.lexicon = lexicon or default_lexicon()
        self.gazetteer = gazetteer
        self.actors = actors
        self.places = places or default_place_finder()

    def analyse(self, report: Report) -> Analysis:
        text = report.text
        body = segment(text).body
        if not body:
            return Analysis([], [])
        paragraphs = layout.paragraphs(text, body)
        dateline = layout.find_dateline(text, paragraphs, report.published)
        region = (body[0][0], body[-1][1])
        anchor = dateline.day if dateline is not None and dateline.day is not None else report.published
        expressions = resolve_expressions(text, region, anchor)
        actor_mentions = [a for a in self.actors.find(text[region[0] : region[1]], offset=region[0])]
        place_mentions = [
            m
            for m in self.places.mentions(self.gazetteer, text, body, actor_mentions)
            if dateline is None or not dateline.start <= m.start < dateline.end
        ]
        places = SpanIndex(place_mentions)
        actors = SpanIndex(actor_mentions)
        country = main_country(place_mentions)
        state = _Report(
            text,
            self.lexicon,
            ActorReader(self.actors, actors, country),
            TopicTracker(places, paragraphs, self.gazetteer, country),
            DateGovernor(expressions, report.published, anchor),
        )
        pieces = [
            (p, lo, hi)
            for p in paragraphs
            if p.zone in layout.READ_ZONES and self.lexicon.may_hold_trigger(text[p.start : p.end])
            for lo, hi in layout.chunks(text, p.start, p.end)
        ]
        texts = (_parse_text(text, lo, hi, dateline, actors.within(lo, hi)) for _, lo, hi in pieces)
        for (paragraph, lo, hi), doc in zip(pieces, nlp.parse(texts), strict=True):
            _repair(doc, self.lexicon)
            ctx = Context(
                doc,
                lo,
                text,
                paragraph,
                self.lexicon,
                state.actors,
                state.topic,
                place_at=token_map(doc, lo, places.within(lo, hi)),  # type: ignore[arg-type]
                actor_at=token_map(doc, lo, actors.within(lo, hi)),
            )  # type: ignore[arg-type]
            self._read(ctx, state)
        return Analysis(
            _fill_doers(drop_vaguer(dedupe(state.found), self.gazetteer), self.lexicon), state.rejected
        )

    def _read(self, ctx: Context, state: _Report) -> None:
        doc: Doc = ctx.doc
        options = self.lexicon.options(doc)
        for sent in doc.sents:
            state.sentences += 1
            # First every trigger word of the sentence is read as if all were events; then a consequence
            # ('killing 10', 'were killed when ...') is read again knowing which of them really are.
            ctx.trigger_tokens = set(options)
            ctx.event_tokens = None
            readings: dict[int, tuple[Reading | None, str]] = {}
            for tok in sent:
                if tok.i in options:
                    readings[tok.i] = self._best(options[tok.i], tok, ctx)
            accepted = {
                i
                for i, (best, _) in readings.items()
                if best is not None and self._verdict(best, ctx) is None
            }
            ctx.event_tokens = accepted | {i for i in options if i < sent.start or i >= sent.end}
            for tok in sent:
                if tok.i not in readings:
                    continue
                best, failed = readings[tok.i]
                if best is None and "no_event_cause" in failed:
                    best, failed = self._best(options[tok.i], tok, ctx)
                if best is None:
                    state.rejected.append(_rejection(ctx, tok, options[tok.i][0].id, failed))
                    continue
                reason = self._verdict(best, ctx)
                if reason:
                    state.rejected.append(_rejection(ctx, tok, best.spec.id, reason))
                    continue
                self._emit(best, sent, ctx, state)

    @staticmethod
    def _verdict(r: Reading, ctx: Context) -> str | None:
        """Why a reading states no event of its own (None: it does)."""
        return (
            non_factual(r, ctx)
            or _restated(r, ctx)
            or _manner(r, ctx)
            or _object_of_trigger(r, ctx)
            or _listed_abstraction(r, ctx)
            or _agreement_object(r, ctx)
            or _role_taken(r, ctx)
        )

    def _best(self, specs: list[Any], tok: Token, ctx: Context) -> tuple[Reading | None, str]:
        best: Reading | None = None
        failed = ""
        for spec in specs:
            r = read(spec, tok, ctx)
            r.aerial = is_aerial(r, ctx)
            if self.lexicon.policies[spec.kind].designee:
                designee_of(r, ctx)
            missing = satisfied(r, ctx)
            if missing:
                failed = failed or f"{spec.id} needs {', '.join(missing)}"
                continue
            if best is None or spec.specificity > best.spec.specificity:
                best = r
        return best, failed

    def _emit(self, r: Reading, sent: Span, ctx: Context, state: _Report) -> None:
        tok = r.trigger
        policy = self.lexicon.policies[r.kind]
        picks = list(r.places)
        if not picks and policy.place == "required":
            from timeline.extraction.places import choose, places_under

            away = tuple(c for c in tok.children if c.dep_ == "prep" and c.lower_ in policy.not_where)
            wide = choose(
                places_under(ctx, sent.root, skip=away, prune=frozenset()), self.gazetteer, policy.one_area
            )
            picks = [
                PlacePick(
                    m, "elsewhere in the sentence", syntax.path(tok, t), t, inferred=True, approximate=True
                )
                for m, t in wide[:1]
            ]
        if not picks and policy.place == "required":
            resolved = ctx.topic.before(ctx.start(tok), ctx.paragraph.index)
            if resolved is None:
                state.rejected.append(
                    _rejection(ctx, tok, r.spec.id, f"no place (tried {', '.join(r.place_tried)})")
                )
                return
            picks = [PlacePick(resolved, "the place the paragraph is about", "", None, inferred=True)]
        is_state = r.spec.frame == "state" or r.spec.lemma in ("control", "hold")
        if r.spec.pos == "noun" and all(p.inferred for p in picks) and not _specific(r.trigger):
            # a bare plural with neither a place nor a date of its own ("attacks have dropped") names no event
            own = state.governor.govern(ctx, tok, r.kind, None, is_state)
            if own.source not in ("clause", "governing clause"):
                state.rejected.append(
                    _rejection(ctx, tok, r.spec.id, "a noun with no place or date of its own")
                )
                return
        killed = wounded = None
        if BY_KIND[r.kind].has_counts:
            killed, wounded = counts(sent)
        roles: list[tuple[str, ActorPick]] = []
        if r.doer is not None:
            roles.append(("doer", r.doer))
        roles += [("other", p) for p in r.others if r.doer is None or p.name != r.doer.name]
        names: list[str] = []
        for _, pick in roles:
            if pick.name not in names:
                names.append(pick.name)
        if r.doer is None and BY_KIND[r.kind].claimable and (claimant := _claimant(sent, ctx)) is not None:
            roles.insert(0, ("doer", claimant))
            names.insert(0, claimant.name)
            r.doer = claimant
        if r.doer is None and (names or policy.doer == "unknown_if_unnamed"):
            names.insert(0, "unknown")  # SCHEMA: the doer comes first; 'unknown' where none is named
        if r.designee:
            names.append(r.designee)
        confidence = r.spec.confidence - (0.1 if r.doer is None else 0.0)
        if ctx.paragraph.zone == layout.CAPTION:
            confidence *= CAPTION_FACTOR
        sentence_index = state.sentences
        targets: list[PlacePick | None] = list(picks) or [None]
        for where in targets:
            place = where.mention if where is not None else None
            if place is not None and place.site and (not policy.sites_apart or r.spec.site_is_town):
                place = replace(place, site=None)  # an attack at a market in X is an attack in X
            date = state.governor.govern(
                ctx,
                tok,
                r.kind,
                place.key if place is not None else None,
                is_state,
                where.token if where is not None else None,
                r.doer.name if r.doer is not None else None,
            )
            if date.source != "clause" and _describes_actor(r, ctx):
                state.rejected.append(
                    _rejection(ctx, tok, r.spec.id, "an undated clause describing an actor")
                )
                return
            spans = [(ctx.start(tok), ctx.end(tok))]
            if (
                r.carrier is not None
                and r.spec.pos == "noun"
                and r.carrier.lemma_.lower() in self.lexicon.light_verbs
            ):
                spans.append((ctx.start(r.carrier), ctx.end(r.carrier)))
            if r.doer is not None and r.doer.start is not None:
                spans.append((r.doer.start, r.doer.end))  # type: ignore[arg-type]
            if where is not None and where.token is not None:
                spans.append((ctx.start(where.token), ctx.end(where.token)))
            if r.designee_span is not None:
                spans.append(r.designee_span)
            lo, hi = _evidence(ctx, sent, spans)
            state.found.append(
                Candidate(
                    kind=r.kind,
                    rule_id=r.spec.id,
                    frame=r.spec.frame,
                    trigger=(ctx.start(tok), ctx.end(tok)),
                    trigger_text=tok.text,
                    place=place,
                    place_how=where.how if where is not None else "none",
                    place_path=where.path if where is not None else "",
                    actors=list(names),
                    actor_picks=roles,
                    date=date,
                    evidence=(lo, hi),
                    confidence=max(
                        0.05, min(1.0, confidence - (0.1 if where is not None and where.inferred else 0.0))
                    ),
                    paragraph=ctx.paragraph.index,
                    sentence=sentence_index,
                    designee=r.designee,
                    fatalities=killed,
                    injured=wounded,
                    zone=ctx.paragraph.zone,
                    retake=r.spec.retake,
                    approximate=where is not None and where.approximate,
                    inferred=where is not None and where.inferred,
                )
            )


def _claimant(sent: Span, ctx: Context) -> ActorPick | None:
    """An attack's doer named by its claim ('IS claimed responsibility'), in the sentence or the next two."""
    sents = list(ctx.doc.sents)
    at = next((i for i, s in enumerate(sents) if s.start == sent.start), 0)
    for s in sents[at : at + 3]:
        for tok in s:
            if tok.lemma_.lower() != "claim":
                continue
            if not any(c.lemma_.lower() in ("responsibility", "credit") for c in tok.subtree):
                continue
            who = syntax.subject(tok)
            if (
                who is not None
                and (
                    pick := ctx.actors.at(
                        ctx, who, "claimed responsibility", kinds=frozenset({"armed_group"})
                    )
                )
                is not None
            ):
                return pick
    return None


def _has_doer(c: Candidate) -> bool:
    return bool(c.actors) and c.actors[0] != "unknown" and (c.designee is None or len(c.actors) > 1)


def _fill_doers(found: list[Candidate], lexicon: TriggerLexicon) -> list[Candidate]:
    """A capture or offensive told without its doer ('Wana also fell', 'the offensive to retake Mosul
    began'): the doer of the same kind of event told just before it (not for a retaking of the same place,
    which the other side did), else the report's usual doer of that kind."""
    from collections import Counter

    from_context = {kind for kind, policy in lexicon.policies.items() if policy.doer == "from_context"}
    usual: dict[str, str] = {}
    for kind in from_context:
        counts = Counter(c.actors[0] for c in found if c.kind == kind and _has_doer(c))
        if counts and counts.most_common(1)[0][1] >= 2:
            usual[kind] = counts.most_common(1)[0][0]
    for i, c in enumerate(found):
        if c.kind not in from_context or _has_doer(c):
            continue
        others = set(c.actors[1:])
        prior = next(
            (
                p
                for p in reversed(found[:i])
                if p.kind == c.kind and _has_doer(p) and c.paragraph - p.paragraph <= 1
            ),
            None,
        )
        name = None
        if prior is not None and not (c.retake and prior.key == c.key):
            name = prior.actors[0]
        elif c.kind in usual:
            name = usual[c.kind]
        if name and name not in others:
            rest = [a for a in c.actors if a != "unknown" and a != name]
            c.actors = [name, *rest]
            c.actor_picks = [
                ("doer", ActorPick(name, None, None, "the doer of the events told around it")),
                *c.actor_picks,
            ]
    return found


def _specific(tok: Token) -> bool:
    """'a suicide attack', 'the offensive', 'coalition airstrikes', 'two strikes': one event, not the kind."""
    if tok.tag_ == "NN" and any(c.dep_ in ("det", "poss") for c in tok.children):
        return True
    return any(
        c.dep_ in ("compound", "nummod", "poss") or (c.dep_ == "amod" and c.pos_ != "ADJ")
        for c in tok.children
    )


def _manner(r: Reading, ctx: Context) -> str | None:
    """'retook the town in a counter-attack': an event noun saying how another event happened is part of
    it (but 'killed in an airstrike' is the airstrike: a death is its consequence)."""
    if r.spec.pos != "noun":
        return None
    stands = governed_as(r.trigger, ctx.lexicon.series_nouns)
    prep = stands.head
    if stands.dep_ != "pobj" or prep.lower_ not in ("in", "during", "with", "through", "by", "amid", "via"):
        return None
    holder = prep.head
    if holder.i in ctx.trigger_tokens and holder.lemma_.lower() not in ctx.words("casualties"):
        return f"how '{holder.text}' happened, part of that event"
    return None


def _agreement_object(r: Reading, ctx: Context) -> str | None:
    """'struck a deal', 'the truce that Russia and Turkey struck at Sochi': a verb of force whose object is
    an agreement states a negotiation, not an attack."""
    tok = r.trigger
    if r.spec.pos != "verb":
        return None
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    if tok.dep_ == "relcl" and any(o.lower_ in ("that", "which") for o in objects):
        objects.append(tok.head)  # the relative pronoun stands for the noun the clause describes
    agreed = next((o for o in objects if o.lemma_.lower() in ctx.words("agreements")), None)
    return f"'{tok.text} ... {agreed.text}': an agreement, not an attack" if agreed is not None else None


def _role_taken(r: Reading, ctx: Context) -> str | None:
    """'took over as acting governor of Kirkuk', 'stepped in as commander': a person taking a post."""
    tok = r.trigger
    if r.spec.pos != "verb":
        return None
    for prep, o in syntax.prep_objects(tok, ("as",)):
        if o.lemma_.lower() in ctx.words("roles"):
            return f"'{tok.text} ... {prep.text} {o.text}': a post taken, not a place"
    return None


def _listed_abstraction(r: Reading, ctx: Context) -> str | None:
    """'violence, killing, terror and displacement': an event noun listed among words for kinds of harm
    names no event."""
    tok = r.trigger
    if r.spec.pos != "noun" or tok.dep_ != "conj":
        return None
    first = tok.head
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if first.lemma_.lower() in ctx.words("abstractions"):
        return f"listed with '{first.text}': a kind of harm, not one event"
    return None


def _object_of_trigger(r: Reading, ctx: Context) -> str | None:
    """'helicopters dropped barrel bombs on X', 'fired rockets at X': the weapon named as a trigger verb's
    object belongs to that verb's event."""
    if r.spec.pos != "noun":
        return None
    stands = governed_as(r.trigger, ctx.lexicon.series_nouns)
    if (
        stands.dep_ in ("dobj", "nsubjpass")
        and stands.head.i in ctx.trigger_tokens
        and stands.head.lemma_.lower() in ctx.words("weapon_verbs")
    ):
        return f"the object of '{stands.head.text}', part of that event"
    return None


def _describes_actor(r: Reading, ctx: Context) -> bool:
    """'IS, which has seized large areas of Syria': a relative clause describing an actor is background."""
    clause = r.trigger if r.spec.pos == "verb" else r.carrier
    while clause is not None and clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    if (
        clause is None
        or clause.dep_ not in ("relcl", "acl")
        or (clause.dep_ == "acl" and clause.tag_ != "VBG")
    ):
        return False
    head = clause.head
    return head.i in ctx.actor_at or head.lemma_.lower() in ctx.words("forces")


def _restated(r: Reading, ctx: Context) -> str | None:
    """'The attacks bring the total to 118', 'the offensive': a bare definite noun refers back to an event
    told before, unless it is begun here or has words of its own."""
    tok = r.trigger
    if r.spec.pos != "noun" or r.spec.frame == "state":
        return None
    stands = governed_as(tok, ctx.lexicon.series_nouns)
    if stands.dep_ == "attr" and stands.head.lemma_.lower() == "be":
        # "this was a hit-and-run attack" says what an event told before was; "what activists said was an
        # air raid" and "there has been a spate of killings" state one
        subject = next((c for c in stands.head.children if c.dep_ in ("nsubj", "expl")), None)
        if subject is not None and subject.lower_ in ("this", "that", "it", "these", "those"):
            return f"says what something told before was ('{subject.text} {stands.head.text} ... {tok.text}')"
    if stands.dep_ == "pobj" and stands.head.lower_ == "under":  # "is under attack", "came under fire"
        return f"a state ('under {tok.text}'), not an event of its own"
    dets = [c for c in tok.children if c.dep_ in ("det", "poss")]
    if not dets or dets[0].lower_ not in ("the", "these", "those", "this", "that", "its", "their"):
        return None
    if any(
        c.dep_ in ("prep", "acl", "relcl", "compound", "nmod", "amod", "nummod", "appos")
        for c in tok.children
    ):
        return None
    if "inception" in r.spec.needs or (
        r.carrier is not None and r.carrier.lemma_.lower() in ctx.lexicon.inception_verbs
    ):
        return None
    return f"refers back to an event told before ('{' '.join(t.text for t in dets)} {tok.text}')"


_VERBAL_DEPENDENTS = frozenset({"aux", "auxpass", "dobj", "nsubj", "nsubjpass", "agent", "ccomp", "xcomp"})


def _repair(doc: Doc, lexicon: TriggerLexicon) -> None:
    """Two tagging slips around event nouns. 'A ground offensive' tagged as the noun 'ground' with an
    adjective after it: one noun, the event's. A bare gerund subject ('fighting continued', 'heavy shelling
    hit the town') tagged as a verb: a noun, as it heads a noun phrase with no verbal dependents."""
    spans = []
    for tok in lexicon.written_forms(doc):
        if (
            tok.tag_ == "VBG"
            and tok.dep_ in ("nsubj", "nsubjpass")
            and ("noun", tok.lower_) in lexicon.specs
            and not any(c.dep_ in _VERBAL_DEPENDENTS for c in tok.children)
        ):
            tok.pos_, tok.tag_, tok.lemma_ = "NOUN", "NN", tok.lower_
        if tok.pos_ == "ADJ" and tok.dep_ == "amod" and tok.i == tok.head.i + 1 and tok.head.pos_ == "NOUN":
            lemmas = [lemma for pos, lemma in lexicon.forms.get(tok.lower_, ()) if pos == "noun"]
            if lemmas:
                spans.append((doc[tok.head.i : tok.i + 1], lemmas[0]))
    if spans:
        with doc.retokenize() as retokenizer:
            for span, lemma in spans:
                retokenizer.merge(span, attrs={"POS": "NOUN", "TAG": "NN", "LEMMA": lemma})


def _evidence(ctx: Context, sent: Span, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The words that state the event: from the first to the last of trigger and arguments, within the
    sentence, widened to the clause's first word when that is close ('Iraqi forces retook ...')."""
    s_lo, s_hi = ctx.start(sent[0]), ctx.end(sent[-1])
    inside = [(a, b) for a, b in spans if s_lo <= a and b <= s_hi]
    lo = min(a for a, _ in inside)
    hi = max(b for _, b in inside)
    text = ctx.text
    while lo < hi and (text[lo].isspace() or text[lo] in ",;:–—-"):
        lo += 1
    while hi > lo and (text[hi - 1].isspace() or text[hi - 1] in ",;:–—-"):
        hi -= 1
    return lo, hi


def _rejection(ctx: Context, tok: Token, rule_id: str, reason: str) -> dict[str, Any]:
    return {"rule_id": rule_id, "trigger": tok.text, "start": ctx.start(tok), "reason": reason}


# Acronyms that spell an English word the tagger reads as that word ("IS" as the verb "is").
_WORDLIKE_ACRONYMS = frozenset(
    {
        "is",
        "us",
        "it",
        "as",
        "at",
        "an",
        "be",
        "by",
        "do",
        "he",
        "if",
        "in",
        "no",
        "of",
        "on",
        "or",
        "so",
        "to",
        "up",
        "we",
        "am",
        "me",
        "my",
        "go",
    }
)


def _parse_text(text: str, lo: int, hi: int, dateline: layout.Dateline | None, actors: list[Any] = ()) -> str:  # type: ignore[assignment]
    """The text the parser reads for text[lo:hi]: same length (offsets stay valid), line breaks as spaces,
    a dateline ('BAGHDAD, June 17 (Reuters) -') blanked so it is not read as the subject, and an acronym
    that spells a word ('IS') written as a name ('Iz') so it is tagged as one."""
    chars = list(text[lo:hi].replace("\n", " ").replace("\u00a0", " "))
    if dateline is not None and lo <= dateline.start < hi:
        for i in range(dateline.start - lo, min(dateline.end, hi) - lo):
            chars[i] = " "
    for m in actors:
        word = m.surface.split()[0] if m.surface.strip() else ""  # "IS", also in "IS fighters"
        if word.isupper() and word.lower() in _WORDLIKE_ACRONYMS and lo <= m.start and m.end <= hi:
            chars[m.start - lo + 1 : m.start - lo + len(word)] = "z" * (len(word) - 1)
    return "".join(chars)


__all__ = ["Analysis", "Candidate", "Pipeline", "syntax"]
