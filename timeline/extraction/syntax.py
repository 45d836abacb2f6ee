"""Reading a dependency parse: subjects (through relative clauses, conjunctions, participles and control),
objects, voice, clause spans, the path between two tokens for `--explain`. spaCy's English labels
(ClearNLP style: nsubj, nsubjpass, dobj, agent, pobj, prep, xcomp, advcl, relcl, acl, pcomp, conj ...)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Span, Token

SUBJECTS = ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl")
# Children that open a clause of their own: their words are not arguments of the head. A participle
# modifying a noun ('villages surrounding Zumar') stays part of the noun's phrase.
CLAUSES = frozenset({"relcl", "advcl", "ccomp", "parataxis", "csubj", "xcomp"})
RELATIVE_WORDS = frozenset({"which", "that", "who", "whom", "whose", "where", "when"})
# Prepositions of "who did it to whom": never a place slot.
LOCATIVE_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "around",
        "inside",
        "outside",
        "into",
        "onto",
        "on",
        "to",
        "toward",
        "towards",
        "across",
        "through",
        "throughout",
        "within",
        "over",
        "from",
        "against",
        "for",
        "along",
        "beyond",
        "off",
        "past",
        "upon",
        "nearby",
        "by",
        "between",
        "of",
        "behind",
        "beside",
        "besides",
        "outskirts",
        "via",
        "amid",
    }
)


def is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def passive(verb: Token) -> bool:
    """'was captured', 'had been retaken', 'the town captured by ...' (a past participle modifying a noun)."""
    if any(c.dep_ in ("auxpass", "nsubjpass", "csubjpass") for c in verb.children):
        return True
    return verb.dep_ == "acl" and verb.tag_ == "VBN"


def children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def child(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def prep_objects(head: Token, words: Iterable[str] | None = None) -> Iterator[tuple[Token, Token]]:
    """(preposition, its object) for every prepositional child of `head` ('agent' counts as 'by'); with
    `words`, only those prepositions. 'out of X', 'close to X', 'next to X' read as one preposition."""
    wanted = None if words is None else set(words)
    for c in head.children:
        if c.dep_ not in ("prep", "agent", "dative") and not (
            c.dep_ in ("prt", "advmod") and c.lower_ == "out"
        ):
            continue
        word = "by" if c.dep_ == "agent" else c.lower_
        objects = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
        if not objects:  # "out of X", "close to X": the object hangs from a second preposition
            for p in c.children:
                if p.dep_ == "prep":
                    word = f"{word} {p.lower_}"
                    objects = [o for o in p.children if o.dep_ in ("pobj", "pcomp")]
                    break
        if wanted is not None and word not in wanted and word.split()[0] not in wanted:
            continue
        for o in objects:
            yield c, o


def antecedent(tok: Token) -> Token | None:
    """The noun a relative word stands for: 'the town, which fell ...' -> town."""
    clause = tok
    while clause.dep_ not in ("relcl", "acl") and clause.head.i != clause.i:
        if clause.dep_ in ("ROOT", "ccomp", "advcl"):
            return None
        clause = clause.head
    return clause.head if clause.dep_ in ("relcl", "acl") and clause.head.i != clause.i else None


# Verbs whose object is the subject of a bare infinitive after it ("made them leave").
_BARE_CONTROL = frozenset({"make", "let", "help", "have", "see", "watch", "hear"})


def subject(verb: Token) -> Token | None:
    """The subject of a verb, as it reads: a relative pronoun gives its antecedent; a conjoined verb shares
    the first one's subject; an infinitive or gerund without one takes the governing clause's; a
    participle modifying a noun has that noun."""
    seen = 0
    while seen < 8:  # bounded: parses are trees, but keep a malformed one from looping
        seen += 1
        own = child(verb, *SUBJECTS)
        if own is not None:
            if own.lower_ in RELATIVE_WORDS and verb.dep_ == "relcl":
                return verb.head
            return own
        if verb.dep_ == "relcl" and not passive(verb):
            return verb.head
        for c in verb.children:  # "Backed by jets, Iraqi troops and the Peshmerga retook X" (misparsed)
            if c.dep_ == "advcl" and c.tag_ == "VBN" and c.i < verb.i:
                by = next(
                    (o for a in c.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"), None
                )
                conj = next((x for x in by.children if x.dep_ == "conj"), None) if by is not None else None
                if conj is not None:
                    return conj
        if verb.dep_ == "acl":
            return None if passive(verb) else verb.head
        if verb.dep_ in ("conj", "xcomp", "advcl", "pcomp") or (verb.dep_ == "ccomp" and verb.tag_ == "VBG"):
            head = verb.head
            if verb.dep_ == "pcomp":  # "after capturing X": the preposition hangs from the clause's verb
                head = head.head
            if (
                verb.dep_ == "xcomp"
                and (obj := child(head, "dobj")) is not None
                and (child(verb, "aux") is not None or head.lemma_.lower() in _BARE_CONTROL)
            ):
                return (
                    obj  # "forced the militants to withdraw", "made them leave" (not "force X out and take")
                )
            if head.i == verb.i:
                return None
            verb = head
            continue
        return None
    return None


def direct_object(verb: Token) -> Token | None:
    """What the verb acts on: its object; for a passive, its subject (through a relative clause)."""
    if passive(verb):
        own = child(verb, "nsubjpass")
        if own is not None:
            if own.lower_ in RELATIVE_WORDS:
                return antecedent(verb) or own
            return own
        if verb.dep_ in ("acl", "relcl"):
            return verb.head
        if verb.dep_ == "conj":
            return direct_object(verb.head)
        return None
    obj = child(verb, "dobj", "attr")
    if obj is None:
        particle = child(verb, "prt")
        obj = child(particle, "pobj") if particle is not None else None
    if obj is not None and obj.lower_ in RELATIVE_WORDS and verb.dep_ == "relcl":
        return verb.head
    return obj


def agent(verb: Token) -> Token | None:
    for _, o in prep_objects(verb, ("by",)):
        return o
    return None


def clause_head(tok: Token) -> Token:
    """The verb heading the clause a token belongs to (the token itself for a verb)."""
    cur = tok
    for _ in range(64):
        if is_verb(cur) and cur.dep_ != "aux" and cur.dep_ != "auxpass":
            return cur
        if cur.head.i == cur.i:
            return cur
        cur = cur.head
    return cur


def span_of(tok: Token) -> tuple[int, int]:
    """Character span (relative to the doc) of a token's subtree."""
    return tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)


