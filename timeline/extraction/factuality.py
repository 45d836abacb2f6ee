"""Factuality from the parse: is a trigger stated as having happened? Not when a modal or future auxiliary,
a negation, a condition ('if', 'unless'), an intention or attempt ('plan to', 'vow to', 'try to'), a
purpose ('to retake X'), a denial ('denied that ...', 'reports that ... are false') or a question governs it;
nor a noun that is only planned, expected or prevented. Reported speech and hedges ('said', 'reportedly')
stay events. Returns the reason when it is not a fact."""

from __future__ import annotations

from spacy.tokens import Token

from timeline.extraction import syntax
from timeline.extraction.arguments import Reading, governed_as
from timeline.extraction.context import Context

# Verbs whose object is the infinitive's subject: "forced them to withdraw" states the withdrawal.
_OBJECT_CONTROL = frozenset({"force", "help", "enable", "allow", "compel", "push", "drive", "get", "cause"})
_NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})
_CLIMB = (
    "conj",
    "xcomp",
    "ccomp",
    "advcl",
    "relcl",
    "acl",
    "pcomp",
    "dobj",
    "pobj",
    "prep",
    "nsubj",
    "nsubjpass",
    "attr",
    "oprd",
    "appos",
    "acomp",
    "advmod",
    "npadvmod",
)


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _verb_reason(verb: Token, ctx: Context) -> str | None:
    """Why this verb's clause is not a statement of fact, looking at its own auxiliaries and marks."""
    words = ctx.words
    for c in verb.children:
        if c.dep_ in ("aux", "auxpass") and (
            c.lower_ in words("modal_words") or _lemma(c) in words("modal_words")
        ):
            return f"modal '{c.text}'"
        if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in ("never",)):
            return f"negated '{c.text}'"
        if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether", "lest"):
            return f"conditional '{c.text}'"
    if verb.sent.text.rstrip().rstrip("\"”’'").endswith("?"):
        return "question"
    return None


def _governor_reason(link: Token, ctx: Context) -> str | None:
    """Why the word governing `link` makes it non-factual ('plans to retake', 'denied that it fell',
    'failed to take', 'to retake X' as a purpose)."""
    head = link.head
    lemma = _lemma(head)
    words = ctx.words
    has_to = any(c.dep_ == "aux" and c.lower_ == "to" for c in link.children)
    if link.dep_ in ("xcomp", "ccomp", "advcl", "acl", "relcl") and lemma in words("denial_words"):
        return f"denied ('{head.text}')"
    if link.dep_ == "xcomp" or (has_to and link.dep_ in ("advcl", "acl", "relcl", "ccomp")):
        if has_to and syntax.child(head, "dobj") is not None and lemma not in _OBJECT_CONTROL:
            return f"purpose ('{head.text} ... to {link.text}')"  # "began a counterattack to retake X"
        if (lemma in words("implicative_verbs") and syntax.is_verb(head)) or (
            lemma == "have" and head.tag_ == "VBD"
        ):
            return None  # "managed to", "began to"; "had to withdraw" (it did)
        if lemma in words("intention_verbs") or lemma in words("aspect_unlikely"):
            return f"intention '{head.text} to'"
        if has_to:
            return f"purpose or intention ('to {link.text}')"
    if link.dep_ in ("dobj", "pobj", "nsubjpass") and lemma in words("blocking_verbs"):
        return f"not done: object of '{head.text}'"
    if (
        link.dep_ in ("pobj", "pcomp")
        and head.dep_ == "prep"
        and _lemma(head.head) in words("blocking_verbs")
    ):
        return f"not done: '{head.head.text} {head.text}'"
    if link.dep_ == "pobj" and head.lower_ in ("without",):
        return "negated 'without'"
    if link.dep_ in ("csubj", "csubjpass") or (
        link.dep_ == "advcl"
        and link.tag_ == "VBG"
        and syntax.child(link, "nsubj", "mark") is None
        and syntax.child(head, *syntax.SUBJECTS) is None
    ):
        # "Launching an offensive in X has a special significance": the act talked about, not stated
        return f"a gerund subject ('{link.text} ... {head.text}'): the act talked about, not stated"
    return None


