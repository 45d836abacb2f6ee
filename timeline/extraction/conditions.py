"""The conditions a trigger line may need (its 'needs' in `rules/triggers.json`), each a question about the
parse of one reading: is the object a place, was the strike from the air, did a launch verb start the
offensive, is the noun background ('after weeks of fighting') ... Where one word matches several lines, the
satisfied line with the most needs wins."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from timeline.extraction import syntax
from timeline.extraction.arguments import Reading, governed_as, unsaid_place
from timeline.extraction.context import Context

Condition = Callable[[Reading, Context], bool]


def _lemma(tok: Token | None) -> str:
    return tok.lemma_.lower() if tok is not None else ""


def _is_place(tok: Token | None, ctx: Context, pronouns: bool = True) -> bool:
    """A place: named (a gazetteer mention in the phrase), a place noun ('the town', 'eight villages',
    'areas of X'), or a pronoun standing for one."""
    if tok is None:
        return False
    if pronouns and tok.lower_ in ("it", "which", "that", "there", "where"):
        return True
    if tok.i in ctx.place_at:
        return True
    lemma = _lemma(tok)
    if lemma in ctx.words("portions"):  # "took part" is no place; "took parts of the city" is
        return any(True for _ in syntax.prep_objects(tok, ("of",)))
    return lemma in ctx.place_nouns


def place_object(r: Reading, ctx: Context) -> bool:
    return _is_place(r.patient, ctx)


def elided_object(r: Reading, ctx: Context) -> bool:
    """'few residents stayed when the militants entered on Sunday': the place is left unsaid."""
    return r.patient is None and unsaid_place(r.trigger, ctx)


def place_subject(r: Reading, ctx: Context) -> bool:
    subj = r.patient if r.spec.frame == "undergoer" else r.subject
    return _is_place(subj, ctx)


def place_argument(r: Reading, ctx: Context) -> bool:
    """A place the sentence gives the trigger (named, or 'the city', 'there'), not one guessed from the
    paragraph."""
    return any(not p.inferred for p in r.places) or _is_place(r.patient, ctx)


def of_place(r: Reading, ctx: Context) -> bool:
    tok = r.trigger
    if any(c.dep_ == "poss" and _is_place(c, ctx, pronouns=False) for c in tok.children):
        return True
    return any(_is_place(o, ctx, pronouns=False) for _, o in syntax.prep_objects(tok, ("of",)))


def state_preposition(r: Reading, ctx: Context) -> bool:
    """'in control of', 'under (IS) control', 'into the hands of', 'in militant hands'."""
    head = r.trigger.head
    return head.dep_ in ("prep", "advmod") and head.lower_ in ("in", "under", "into", "within", "back")


def control_phrase(r: Reading, ctx: Context) -> bool:
    return any(
        _lemma(o) in ("control", "hand", "grip") for _, o in syntax.prep_objects(r.trigger, ("under", "into"))
    )


def carried(r: Reading, ctx: Context) -> bool:
    carrier = r.carrier
    return carrier is not None and (
        _lemma(carrier) in ctx.lexicon.light_verbs or _lemma(carrier) in ctx.words("light_carriers_victory")
    )


def inception(r: Reading, ctx: Context) -> bool:
    """The offensive is begun: object or subject of 'launch', 'begin', 'start' ..., 'the start of', or a
    relative clause 'which began ...'."""
    tok = r.trigger
    stands = governed_as(tok, ctx.lexicon.series_nouns)
    head = stands.head
    if stands.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and _lemma(head) in ctx.lexicon.inception_verbs:
        return True
    if stands.dep_ == "pobj" and head.lower_ == "of" and _lemma(head.head) in ctx.lexicon.inception_nouns:
        return True
    if (
        stands.dep_ == "pobj"
        and head.lower_ == "on"
        and _lemma(head.head) in ("go", "move", "switch", "take")
    ):
        return True  # "went on the offensive"
    if stands.dep_ == "dobj" and _lemma(head) in ("mark", "signal", "herald") and False:
        return True
    for c in tok.children:
        if c.dep_ == "relcl" and _lemma(c) in ctx.lexicon.inception_verbs:
            return True
        if (
            c.dep_ == "acl" and _lemma(c) in ctx.lexicon.inception_verbs and c.tag_ == "VBN"
        ):  # "an offensive launched on"
            return True
    # "started pounding X", "began advancing": a verb under 'begin'
    return tok.pos_ == "VERB" and tok.dep_ == "xcomp" and _lemma(tok.head) in ctx.lexicon.inception_verbs


def military(r: Reading, ctx: Context) -> bool:
    """A military operation: not a 'recruitment campaign' or 'vaccination campaign'."""
    civil = ctx.words("civil_modifiers")
    return not any(c.dep_ in ("compound", "amod", "nmod") and _lemma(c) in civil for c in r.trigger.children)


def capture_purpose(r: Reading, ctx: Context) -> bool:
    """'an attack on Tikrit to retake the city', also when the purpose hangs from the carrying verb."""
    holders = [r.trigger]
    if r.carrier is not None and governed_as(r.trigger, ctx.lexicon.series_nouns).dep_ == "dobj":
        holders.append(r.carrier)
    return any(
        c.dep_ in ("acl", "relcl", "advcl", "xcomp") and _lemma(c) in ctx.lexicon.capture_verbs
        for h in holders
        for c in h.children
    )


def directional(r: Reading, ctx: Context) -> bool:
    return any(
        c.dep_ in ("prep", "advmod", "prt")
        and c.lower_
        in (
            "into",
            "toward",
            "towards",
            "on",
            "onto",
            "to",
            "inside",
            "deeper",
            "closer",
            "forward",
            "further",
        )
        for c in r.trigger.children
    )


def _casualty_words(tok: Token, ctx: Context) -> bool:
    words = ctx.words("casualties")
    return any(_lemma(t) in words for t in tok.subtree if t.i != tok.i)


def no_casualties(r: Reading, ctx: Context) -> bool:
    return not _casualty_words(r.trigger, ctx)


def aerial(r: Reading, ctx: Context) -> bool:
    return r.aerial


def not_aerial(r: Reading, ctx: Context) -> bool:
    return not r.aerial


def _is_force(tok: Token | None, ctx: Context) -> bool:
    return ctx.actors.is_force(ctx, tok)


def force_subject(r: Reading, ctx: Context) -> bool:
    return r.doer is not None or _is_force(r.subject, ctx)


def force_doer(r: Reading, ctx: Context) -> bool:
    return r.doer is not None and ctx.actors.kind_of(r.doer.name) in ("armed_group", "state_force")


def force_object(r: Reading, ctx: Context) -> bool:
    return _is_force(r.patient, ctx)


def _people(tok: Token | None, ctx: Context) -> bool:
    if tok is None:
        return False
    if _lemma(tok) in ctx.words("people") or tok.like_num:
        return True
    return any(_lemma(o) in ctx.words("people") for _, o in syntax.prep_objects(tok, ("of",)))


def people_subject(r: Reading, ctx: Context) -> bool:
    return _people(r.subject, ctx)


def victims(r: Reading, ctx: Context) -> bool:
    tok = r.trigger
    if any(_lemma(c) in ("mass", "public", "summary") for c in tok.children):
        return True
    return any(_people(o, ctx) for _, o in syntax.prep_objects(tok, ("of",)))


def victim_object(r: Reading, ctx: Context) -> bool:
    return (
        _people(r.patient, ctx)
        or _is_force(r.patient, ctx)
        or (r.patient is not None and r.patient.pos_ == "PROPN")
    )


def official_subject(r: Reading, ctx: Context) -> bool:
    subj = r.subject
    if subj is None:
        return False
    words = ctx.words("officials")
    if _lemma(subj) in words or any(
        _lemma(c) in words for c in subj.children if c.dep_ in ("compound", "amod")
    ):
        return True
    return r.doer is not None and ctx.actors.kind_of(r.doer.name) == "government"


def official_doer(r: Reading, ctx: Context) -> bool:
    return r.doer is not None and ctx.actors.kind_of(r.doer.name) == "government"


def designee(r: Reading, ctx: Context) -> bool:
    return bool(r.designee)


def as_or_list(r: Reading, ctx: Context) -> bool:
    return any(True for _ in syntax.prep_objects(r.trigger, ("as",))) or list_destination(r, ctx)


def list_destination(r: Reading, ctx: Context) -> bool:
    lists = ctx.words("list_nouns")
    for _, o in syntax.prep_objects(r.trigger, ("to", "on", "onto", "in", "under")):
        if _lemma(o) in lists or any(_lemma(c) in lists for c in o.subtree):
            return True
    return False


def sanctions_target(r: Reading, ctx: Context) -> bool:
    return bool(r.designee)


def of_designee(r: Reading, ctx: Context) -> bool:
    return bool(r.designee)


def detonated(r: Reading, ctx: Context) -> bool:
    """A bomb that went off: a car or roadside bomb, or one said to explode, kill or hit; not one found,
    cleared or defused ('engineers cleared roadside bombs')."""
    tok = r.trigger
    if tok.dep_ in ("dobj", "nsubjpass") and _lemma(tok.head) in ctx.words("made_safe_by"):
        return False
    if any(
        _lemma(c)
        in (
            "car",
            "roadside",
            "suicide",
            "truck",
            "vehicle",
            "sticky",
            "parcel",
            "improvised",
            "motorcycle",
            "barrel",
            "nail",
            "cluster",
        )
        for c in tok.children
    ):
        return True
    head = tok.head
    if tok.dep_ in ("nsubj",) and _lemma(head) in (
        "explode",
        "detonate",
        "go",
        "kill",
        "hit",
        "strike",
        "target",
        "rip",
        "tear",
        "wound",
        "injure",
        "destroy",
        "damage",
    ):
        return True
    return tok.dep_ == "dobj" and _lemma(head) in ("detonate", "plant", "set", "explode", "trigger", "drop")


def hit_verb(r: Reading, ctx: Context) -> bool:
    tok, head = r.trigger, r.trigger.head
    if tok.dep_ == "nsubj" and _lemma(head) in (
        "hit",
        "strike",
        "land",
        "slam",
        "kill",
        "target",
        "fall",
        "rain",
        "crash",
        "wound",
        "injure",
        "damage",
        "destroy",
        "pound",
        "explode",
    ):
        return True
    return tok.dep_ in ("dobj", "nsubjpass") and _lemma(head) in ("fire", "launch", "lob", "shoot")


def no_event_cause(r: Reading, ctx: Context) -> bool:
    """'killed' states an attack of its own unless an event word says how ('killed in an airstrike', 'a
    blast killed', 'attacked the village, killing ...')."""
    tok = r.trigger
    event_nouns = ctx.lexicon.noun_lemmas | ctx.words("weapons") | ctx.words("clash_nouns")
    subj = r.subject
    if subj is not None and _lemma(subj) in event_nouns:
        return False
    for _, o in syntax.prep_objects(tok, ("in", "by", "during", "with", "from", "after", "amid")):
        if _lemma(o) in event_nouns or any(_lemma(c) in event_nouns for c in o.children if c.dep_ == "conj"):
            return False
    # a clause about another event: once the sentence is read, only the triggers that are events count
    events = ctx.event_tokens if ctx.event_tokens is not None else ctx.trigger_tokens
    if any(c.dep_ in ("advcl", "ccomp") and c.i in events for c in tok.children):
        return False  # "were killed when a car bomb exploded"
    if (
        subj is None
        and not syntax.passive(tok)
        and any(tok.sent.start <= i < tok.i and ctx.doc[i].pos_ == "NOUN" for i in events)
    ):
        return False  # "what activists said was an air raid killed 12": the subject lost by the parse is
        # the event noun told before the verb
    cur = tok
    for _ in range(3):  # a participle or clause hanging from another trigger: its consequence
        if cur.dep_ in ("advcl", "xcomp", "relcl", "acl", "ccomp") and cur.head.i in events:
            return False
        if cur.dep_ == "conj" and cur.head.i in ctx.trigger_tokens:  # "fled or were killed"
            return False
        if cur.dep_ in ("relcl", "acl") and _lemma(cur.head) in event_nouns:
            return False
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return True


def bomb_subject(r: Reading, ctx: Context) -> bool:
    subj = r.subject
    return subj is not None and _lemma(subj) in ctx.words("weapons") | {"bomber", "attacker"}


def structure_object(r: Reading, ctx: Context) -> bool:
    obj = r.patient
    return obj is not None and (
        _lemma(obj) in ctx.words("structures")
        or (
            obj.i in ctx.place_at
            and obj.pos_ == "PROPN"
            and any(_lemma(t) in ctx.words("structures") for t in obj.subtree)
        )
    )


def projectile_object(r: Reading, ctx: Context) -> bool:
    """'fired rockets at X'."""
    return r.patient is not None and _lemma(r.patient) in ctx.words("projectiles")


def projectile_subject(r: Reading, ctx: Context) -> bool:
    """'a rocket hit X', 'X was hit by shellfire'."""
    who = syntax.agent(r.trigger) if syntax.passive(r.trigger) else r.subject
    return who is not None and _lemma(who) in ctx.words("projectiles") | ctx.words("weapons")


def not_background(r: Reading, ctx: Context) -> bool:
    """Not 'after weeks of fighting', 'during the battle for X', 'amid clashes': a noun in a time adjunct
    is the setting of another event."""
    tok = governed_as(r.trigger, ctx.lexicon.series_nouns)
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in ctx.words("temporal_preps"):
        return False
    if (
        tok.dep_ == "pobj"
        and head.lower_ in ("in", "of", "for", "from", "to")
        and _lemma(head.head) not in ctx.words("casualties")
    ):
        return False  # "sacrifices in the battle", "a share of the fighting": the setting of something else
    return not (tok.dep_ == "pobj" and head.lower_ == "of" and _lemma(head.head) in ctx.words("durations"))


def occurred(r: Reading, ctx: Context) -> bool:
    """'The offensive was in and around Hajin', 'the battle took place in X': the noun said to happen."""
    stands = governed_as(r.trigger, ctx.lexicon.series_nouns)
    head = stands.head
    return (
        stands.dep_ == "nsubj"
        and _lemma(head) in ("be", "take", "occur", "happen", "unfold", "rage")
        and any(
            c.dep_ == "prep" or (c.dep_ == "advmod" and c.lower_ in ("in", "near", "around"))
            for c in head.children
        )
    )


def from_place(r: Reading, ctx: Context) -> bool:
    """'driven from Sinjar', 'drove the militants out of X': a place left."""
    for holder in (r.trigger, r.patient):
        if holder is None:
            continue
        for _, o in syntax.prep_objects(holder, ("from", "out", "out of")):
            if _is_place(o, ctx, pronouns=False):
                return True
    return False


def not_as_complement(r: Reading, ctx: Context) -> bool:
    """'took Syrian territory as its centre', 'held them as hostages': taking as something is no capture."""
    return not any(True for _ in syntax.prep_objects(r.trigger, ("as",)))


def stated(r: Reading, ctx: Context) -> bool:
    """'the individuals sanctioned by Treasury are ...': a participle describing a noun refers to an act
    told elsewhere; it does not state one."""
    return r.trigger.dep_ not in ("acl", "amod")


def since_date(r: Reading, ctx: Context) -> bool:
    """'has held Raqqa since January 2014': a state with its start."""
    return any(t.lower_ == "since" for t in r.trigger.subtree)


def not_country(r: Reading, ctx: Context) -> bool:
    """'entered Turkey', 'Syria is under IS control': a country crossed into or held is no town taken."""
    return not r.places or any(p.mention.level != "country" for p in r.places)


def object_not_people(r: Reading, ctx: Context) -> bool:
    """'captured the emir', 'seized 20 soldiers': people taken are no town taken."""
    obj = r.patient
    if obj is None or obj.i in ctx.place_at:
        return True
    if obj.lower_ in ("him", "her", "them", "he", "she", "they", "who", "whom"):
        return False
    if _people(obj, ctx) or _is_force(obj, ctx):
        return False
    return not (obj.pos_ == "PROPN" and obj.ent_type_ == "PERSON") and _lemma(obj) not in ctx.words(
        "officials"
    )


def has_target(r: Reading, ctx: Context) -> bool:
    return r.patient is not None or bool(r.others)


def fighting_subject(r: Reading, ctx: Context) -> bool:
    return r.subject is not None and _lemma(r.subject) in ctx.words("clash_nouns")


CONDITIONS: dict[str, Condition] = {
    f.__name__: f
    for f in (
        place_object,
        elided_object,
        place_subject,
        place_argument,
        of_place,
        state_preposition,
        control_phrase,
        carried,
        inception,
        military,
        capture_purpose,
        directional,
        no_casualties,
        aerial,
        not_aerial,
        force_subject,
        force_doer,
        force_object,
        people_subject,
        victims,
        victim_object,
        official_subject,
        official_doer,
        designee,
        as_or_list,
        list_destination,
        sanctions_target,
        of_designee,
        detonated,
        hit_verb,
        no_event_cause,
        bomb_subject,
        structure_object,
        projectile_object,
        projectile_subject,
        not_background,
        fighting_subject,
        not_country,
        has_target,
        object_not_people,
        occurred,
        since_date,
        from_place,
        stated,
        not_as_complement,
    )
}


# Conditions that decide between event types for one word (a launch makes an offensive of a battle, an
# aircraft an air strike of a strike); a line satisfying more of them wins over one with mere filters.
DECIDING = frozenset(
    {
        "inception",
        "aerial",
        "capture_purpose",
        "place_object",
        "occurred",
        "list_destination",
        "projectile_object",
        "projectile_subject",
        "detonated",
        "force_object",
        "people_subject",
        "structure_object",
    }
)


def satisfied(r: Reading, ctx: Context) -> list[str]:
    """The needs of the reading's line that fail (empty: the line applies)."""
    return [n for n in r.spec.needs if not CONDITIONS[n](r, ctx)]


def is_aerial(r: Reading, ctx: Context) -> bool:
    """From the air: an aircraft does it ('warplanes struck', 'drone strike', 'air raid', 'from the air'), or
    an air force or air coalition strikes or bombs."""
    words = ctx.lexicon.aerial_words
    tok = r.trigger
    near: list[Token] = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "npadvmod")]
    if tok.i > 0 and tok.doc[tok.i - 1].text == "-" and tok.i > 1:  # "air-strikes"
        near.append(tok.doc[tok.i - 2])
    who = [x for x in (r.subject, syntax.agent(tok) if tok.pos_ == "VERB" else None) if x is not None]
    carrier_subject = syntax.subject(r.carrier) if r.carrier is not None else None
    if carrier_subject is not None:
        who.append(carrier_subject)
    for x in who:  # "Syrian government or Russian warplanes struck": any coordinated doer
        for y in (x, *[c for c in x.children if c.dep_ == "conj"]):
            near.extend(t for t, _ in ctx.actors.core(y))
    for _, o in syntax.prep_objects(tok, ("from", "by")):
        near.extend(o.subtree)
    if any(t.lower_ in words or _lemma(t) in words for t in near):
        return True
    # an air force's or air coalition's strikes and bombing (its raids and attacks may be on the ground)
    return bool(
        r.doer is not None
        and r.spec.lemma in _STRIKE_WORDS
        and r.doer.name in ctx.actors.lexicon.strike_actors
    )


_STRIKE_WORDS = frozenset({"strike", "bomb", "bombing", "pound", "bombardment", "target", "hit", "kill"})