def walk(
    head: Token, prune: frozenset[str] = CLAUSES, skip: Iterable[Token] = ()
) -> Iterator[tuple[Token, int]]:
    """Tokens under `head` (head included) with their 'qualifier depth': how many prepositions other than
    'of' lie between them and the head. Children whose relation is in `prune`, and the subtrees of `skip`,
    are left out."""
    skipped = {t.i for t in skip}
    stack = [(head, 0)]
    while stack:
        tok, depth = stack.pop()
        if tok.i in skipped:
            continue
        yield tok, depth
        for c in tok.children:
            if c.dep_ in prune or c.i in skipped:
                continue
            if c.dep_ == "conj" and is_verb(c) and is_verb(tok):  # "captured X and attacked Y": Y is not X's
                continue
            # a preposition other than 'of', or a participle ('villages surrounding X'), qualifies its head
            step = 1 if (c.dep_ in ("prep", "agent") and c.lower_ != "of") or c.dep_ == "acl" else 0
            stack.append((c, depth + step))


def clause_tokens(head: Token, keep: Token | None = None) -> list[Token]:
    """The words of a clause: its head's subtree without embedded clauses (except the one holding `keep`)."""
    holding: set[int] = set()
    if keep is not None:
        cur = keep
        while cur.i != head.i and cur.head.i != cur.i:
            holding.add(cur.i)
            cur = cur.head
    out = []
    stack = [head]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for c in tok.children:
            if c.dep_ in CLAUSES | {"conj"} and is_verb(c) and c.i not in holding:
                continue
            stack.append(c)
    return sorted(out, key=lambda t: t.i)


def path(src: Token, dst: Token) -> str:
    """The dependency path from src to dst: '^dobj launched >prep:on >pobj city'."""
    up: list[Token] = []
    cur = src
    ancestors = {src.i: 0}
    chain = [src]
    while cur.head.i != cur.i:
        cur = cur.head
        ancestors[cur.i] = len(chain)
        chain.append(cur)
    down: list[Token] = []
    cur = dst
    while cur.i not in ancestors:
        down.append(cur)
        if cur.head.i == cur.i:
            break
        cur = cur.head
    common = cur
    up = chain[: ancestors.get(common.i, 0)]
    steps = [f"^{t.dep_}" for t in up]
    if up:
        steps.append(common.text)
    for t in reversed(down):
        label = f"prep:{t.lower_}" if t.dep_ in ("prep", "agent") else t.dep_
        steps.append(f">{label}")
        steps.append(t.text)
    return " ".join(steps) if steps else "(trigger)"


def sentence_of(tok: Token) -> Span:
    return tok.sent
