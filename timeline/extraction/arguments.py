"""The arguments of one trigger read off the dependency tree, by its frame: who did it (subject, passive
agent, 'fell to Y', possessor or carrying verb's subject of a noun), what it acted on, who lost or was hit
('retake X from Y': Y), and the slots that may say where, tried in order (object, the trigger's locative
prepositions, a purpose clause 'to retake X', the carrying verb, the clause, the antecedent of a relative
clause, and last what 'the city' or the paragraph is about)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Token

from timeline.domain.events import BY_KIND
from timeline.extraction import syntax
from timeline.extraction.actor_roles import ActorPick
from timeline.extraction.context import Context
from timeline.extraction.places import (
    OBJECT_PRONOUNS,
    PLACE_PRONOUNS,
    TOPIC_KINDS,
    PlacePick,
    choose,
    places_under,
)
from timeline.extraction.toponyms import PlaceMention
from timeline.extraction.triggers import TriggerSpec, object_token

# Prepositions that say where the trigger happened (not who did it or to whom).
WHERE_PREPS = (
    "into",
    "in",
    "on",
    "at",
    "near",
    "around",
    "inside",
    "outside",
    "toward",
    "towards",
    "to",
    "across",
    "through",
    "throughout",
    "within",
    "over",
    "against",
    "for",
    "onto",
    "along",
    "beyond",
    "outskirts",
    "close",
    "off",
    "from",
    "out",
    "between",
    "behind",
    "amid",
)
_FROM = ("from", "out", "out of")
_TARGET = ("against", "on", "targeting", "at", "upon")


# Facility words for stretches of land or water, not sites one can hold apart from the town they are in.
_NOT_SITES = frozenset(
    {
        "mountain",
        "mountains",
        "range",
        "valley",
        "island",
        "canal",
        "river",
        "bank",
        "border",
        "highway",
        "road",
    }
    | {"junction", "roundabout"}
)
_COORDINATED_PLACE = "a coordinated 'and in X'"
_SECOND_OF = "a second 'of' object (coordination hung on the noun)"


@dataclass
class Slot:
    """One place an argument may be: a token heading a phrase, and how it relates to the trigger."""

    name: str
    head: Token
    skip: tuple[Token, ...] = ()


@dataclass
class Reading:
    """A trigger line applied to one token: its arguments as the parse gives them."""

    spec: TriggerSpec
    trigger: Token
    carrier: Token | None = None  # the verb a noun trigger depends on ('launched an offensive')
    subject: Token | None = None
    patient: Token | None = None  # what was acted on: object, passive subject, the place that fell
    doer: ActorPick | None = None
    others: list[ActorPick] = field(default_factory=list)
    places: list[PlacePick] = field(default_factory=list)
    place_tried: list[str] = field(default_factory=list)
    designee: str | None = None
    designee_span: tuple[int, int] | None = None
    aerial: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.spec.kind


def carrier_of(noun: Token, lexicon_series: frozenset[str]) -> Token | None:
    """The verb a noun trigger hangs from: its head when it is the verb's subject or object; through 'a
    series of', 'dozens of' and coordination; through a preposition ('killed in an airstrike')."""
    tok = governed_as(noun, lexicon_series)
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ in ("prep", "agent") and head.head.i != head.i:
        return head.head if syntax.is_verb(head.head) else None
    if tok.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "oprd") and syntax.is_verb(head):
        return head
    return None


def governed_as(noun: Token, series: frozenset[str]) -> Token:
    """The token standing for a noun trigger in its carrier's clause (the 'series' in 'a series of raids')."""
    tok = noun
    for _ in range(6):
        if tok.dep_ == "conj":
            tok = tok.head
            continue
        head = tok.head
        if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in series:
            tok = head.head
            continue
        return tok
    return tok


def read(spec: TriggerSpec, tok: Token, ctx: Context) -> Reading:
    r = Reading(spec, tok)
    if spec.pos == "verb":
        _verb_roles(r, ctx)
    else:
        _noun_roles(r, ctx)
    _places(r, ctx)
    return r


# -- who ---------------------------------------------------------------------------------------------------


