"""Designations: who was designated (the object, the passive subject, 'sanctions on X', 'the designation
of X') and by whom (a government or international body: the subject or 'by' agent, else the one last
named, as 'it' or an unnamed 'officials' would mean)."""

from __future__ import annotations

from spacy.tokens import Token

from timeline.extraction import syntax
from timeline.extraction.arguments import Reading
from timeline.extraction.context import Context
from timeline.extraction.triggers import object_token

_GOVERNMENT = frozenset({"government"})
_MAX_WORDS = 16
# Not a designee: the list or the category itself ("designated terrorists", "sanctioned entities").
_NOT_DESIGNEES = frozenset(
    {
        "terrorist",
        "terrorists",
        "list",
        "entity",
        "entities",
        "individual",
        "organization",
        "organisation",
        "sanction",
        "sanctions",
        "it",
        "them",
        "which",
        "that",
        "who",
    }
)
_CUT = frozenset({"relcl", "acl", "advcl", "punct", "cc"})


def _phrase(tok: Token) -> tuple[str, tuple[int, int]] | None:
    """The designee's words: the noun phrase without relative clauses or trailing descriptions, short."""
    keep = [t for t, _ in syntax.walk(tok, prune=frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis"}))]
    keep.sort(key=lambda t: t.i)
    # a contiguous run from the phrase's first word
    run = [keep[0]]
    for t in keep[1:]:
        if t.i != run[-1].i + 1:
            break
        run.append(t)
    while run and (run[-1].is_punct or run[-1].dep_ == "cc"):
        run.pop()
    if not run:
        return None
    run = run[:_MAX_WORDS]
    words = " ".join(t.text for t in run).replace(" - ", "-").replace(" ,", ",")
    if run[-1].lemma_.lower() in _NOT_DESIGNEES and len(run) == 1:
        return None
    return words, (run[0].idx, run[-1].idx + len(run[-1]))


def designee_of(r: Reading, ctx: Context) -> None:
    """Sets the reading's designee (and its span) and makes its doer the designating body."""
    tok = r.trigger
    target: Token | None = None
    if r.spec.object:  # "imposed sanctions on X"
        noun = object_token(tok, r.spec.object)
        if noun is not None:
            target = next((o for _, o in syntax.prep_objects(noun, ("on", "against", "targeting"))), None)
    elif r.spec.pos == "noun":
        target = next((o for _, o in syntax.prep_objects(tok, ("of", "on", "against"))), None)
    else:
        target = r.patient
    if target is not None and target.lower_ in ("which", "that", "who"):
        target = syntax.antecedent(target) or target
    if target is not None:
        found = _phrase(target)
        if found is not None:
            r.designee = found[0]
            r.designee_span = (ctx.base + found[1][0], ctx.base + found[1][1])
    if r.doer is not None and ctx.actors.kind_of(r.doer.name) in _GOVERNMENT:
        return
    who = syntax.agent(tok) if syntax.passive(tok) else r.subject
    if who is None and syntax.passive(tok):  # "designated a terrorist organisation by the State Department"
        who = next(
            (
                o
                for t in tok.subtree
                if t.dep_ in ("prep", "agent") and t.lower_ == "by"
                for o in t.children
                if o.dep_ == "pobj"
            ),
            None,
        )
    if r.carrier is not None and who is None:
        who = syntax.subject(r.carrier)
    pick = (
        ctx.actors.at(
            ctx, who, "designating body", syntax.path(tok, who) if who is not None else "", kinds=_GOVERNMENT
        )
        if who is not None
        else None
    )
    if pick is None or ctx.actors.kind_of(pick.name) not in _GOVERNMENT:
        name = ctx.actors.last_before(ctx.start(tok), _GOVERNMENT)
        if name is not None:
            from timeline.extraction.actor_roles import ActorPick

            pick = ActorPick(name, None, None, "the designating body last named")
    if pick is not None:
        r.doer = pick
