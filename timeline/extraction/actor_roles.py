"""Who an argument of the parse is: the actor named in the phrase (the one closest to its head), else what
a pronoun, "the group" or a bare "the militants" stands for (the actor last named, or the report's main
armed group), with canonical names from the actor list (contextual names like "government forces" by the
country the report is about)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Token

from timeline.extraction.actors import ActorLexicon, ActorMention
from timeline.extraction.context import Context, SpanIndex

# Relations inside a noun phrase that can carry its actor ("Kurdish Peshmerga forces", "fighters of IS",
# "the army's jets"); clauses and other prepositions do not ("forces backed by US jets").
_CORE = frozenset(
    {
        "compound",
        "amod",
        "nmod",
        "poss",
        "det",
        "nummod",
        "appos",
        "case",
        "quantmod",
        "npadvmod",
        "pobj",
        "flat",
        "punct",
        "advmod",
        "predet",
    }
)
_PRONOUNS = frozenset({"they", "it", "he", "she", "we", "them", "its", "their", "his", "her", "who"})
ARMED = frozenset({"armed_group", "state_force"})
_ACTING = frozenset({"armed_group", "state_force", "government"})


@dataclass(frozen=True)
class ActorPick:
    name: str
    start: int | None  # where the words naming it are (None: resolved from elsewhere)
    end: int | None
    how: str
    path: str = ""


class ActorReader:
    """Actors for one report."""

    def __init__(self, lexicon: ActorLexicon, mentions: SpanIndex[ActorMention], main_country: str | None):
        self.lexicon = lexicon
        self.mentions = mentions
        self.main_country = main_country
        armed = Counter(m.name for m in mentions.items if m.kind == "armed_group")
        self.main_armed = armed.most_common(1)[0][0] if armed else None

    def kind_of(self, name: str) -> str:
        return self.lexicon.kind_of.get(name, "armed_group")

    def canonical(self, mention: ActorMention) -> str | None:
        if mention.kind == "contextual":
            by_country = self.lexicon.contextual.get(" ".join(mention.surface.lower().split()), {})
            return by_country.get(self.main_country or "")
        if mention.kind == "anaphoric":
            return self.last_before(mention.start, frozenset({"armed_group"}))
        if mention.kind == "generic":
            return self.main_armed
        return mention.name

    def last_before(self, at: int, kinds: frozenset[str] = _ACTING) -> str | None:
        for m in reversed(self.mentions.before(at, 200)):
            if m.kind in kinds and m.end <= at:
                return m.name
            if m.kind == "contextual" and "state_force" in kinds and (name := self.canonical(m)):
                return name
        return None

    def core(self, head: Token) -> list[tuple[Token, int]]:
        """The tokens of the phrase headed by `head` that may name its actor, with their tree distance."""
        out: list[tuple[Token, int]] = []
        stack = [(head, 0)]
        while stack:
            tok, depth = stack.pop()
            out.append((tok, depth))
            for c in tok.children:
                if c.dep_ in _CORE or (c.dep_ == "prep" and c.lower_ == "of"):
                    stack.append((c, depth + 1))
        return out

    def at(
        self, ctx: Context, head: Token | None, how: str, path: str = "", kinds: frozenset[str] | None = None
    ) -> ActorPick | None:
        """The actor an argument token names, or stands for."""
        if head is None:
            return None
        best: tuple[int, int, ActorMention] | None = None
        for tok, depth in self.core(head):
            m = ctx.actor_at.get(tok.i)
            if m is None:
                continue
            key = (depth, tok.i)
            if best is None or key < best[:2]:
                best = (depth, tok.i, m)  # type: ignore[assignment]
        if best is not None:
            mention = best[2]
            name = self.canonical(mention)
            if name and (kinds is None or self.kind_of(name) in kinds or mention.kind != "armed_group"):
                return ActorPick(name, mention.start, mention.end, how, path)
        at = ctx.start(head)
        if head.dep_ in ("nsubj", "poss") and (state := self._country_force(ctx, head)) is not None:
            return ActorPick(state, ctx.start(head), ctx.end(head), f"{how}: the country's forces", path)
        if head.lower_ in ("its", "their") and head.dep_ == "poss":
            # "Turkey launched its operation": the owner is the subject of the verb taking the phrase
            owned = head.head
            if owned.dep_ == "dobj":
                owner = next((c for c in owned.head.children if c.dep_ == "nsubj"), None)
                if owner is not None and owner.lower_ not in _PRONOUNS:
                    found = self.at(ctx, owner, f"{how}: '{head.text}' = the subject", path, kinds)
                    if found is not None:
                        return found
        if head.lower_ in _PRONOUNS:
            # "X said they captured ...": the pronoun is the reporting verb's subject
            clause = head.head
            if clause.dep_ == "ccomp" and clause.head.lemma_.lower() in ctx.words("reporting_verbs"):
                speaker = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
                if speaker is not None and speaker.lower_ not in _PRONOUNS:
                    found = self.at(ctx, speaker, how, path, kinds)
                    if found is not None:
                        return found
            if head.dep_ in ("nsubj", "nsubjpass", "poss") and (
                prior := self._previous_subject(ctx, head, kinds)
            ):
                return ActorPick(
                    prior, None, None, f"{how}: '{head.text}' = the previous sentence's subject", path
                )
            name = self.last_before(at, kinds or _ACTING)
            return ActorPick(name, None, None, f"{how}: '{head.text}' = {name}", path) if name else None
        lemma = head.lemma_.lower()
        if lemma in ctx.words("forces") and (national := self._national_force(ctx, head)) is not None:
            return ActorPick(national, None, None, f"{how}: '{head.text}' of that country", path)
        if lemma in ctx.words("forces") and best is None:
            generic = (
                "militant",
                "jihadist",
                "jihadi",
                "insurgent",
                "extremist",
                "terrorist",
                "rebel",
                "gunman",
                "fighter",
                "attacker",
                "assailant",
                "group",
                "cell",
                "remnant",
            )
            if lemma in generic and self.main_armed:
                return ActorPick(
                    self.main_armed, None, None, f"{how}: '{head.text}' = the report's main armed group", path
                )
            if any(c.lower_ in ("the", "these", "those") for c in head.children):
                name = self.last_before(at, frozenset({"state_force"}) if lemma not in generic else ARMED)
                if name:
                    return ActorPick(name, None, None, f"{how}: '{head.text}' = {name}", path)
        return None

    def _previous_subject(self, ctx: Context, head: Token, kinds: frozenset[str] | None) -> str | None:
        """'Iraqi forces launched an attack on X. They advanced to ...': a subject pronoun continues the
        previous sentence's subject (when that names an actor)."""
        if head.lower_ not in ("they", "it", "he", "she", "we", "their", "its"):
            return None
        sent = head.sent
        if sent.start == 0:
            return None
        previous = ctx.doc[sent.start - 1].sent
        root = previous.root
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.lower_ in _PRONOUNS:
            return None
        pick = self.at(ctx, subj, "previous subject", "", kinds)
        return pick.name if pick is not None else None

    def _country_force(self, ctx: Context, head: Token) -> str | None:
        """'Turkey launched an offensive', 'Russia's air strikes': a country that acts is its state force."""
        mention = ctx.place_at.get(head.i)
        entry = getattr(mention, "entry", None)
        if getattr(mention, "level", None) != "country" or entry is None or not entry.country:
            return None
        return self.lexicon.national_forces.get(entry.country)

    def _national_force(self, ctx: Context, head: Token) -> str | None:
        """ "Iraq's armed forces", "Iraqi soldiers": the state force of the country named or qualified."""
        from timeline.gazetteer.vocabulary import demonyms

        for c in head.children:
            country = None
            if c.dep_ in ("poss", "compound"):
                mention = ctx.place_at.get(c.i)
                level = getattr(mention, "level", None)
                entry = getattr(mention, "entry", None)
                if level == "country" and entry is not None:
                    country = entry.country
            elif c.dep_ == "amod":
                country = demonyms().get(c.text)
            if country and (name := self.lexicon.national_forces.get(country)):
                return name
        return None

    def is_force(self, ctx: Context, head: Token | None) -> bool:
        """An armed party: a named armed group or force, or a word for one ('troops', 'militants')."""
        if head is None:
            return False
        pick = self.at(ctx, head, "force")
        if pick is not None and self.kind_of(pick.name) in ARMED:
            return True
        return head.lemma_.lower() in ctx.words("forces") or head.lower_ in ctx.words("forces")