def _verb_roles(r: Reading, ctx: Context) -> None:
    tok, spec, actors = r.trigger, r.spec, ctx.actors
    passive = syntax.passive(tok)
    r.subject = syntax.subject(tok)
    obj = syntax.direct_object(tok)
    if spec.object:
        obj = object_token(tok, spec.object) or obj
    if spec.frame == "undergoer":  # "X fell to Y", "X came under the control of Y"
        r.patient = r.subject
        for prep, o in syntax.prep_objects(tok, ("to", "into", "by", "under")):
            target = _controller(o) or o
            r.doer = actors.at(ctx, target, f"'{prep.text} X' after the trigger", syntax.path(tok, target))
            if r.doer:
                break
        return
    if spec.frame == "loss":  # "IS lost control of Dabiq", "the army lost Ramadi": the subject lost it
        r.patient = obj
        if r.subject is not None and (
            pick := actors.at(ctx, r.subject, "subject: who lost it", syntax.path(tok, r.subject))
        ):
            r.others.append(pick)
        return
    if passive:
        by = syntax.agent(tok)
        r.doer = (
            actors.at(ctx, by, "passive agent ('by X')", syntax.path(tok, by)) if by is not None else None
        )
        r.patient = obj
    else:
        r.doer = (
            actors.at(ctx, r.subject, "subject", syntax.path(tok, r.subject))
            if r.subject is not None
            else None
        )
        r.patient = obj
    if r.doer is None and tok.dep_ in ("advcl", "pcomp", "xcomp", "conj") and r.subject is not None:
        r.doer = actors.at(ctx, r.subject, "subject of the governing clause", syntax.path(tok, r.subject))
    if spec.frame == "removal":
        # "drove IS out of X": the object lost it; "cleared X of IS": the object is the place
        loser = r.patient
        if loser is not None and (
            ctx.place_at.get(loser.i) is not None or loser.lemma_.lower() in ctx.place_nouns
        ):
            for _, o in syntax.prep_objects(loser, ("of",)):
                loser = o
                break
            else:
                loser = None
        if loser is not None and (pick := actors.at(ctx, loser, "driven out", syntax.path(tok, loser))):
            r.others.append(pick)
    elif spec.retake or BY_KIND[spec.kind].control == "gain":
        for _, o in syntax.prep_objects(tok, ("from",)):
            if pick := actors.at(ctx, o, "'from X': who lost it", syntax.path(tok, o)):
                r.others.append(pick)
    if (
        ctx.lexicon.policies[spec.kind].object_is_target
        and r.patient is not None
        and (pick := actors.at(ctx, r.patient, "object: the side hit", syntax.path(tok, r.patient)))
    ):
        r.others.append(pick)
    for prep, o in syntax.prep_objects(tok, (*_TARGET, "with", "between")):
        if pick := actors.at(ctx, o, f"'{prep.text} X'", syntax.path(tok, o)):
            r.others.append(pick)
            for c in o.children:  # "between A and B"
                if c.dep_ == "conj" and (more := actors.at(ctx, c, f"'{prep.text} X'", syntax.path(tok, c))):
                    r.others.append(more)


def _controller(tok: Token) -> Token | None:
    """'the hands of Y', 'the control of Y' -> Y."""
    if tok.lemma_.lower() in ("hand", "control", "grip", "grasp"):
        for _, o in syntax.prep_objects(tok, ("of",)):
            return o
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "amod"):
                return c
    return None


def _noun_roles(r: Reading, ctx: Context) -> None:
    tok, actors = r.trigger, ctx.actors
    series = ctx.lexicon.series_nouns
    r.carrier = carrier_of(tok, series)
    stands = governed_as(tok, series)
    if r.spec.frame == "state":
        _state_roles(r, ctx)
        return
    # the noun's own phrase: "IS's offensive", "coalition airstrikes", "an attack by gunmen"
    for c in tok.children:
        if c.dep_ in ("poss", "compound", "amod", "nmod") and (
            pick := actors.at(ctx, c, "named in the noun phrase", syntax.path(tok, c))
        ):
            r.doer = pick
            break
    if r.doer is None:
        for holder in (tok, *[c for c in tok.children if c.dep_ == "acl"]):
            for _, o in syntax.prep_objects(holder, ("by",)):
                if pick := actors.at(ctx, o, "'by X' on the noun", syntax.path(tok, o)):
                    r.doer = pick
                    break
            if r.doer:
                break
    carrier = r.carrier
    if r.doer is None and carrier is not None:
        lemma = carrier.lemma_.lower()
        if stands.dep_ in ("dobj", "attr") and lemma in ctx.lexicon.light_verbs:
            r.subject = syntax.subject(carrier)
            by = syntax.agent(carrier) if syntax.passive(carrier) else None
            who = by if by is not None else r.subject
            if who is not None:
                r.doer = actors.at(ctx, who, f"subject of '{carrier.text}'", syntax.path(tok, who))
        elif stands.dep_ == "nsubjpass" and lemma in ctx.lexicon.light_verbs:
            by = syntax.agent(carrier)
            if by is not None:
                r.doer = actors.at(ctx, by, f"agent of '{carrier.text}'", syntax.path(tok, by))
        elif stands.dep_ == "pobj" and stands.head.lower_ in ("in", "by", "during", "with"):
            who = syntax.agent(carrier) if syntax.passive(carrier) else syntax.subject(carrier)
            if who is not None and who.i != tok.i:  # "the US killed X in an airstrike"
                r.doer = actors.at(ctx, who, f"subject of '{carrier.text}'", syntax.path(tok, who))
    for holder in (tok, *[c for c in tok.children if c.dep_ == "acl"]):
        for prep, o in syntax.prep_objects(holder, (*_TARGET, "with", "between", "of")):
            if prep.lower_ == "of" and ctx.place_at.get(o.i) is not None:
                continue
            pick = actors.at(ctx, o, f"'{prep.text} X' on the noun", syntax.path(tok, o))
            if pick is not None and (r.doer is None or pick.name != r.doer.name):
                r.others.append(pick)
        obj = syntax.child(holder, "dobj") if holder.i != tok.i else None  # "an attack targeting X"
        pick = (
            actors.at(ctx, obj, f"object of '{holder.text}'", syntax.path(tok, obj))
            if obj is not None
            else None
        )
        if pick is not None:
            r.others.append(pick)