def non_factual(r: Reading, ctx: Context) -> str | None:
    """None when the reading states a fact; otherwise a short reason."""
    tok = r.trigger
    words = ctx.words
    if r.spec.frame == "state" or r.spec.lemma in ("control", "hold"):
        holder = tok if tok.pos_ == "VERB" else tok.head.head
        if any(c.lower_ == "still" for c in (*tok.children, *holder.children)) or _lemma(holder) in (
            "remain",
            "stay",
            "continue",
        ):
            return "a state that continues ('still', 'remains'), not a change of hands"
        if (
            tok.pos_ == "VERB"
            and tok.tag_ in ("VBZ", "VBP")
            and not any(c.dep_ == "prep" and c.lower_ == "since" for c in tok.children)
        ):
            return f"a present state ('{tok.text}'), not a change of hands"
    if tok.pos_ != "VERB":
        modifier = tok
        while modifier.dep_ == "conj" and modifier.head.i != modifier.i:  # "material and combat support"
            modifier = modifier.head
        if modifier.dep_ in ("compound", "amod", "nmod") and modifier.head.pos_ in ("NOUN", "PROPN"):
            return f"modifies '{modifier.head.text}' ('{tok.text} {modifier.head.text}')"
        from timeline.extraction.conditions import inception

        launched = inception(r, ctx)  # "launched a long-awaited offensive", "the start of a planned push"
        for c in tok.children:  # "a planned offensive" (but "launched a long-awaited offensive" happened)
            if (
                not launched
                and c.dep_ in ("amod", "compound")
                and (c.lower_ in words("nonfactual_modifiers") or _lemma(c) in words("nonfactual_modifiers"))
            ):
                return f"only '{c.text}'"
            if c.dep_ == "det" and c.lower_ in ("no",):
                return "negated 'no'"
        own = next((c for c in tok.children if c.dep_ == "relcl" and syntax.is_verb(c)), None)
        if own is not None:  # "the advance, which began this morning": its own clause asserts it
            return _verb_reason(own, ctx)
    cur = governed_as(tok, ctx.lexicon.series_nouns) if tok.pos_ != "VERB" else tok
    if (r.spec.pos == "verb" or syntax.is_verb(tok)) and (reason := _verb_reason(tok, ctx)):
        return reason
    for _ in range(6):  # up the clauses that govern the trigger
        if reason := _governor_reason(cur, ctx):
            return reason
        if cur.dep_ not in _CLIMB or cur.head.i == cur.i or _asserts_itself(cur):
            break
        cur = cur.head
        if syntax.is_verb(cur) and (reason := _verb_reason(cur, ctx)):
            if _lemma(cur) in words("reporting_verbs") and reason.startswith("negated"):
                return f"denied ('{cur.text}')"
            return reason
    return _denied_report(cur, ctx)


def _asserts_itself(clause: Token) -> bool:
    """'since IS seized the city in May', 'which fell in 2014': a finite clause with its own subject states
    its own fact, whatever the sentence around it intends."""
    if clause.dep_ not in ("advcl", "relcl") or not syntax.is_verb(clause):
        return False
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
        return False
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in clause.children):
        return False
    return clause.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") for c in clause.children)


def _denied_report(tok: Token, ctx: Context) -> str | None:
    """'Reports that the SDF retook the hospital are false': the claim is denied."""
    for t in (tok, tok.head):
        if t.pos_ in ("NOUN",) and _lemma(t) in ("report", "claim", "rumour", "rumor", "allegation"):
            verb = t.head
            if any(c.dep_ == "acomp" and _lemma(c) in ctx.words("denial_words") for c in verb.children):
                return "denied (the report is called false)"
    return None