def _state_roles(r: Reading, ctx: Context) -> None:
    """'IS is in control of the dam' / 'the dam is under IS control' / 'in militant hands since June'."""
    tok, actors = r.trigger, ctx.actors
    prep = tok.head
    holder = prep.head if prep.dep_ in ("prep", "advmod") else None
    of_obj = next((o for _, o in syntax.prep_objects(tok, ("of",))), None)
    controller = None
    if (
        of_obj is not None
        and ctx.place_at.get(of_obj.i) is None
        and of_obj.lemma_.lower() not in ctx.place_nouns
    ):
        controller = of_obj
    if controller is None:
        controller = next((c for c in tok.children if c.dep_ in ("poss", "compound", "amod", "nmod")), None)
    if controller is not None:  # the place is the subject: "X is under IS control"
        r.doer = actors.at(ctx, controller, "who controls it", syntax.path(tok, controller))
        if holder is not None:
            subj = syntax.subject(holder) if syntax.is_verb(holder) else holder
            r.patient = subj
    else:  # "IS is in control of X": the subject controls, 'of X' is the place
        r.patient = of_obj
        if holder is not None and syntax.is_verb(holder):
            r.subject = syntax.subject(holder)
            r.doer = (
                actors.at(ctx, r.subject, "subject (who is in control)", syntax.path(tok, r.subject))
                if r.subject is not None
                else None
            )
    r.carrier = holder if holder is not None and syntax.is_verb(holder) else None


# -- where -------------------------------------------------------------------------------------------------


def _slots(r: Reading, ctx: Context) -> list[Slot]:
    tok, spec = r.trigger, r.spec
    slots: list[Slot] = []
    if spec.pos == "verb":
        if spec.frame == "removal":
            for holder in (tok, r.patient):
                if holder is None:
                    continue
                for prep, o in syntax.prep_objects(holder, _FROM):
                    slots.append(Slot(f"prep:{prep.text.lower()}", o))
            if r.patient is not None:
                slots.append(Slot("object", r.patient))
        elif r.patient is not None:
            head = r.patient
            if spec.object:  # "took control of X", "raised their flag over X"
                for prep, o in syntax.prep_objects(head, ("of", "over", "on", "in", "at")):
                    slots.append(Slot(f"object's '{prep.text}'", o))
                for c in head.children:  # "control of the city and the nearby base" parsed as two objects
                    if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"):
                        slots.append(Slot("a second object", c))
            else:
                slots.append(
                    Slot("subject (the place that fell)" if spec.frame == "undergoer" else "object", head)
                )
        for c in tok.children:  # "retook X in April and the city of Y in May": a gapped second object
            if (
                c.dep_ == "conj"
                and c.pos_ in ("NOUN", "PROPN")
                and r.patient is not None
                and spec.frame != "undergoer"
                and c.i not in ctx.trigger_tokens
                and syntax.child(c, "nsubj", "nsubjpass") is None  # a clause of its own, not an object
            ):
                slots.append(Slot("a second object", c))
        if spec.particle:  # "swept into X", "took over X"
            for c in tok.children:
                if c.lower_ == spec.particle:
                    for o in c.children:
                        if o.dep_ in ("pobj", "dobj"):
                            slots.append(Slot(f"'{c.text} X'", o))
        not_where = ctx.lexicon.policies[spec.kind].not_where
        for prep, o in syntax.prep_objects(tok, WHERE_PREPS):
            if prep.lower_ in not_where:
                continue  # "fled ... towards camps at X": where they went, not where it happened
            if spec.frame != "removal" or prep.lower_ not in _FROM:
                slots.append(Slot(f"prep:{prep.text.lower()}", o))
        for c in tok.children:  # "where" clauses and adverbs: "there", "nearby"
            if c.dep_ == "advmod" and c.lower_ in PLACE_PRONOUNS:
                slots.append(Slot("'there'", c))
        for c in tok.children:  # "took villages around X, and in Diyala province": a coordinated 'in Y'
            if c.dep_ == "conj" and c.pos_ == "ADP" and c.lower_ in WHERE_PREPS:
                for o in c.children:
                    if o.dep_ == "pobj":
                        slots.append(Slot(_COORDINATED_PLACE, o))
    else:
        if spec.frame == "state" and r.patient is not None:
            slots.append(Slot("what is held", r.patient))
        for c in tok.children:
            mention = ctx.place_at.get(c.i)
            if mention is not None and getattr(mention, "level", "") == "country" and c.dep_ == "poss":
                continue  # "Turkey's incursion": the country did it; it is not where
            if c.dep_ == "poss" or (c.dep_ == "compound" and mention is not None):
                slots.append(Slot("the noun's possessor or modifier", c))
        stands = governed_as(tok, ctx.lexicon.series_nouns)
        holders = [tok, *[c for c in tok.children if c.dep_ in ("acl",)]]
        if stands.i != tok.i:  # "the number of airstrikes in Iraq", "a series of raids on X"
            holders.append(stands)
        for holder in holders:
            for prep, o in syntax.prep_objects(holder, ("of", *WHERE_PREPS)):
                if spec.frame == "state" and r.patient is not None and o.i == r.patient.i:
                    continue
                if holder.i == stands.i and stands.i != tok.i and prep.lower_ == "of":
                    continue
                slots.append(Slot(f"prep:{prep.text.lower()} on the noun", o))
            if (
                holder.i != tok.i
                and holder.i != stands.i
                and (obj := syntax.child(holder, "dobj")) is not None
            ):
                slots.append(Slot(f"object of '{holder.text}'", obj))
        slots.append(Slot("the noun's phrase", tok, skip=tuple(c for c in tok.children if c.dep_ == "conj")))
        if any(p.lower_ == "of" for p, _ in syntax.prep_objects(tok, ("of",))):
            # "the seizure of the city of X and the dictator's hometown of Y": the parser may hang the
            # second object on the noun itself; only a named place or place noun there is taken
            for c in tok.children:
                if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and c.i not in ctx.trigger_tokens:
                    slots.append(Slot(_SECOND_OF, c))
    if spec.pos == "noun" and r.carrier is not None and r.carrier.lemma_.lower() in ctx.lexicon.light_verbs:
        for prep, o in syntax.prep_objects(r.carrier, WHERE_PREPS):  # "launched an offensive in Nineveh"
            slots.append(Slot(f"prep:{prep.text.lower()} on '{r.carrier.text}'", o))
    # a purpose clause: "an offensive to retake X", "an operation to drive IS out of X", also when it hangs
    # from the verb carrying the noun ("launched the operation to retake X")
    purposes = list(tok.children)
    if (
        spec.pos == "noun"
        and r.carrier is not None
        and governed_as(tok, ctx.lexicon.series_nouns).dep_ == "dobj"
    ):
        purposes += [c for c in r.carrier.children if any(a.lower_ == "to" for a in c.children)]
    for c in purposes:
        if c.dep_ in ("acl", "relcl", "advcl", "xcomp") and c.lemma_.lower() in ctx.lexicon.capture_verbs:
            obj = syntax.direct_object(c)
            for prep, o in syntax.prep_objects(c, (*_FROM, "of")):
                slots.append(Slot(f"purpose '{c.text} ... {prep.text} X'", o))
            if obj is not None:
                slots.append(Slot(f"purpose '{c.text} X'", obj))
    return slots


def _named_as_place(tok: Token, top: Token, ctx: Context) -> bool:
    """Whether the name at `tok` is the phrase `top` itself or a place noun's ('hometown of X', 'the
    city X') within it."""
    place_nouns = ctx.place_nouns
    node = tok
    while node.i != top.i and node.head.i != node.i:
        node = node.head
        if node.lemma_.lower() in place_nouns:
            return True
    return ctx.place_at.get(top.i) is ctx.place_at.get(tok.i) is not None


def _later_slots(r: Reading, ctx: Context) -> list[Slot]:
    """Wider slots: the carrying verb's phrase, the clause, the antecedent of a relative clause."""
    tok = r.trigger
    out: list[Slot] = []
    if r.carrier is not None:
        stands = governed_as(tok, ctx.lexicon.series_nouns)
        out.append(Slot(f"clause of '{r.carrier.text}'", r.carrier, skip=(stands,)))
    head = syntax.clause_head(tok)
    not_where = ctx.lexicon.policies[r.kind].not_where
    away = tuple(c for c in tok.children if c.dep_ == "prep" and c.lower_ in not_where)
    if head.i != tok.i and (r.carrier is None or head.i != r.carrier.i):
        out.append(Slot(f"clause of '{head.text}'", head, skip=((tok,) if tok.pos_ != "VERB" else ()) + away))
    elif head.i == tok.i:
        out.append(Slot("clause", tok, skip=away))
    for holder in (tok, r.carrier):  # last: a purpose clause ("struck ... to stop them reaching X")
        if holder is None:
            continue
        for c in holder.children:
            if c.dep_ in ("advcl", "xcomp") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                out.append(Slot(f"purpose clause '{c.text}'", c))
    cur = r.carrier if r.carrier is not None else tok
    for _ in range(4):  # a relative clause: "the region of X, where forces retook swathes"
        if cur.dep_ in ("relcl", "acl") and cur.head.i != cur.i:
            out.append(Slot("the noun the clause describes", cur.head, skip=(cur,)))
            break
        if cur.dep_ in ("conj", "xcomp", "advcl") and cur.head.i != cur.i:
            cur = cur.head
            continue
        break
    return out


def _site_noun(chosen: list[tuple[PlaceMention, Token]], head: Token, ctx: Context) -> Token | None:
    """The single site the chosen names qualify ('a border crossing between Iraq and Syria' -> crossing)."""
    if not chosen:
        return None
    cur = chosen[0][1]
    for _ in range(8):
        if _one_site(cur, ctx) and cur.i not in ctx.place_at:
            return cur
        if cur.i == head.i or cur.head.i == cur.i:
            break
        cur = cur.head
    return None


def _one_site(head: Token, ctx: Context) -> bool:
    """A single site named by a common noun: 'the air base', 'an important crossing' (not 'large areas')."""
    lemma = head.lemma_.lower()
    if lemma in ctx.words("facilities"):
        return head.tag_ != "NNS"
    return (
        lemma in ctx.words("settlements")
        and head.tag_ == "NN"
        and any(c.dep_ in ("det", "poss") for c in head.children)
    )


def _definite_place_noun(head: Token, ctx: Context, skip: tuple[Token, ...]) -> Token | None:
    """'targets close to the dam', 'by the coalition on the city': the least qualified definite place
    noun in a phrase that names no place."""
    best: tuple[int, int, Token] | None = None
    for tok, depth in syntax.walk(head, skip=skip):
        if tok.i == head.i:
            continue
        lemma = tok.lemma_.lower()
        if (
            lemma in ctx.place_nouns
            and tok.tag_ == "NN"
            and any(
                (c.dep_ == "det" and c.lower_ in ("the", "this", "that")) or c.dep_ == "poss"
                for c in tok.children
            )
            and (best is None or (depth, tok.i) < best[:2])
        ):
            best = (depth, tok.i, tok)
    return best[2] if best is not None else None


_NOT_NAMES = frozenset(
    {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "god",
        "allah",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    }
)


def _unknown_name(head: Token, ctx: Context) -> PlaceMention | None:
    """A place the gazetteer lacks, named in a place slot: 'the villages of Qazal Qiyu', 'two districts of
    Tel al Raman', 'the Parvezkhan border crossing', 'recaptured Albu Shajal'. Kept by name only, in the
    country the report is about; never an actor's or a person's name."""
    from timeline.gazetteer.vocabulary import person_names

    name_head = head
    lemma = head.lemma_.lower()
    site = lemma in ctx.words("facilities")
    if lemma in ctx.words("settlements") or site:
        of = next((o for _, o in syntax.prep_objects(head, ("of",))), None)
        if of is not None and of.pos_ == "PROPN":
            name_head, site = of, False
        elif not (site and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in head.children)):
            return None
    elif head.pos_ != "PROPN":
        return None
    words = [name_head]  # the name's own words: its compounds, not a coordinated second name's
    stack = [name_head]
    while stack:
        for c in stack.pop().children:
            if c.dep_ in ("compound", "flat", "nmod", "amod", "punct") and c.i < name_head.i:
                words.append(c)
                stack.append(c)
    words = [t for t in words if abs(t.i - name_head.i) <= 4]
    first, last = min(t.i for t in words), max(t.i for t in words)
    span = name_head.doc[first : last + 1]
    if any(
        # an organisation's name, not a place's ("the Anbar Operations Command compound")
        (t.i in ctx.place_at and ctx.place_at[t.i].level != "locality")
        or t.lower_ in ctx.words("organisation_words")
        or t.i in ctx.actor_at
        or t.lower_.rstrip(".") in _NOT_NAMES
        or t.lower_ in person_names()
        or t.like_num
        for t in span
    ):
        return None
    if not span[0].text[:1].isupper() or any(
        not (
            t.text[:1].isupper()
            or t.lower_ in ("al", "el", "-", "of")
            or (site and t.lemma_.lower() in ctx.words("facilities"))
        )
        for t in span
    ):
        return None
    country = ctx.topic.countries and sorted(ctx.topic.countries)[0]
    main = ctx.topic.main.entry.country if ctx.topic.main is not None and ctx.topic.main.entry else None
    return PlaceMention(
        ctx.start(span[0]), ctx.end(span[-1]), span.text, None, False, main or country or None
    )


def _anaphor_noun(head: Token, ctx: Context) -> str | None:
    """'the city', 'the town', 'its outskirts', 'there', 'it': a place named elsewhere (None: not one)."""
    lemma = head.lemma_.lower()
    if head.lower_ in PLACE_PRONOUNS:
        return "there"
    if head.lower_ in OBJECT_PRONOUNS:
        return "it"
    if lemma in ctx.place_nouns:
        for _, o in syntax.prep_objects(head, ("of",)):
            if o.lower_ in OBJECT_PRONOUNS:  # "most of it"
                return "it"
        for c in head.children:  # "the city's outskirts" / "areas of the city": the noun it hangs on
            if c.dep_ == "poss" and c.lemma_.lower() in ctx.words("settlements"):
                return c.lemma_.lower()
            if c.dep_ == "compound" and c.lemma_.lower() in ctx.words("settlements"):
                return c.lemma_.lower()
        for _, o in syntax.prep_objects(head, ("of",)):
            if o.lemma_.lower() in ctx.words("settlements"):
                return o.lemma_.lower()
        return lemma
    return None


def _definite(head: Token) -> bool:
    """'the town', 'the city's': a singular place noun that resumes one named before."""
    return head.tag_ == "NN" and any(
        c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "another") for c in head.children
    )


def _demonym_country(head: Token, ctx: Context) -> PlaceMention | None:
    """'two more Iraqi towns', 'Syrian territory': a place noun qualified only by a nationality is in
    that country."""
    from timeline.gazetteer.vocabulary import demonyms

    for c in head.children:
        if c.dep_ in ("amod", "compound") and (cc := demonyms().get(c.text)):
            entry = ctx.topic.gazetteer.get(f"country:{cc}")
            if entry is not None:
                return PlaceMention(ctx.start(c), ctx.end(c), c.text, entry, False)
    return None


def _places(r: Reading, ctx: Context) -> None:
    policy = ctx.lexicon.policies[r.kind]
    if policy.place == "none":
        return
    gaz = ctx.topic.gazetteer
    tok = r.trigger
    slots = _slots(r, ctx)
    for at, slot in enumerate(slots):
        r.place_tried.append(slot.name)
        if (
            slot.head.dep_ == "appos"
            and slot.head.head.i in ctx.place_at
            and slot.head.lemma_.lower() in ctx.place_nouns
        ):
            slot = Slot(f"{slot.name} (in apposition to a name)", slot.head.head, skip=(slot.head,))
        found = places_under(ctx, slot.head, slot.skip)
        chosen = choose(found, gaz, policy.one_area)
        noun = _anaphor_noun(slot.head, ctx)
        if (
            not chosen
            and noun is None
            and (inner := _definite_place_noun(slot.head, ctx, slot.skip)) is not None
        ):
            slot = Slot(f"{slot.name} > '{inner.text}'", inner)
            noun = _anaphor_noun(inner, ctx)
        if (
            chosen
            and noun is not None
            and noun not in ("there", "it")
            and all(m.level == "country" and t.dep_ in ("poss", "amod", "compound") for m, t in chosen)
        ):
            chosen = []  # "Iraq's second-largest city": the city is named elsewhere, not the country
        if chosen and all(
            m.level == "country"
            and t.dep_ == "poss"
            and _anaphor_noun(t.head, ctx) not in (None, "it", "there")
            for m, t in chosen
        ):
            # "battles in Syria's eastern region": the region (named elsewhere) in that country
            owner = chosen[0][1].head
            resolved = ctx.topic.resolve(
                ctx.start(owner),
                ctx.paragraph.index,
                _anaphor_noun(owner, ctx),
                ctx.end(tok.sent[-1]),
                country=chosen[0][0].entry.country if chosen[0][0].entry else None,
            )
            if (
                resolved is not None
                and resolved.entry is not None
                and resolved.entry.country in {m.entry.country for m, _ in chosen if m.entry is not None}
            ):
                r.places = [
                    PlacePick(
                        resolved,
                        f"{slot.name}: '{owner.text}' of {chosen[0][1].text} = the place "
                        "the paragraph is about",
                        syntax.path(tok, owner),
                        owner,
                    )
                ]
                return
        site = _site_noun(chosen, slot.head, ctx)
        if chosen and site is not None and all(m.level == "country" for m, _ in chosen):
            # "the air base in northeast Syria", "a crossing on the border with Syria": one site, in the
            # country named, is the one the paragraph is about
            resolved = ctx.topic.resolve(
                ctx.start(site), ctx.paragraph.index, site.lemma_.lower(), ctx.end(tok.sent[-1])
            )
            countries = {m.entry.country for m, _ in chosen if m.entry is not None and m.entry.country}
            # "on the border with Syria": the site may lie on either side of that border
            bordering = all(
                t.head.lower_ == "with" and t.head.head.lemma_.lower() in ("border", "frontier")
                for _, t in chosen
            )
            if (
                resolved is not None
                and resolved.entry is not None
                and (bordering or resolved.entry.country in countries)
            ):
                r.places = [
                    PlacePick(
                        _facility_entry(ctx, resolved, site),
                        f"{slot.name}: '{site.text}' in {', '.join(sorted(countries))} = the "
                        "place the paragraph is about",
                        syntax.path(tok, site),
                        site,
                    )
                ]
                return
        if (
            chosen
            and noun is not None
            and noun not in ("there", "it")
            and _definite(slot.head)
            and all(m.reference for m, _ in chosen)
        ):
            # "in this rural area 25 miles north of the capital": the area is the place told about, which
            # the distance only locates
            resolved = ctx.topic.resolve(
                ctx.start(slot.head), ctx.paragraph.index, noun, ctx.end(tok.sent[-1])
            )
            if (
                resolved is not None
                and not resolved.reference
                and resolved.key not in {m.key for m, _ in chosen}
            ):
                r.places = [
                    PlacePick(
                        _facility_entry(ctx, resolved, slot.head),
                        f"{slot.name}: '{slot.head.text}' = the place the paragraph is about (located from "
                        f"{chosen[0][0].surface})",
                        syntax.path(tok, slot.head),
                        slot.head,
                    )
                ]
                return
        if chosen:
            depth = {id(m): d for m, d, _ in found}
            loose = noun is not None and noun not in ("there", "it")
            r.places = []
            for m, t in chosen:
                picked = _facility(ctx, m, t)
                # "a village near Kirkuk" is only roughly Kirkuk; "the compound in Ramadi" is a site in it,
                # as is "a checkpoint at the entrance to Kadhimiya"
                rough = loose and depth.get(id(m), 0) > 0 and picked is m and _located_near(t, slot.head)
                r.places.append(PlacePick(picked, slot.name, syntax.path(tok, t), t, approximate=rough))
            extras = (
                [x for x in slots if x.name == "a second object"]
                if slot.name == "object" or slot.name.startswith("object's")
                else []
            ) + [x for x in slots if x.name == _COORDINATED_PLACE and x is not slot]
            if slot.head.dep_ == "pobj":
                # "the seizure of the city of X and the hometown of Y" parsed as two objects of one 'of'
                extras += [
                    x
                    for x in slots
                    if x.head.i != slot.head.i and x.head.dep_ == "pobj" and x.head.head.i == slot.head.head.i
                ]
            if slot.name == "prep:of on the noun":
                extras += [x for x in slots if x.name == _SECOND_OF]
            taken = {m.key for m, _ in chosen}
            for c in _listed_after(slot.head):  # "Gwer, Makhmour and the Parvezkhan border crossing"
                if (
                    not any(t.i in ctx.place_at for t in c.subtree)
                    and (named := _unknown_name(c, ctx)) is not None
                    and named.key not in taken
                ):
                    path = syntax.path(tok, c)
                    r.places.append(PlacePick(named, f"{slot.name}: a coordinated name", path, c))
            for extra in extras:  # and the gapped second objects: "retook X in April and Y in May"
                under = places_under(ctx, extra.head, extra.skip)
                if extra.name == _SECOND_OF:
                    under = [f for f in under if f[1] == 0 and _named_as_place(f[2], extra.head, ctx)]
                for m, t in choose(under, gaz, policy.one_area):
                    if m.key not in taken:
                        r.places.append(PlacePick(_facility(ctx, m, t), extra.name, syntax.path(tok, t), t))
            return
        if (
            noun is not None
            and noun not in ("there", "it")
            and not _definite(slot.head)
            and (country := _demonym_country(slot.head, ctx))
        ):
            r.places = [
                PlacePick(
                    country,
                    f"{slot.name}: '{slot.head.text}' in the country its adjective names",
                    syntax.path(tok, slot.head),
                    slot.head,
                )
            ]
            return
        if (named := _unknown_name(slot.head, ctx)) is not None:
            r.places = [
                PlacePick(
                    named, f"{slot.name}: a name the gazetteer lacks", syntax.path(tok, slot.head), slot.head
                )
            ]
            return
        if noun is not None and noun not in ("there", "it") and _named_later(slots[at + 1 :], ctx):
            continue  # "stormed a prison in the city of X": the site is in the place the sentence names
        if noun is not None:
            resolved = ctx.topic.resolve(
                ctx.start(slot.head), ctx.paragraph.index, noun, ctx.end(tok.sent[-1])
            )
            if resolved is not None:
                resolved = _facility_entry(ctx, resolved, slot.head)
                # "the city" names one place told before; "two more towns" only guesses at them
                guess = slot.head.tag_ == "NNS" or not _definite(slot.head)
                r.places = [
                    PlacePick(
                        resolved,
                        f"{slot.name}: '{slot.head.text}' = the place the paragraph is about",
                        syntax.path(tok, slot.head),
                        slot.head,
                        inferred=guess and noun not in ("there", "it"),
                    )
                ]
                return
    if "elided_object" in r.spec.needs and r.patient is None and unsaid_place(tok, ctx):
        resolved = ctx.topic.before(ctx.start(tok), ctx.paragraph.index)
        if resolved is not None:  # definite, as "the town" would be: not a guess
            r.places = [PlacePick(resolved, "the unsaid object: the place the paragraph is about", "", None)]
            return
    for slot in _later_slots(r, ctx):
        r.place_tried.append(slot.name)
        chosen = choose(places_under(ctx, slot.head, slot.skip), gaz, policy.one_area)
        if chosen and all(
            m.level == "country" and t.dep_ == "poss" and _anaphor_noun(t.head, ctx) is not None
            for m, t in chosen
        ):
            chosen = []  # "in Syria's eastern region": the region, named elsewhere, not the country
        inner = _definite_place_noun(slot.head, ctx, slot.skip)
        if chosen and inner is not None and all(m.reference for m, _ in chosen):
            chosen = []  # "in this area 25 miles north of the capital": the area, which the distance locates
        if chosen:
            r.places = [PlacePick(_facility(ctx, m, t), slot.name, syntax.path(tok, t), t) for m, t in chosen]
            return
        if inner is not None and (noun := _anaphor_noun(inner, ctx)) is not None:
            resolved = ctx.topic.resolve(ctx.start(inner), ctx.paragraph.index, noun, ctx.end(tok.sent[-1]))
            if resolved is not None:
                r.places = [
                    PlacePick(
                        _facility_entry(ctx, resolved, inner),
                        f"{slot.name}: '{inner.text}' = the place the paragraph is about",
                        syntax.path(tok, inner),
                        inner,
                    )
                ]
                return


_NEAR_WORDS = frozenset({"near", "outside", "around", "beyond", "off", "toward", "towards", "close", "from"})


def _located_near(name: Token, top: Token) -> bool:
    """Whether a preposition of nearness ('near', 'outside', 'close to') stands between a name and the
    phrase it locates, so the phrase is only roughly at that name."""
    node = name
    for _ in range(12):
        if node.i == top.i or node.head.i == node.i:
            return False
        node = node.head
        if node.dep_ in ("prep", "advmod") and node.lower_ in _NEAR_WORDS:
            return True
    return False


def _named_later(slots: list[Slot], ctx: Context) -> bool:
    """Whether a locative slot after this one names a place ('in the city of Mukalla')."""
    return any(
        slot.name.startswith("prep:")
        and any(not m.reference for m, _, _ in places_under(ctx, slot.head, slot.skip))
        for slot in slots
    )


def _listed_after(head: Token) -> list[Token]:
    """The items of a list a phrase starts: its conjuncts, also where the parse takes the second item for
    an apposition ('Gwer, Makhmour, and the crossing')."""
    out: list[Token] = []
    frontier = [head]
    while frontier:
        for c in frontier.pop().children:
            if c.dep_ in ("conj", "appos") and len(out) < 32:
                out.append(c)
                frontier.append(c)
    return out


def unsaid_place(verb: Token, ctx: Context) -> bool:
    """'few residents stayed when the militants entered on Sunday': a verb with no object, particle or
    place preposition of its own leaves its place unsaid (the one being told about)."""
    if syntax.passive(verb) or any(
        c.dep_ in ("dobj", "prt", "dative", "ccomp", "xcomp") for c in verb.children
    ):
        return False
    place_nouns = ctx.place_nouns
    return not any(
        o.i in ctx.place_at or o.lemma_.lower() in place_nouns or o.lower_ in PLACE_PRONOUNS
        for _, o in syntax.prep_objects(verb)
    )


def _facility(ctx: Context, m: PlaceMention, tok: Token) -> PlaceMention:
    """'the dam near Mosul' -> Mosul Dam: a facility noun whose place is its town."""
    head = tok.head
    for _ in range(3):
        lemma = head.lemma_.lower()
        if lemma in ctx.words("facilities"):
            return _facility_entry(ctx, m, head)
        if head.dep_ in ("pobj", "prep") or head.lower_ in ("near", "of", "in", "outside"):
            head = head.head
            continue
        break
    return m


def _facility_entry(ctx: Context, m: PlaceMention, noun_tok: Token) -> PlaceMention:
    if m.entry is None or m.level != "locality":
        return m
    noun = noun_tok.lemma_.lower()
    if noun == "field" and any(c.lower_ == "oil" for c in noun_tok.children):
        noun = "oilfield"
    hit = ctx.topic.facility(m.entry.id, noun)
    if hit is None:  # a site the gazetteer lacks: the town's, kept apart where the type says so
        is_site = noun in ctx.words("facilities") and noun not in _NOT_SITES and m.entry.kind in TOPIC_KINDS
        return replace(m, site=noun) if is_site else m
    return PlaceMention(m.start, m.end, hit.name, hit, False, m.country_hint)
