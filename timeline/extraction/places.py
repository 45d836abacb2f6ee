"""Where an event happened, from the places a trigger's argument slots hold: the most specific named place
(a town over the province holding it, a name over a distance reference), coordinated towns each, a facility
named after its town ("the dam near Mosul" -> Mosul Dam), and what "the city", "the town" or "there" stands
for (the locality the paragraph is about)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from timeline.extraction.context import Context, SpanIndex
from timeline.extraction.layout import Paragraph
from timeline.extraction.syntax import CLAUSES, walk
from timeline.extraction.toponyms import PlaceMention
from timeline.gazetteer import Gazetteer, GazetteerEntry

_REACH_PARAGRAPHS = 3  # how far back "the city" may look for the town it stands for
_SITE_REACH = 30  # how far back "the dam" may look for the dam named
# What a paragraph can be "about": settlements, not regions, mountains or crossings named in passing.
TOPIC_KINDS = frozenset({"city", "town", "village", "district", "neighbourhood", "locality", "capital"})
# Localities that are wide areas: a town named beside them is the more specific place.
AREA_KINDS = frozenset({"region", "mountain", "range", "valley", "desert", "river", "lake", "island"})
_SCAN_LIMIT = 400  # mentions looked at per resolution (bounds the work on a huge paragraph)
PLACE_PRONOUNS = frozenset({"there", "here"})
_DIRECTIONS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}
    | {"north-east", "north-west", "south-east", "south-west"}
)
OBJECT_PRONOUNS = frozenset({"it", "which", "that"})
# Nouns for a part of a town, named by a modifier ("the Qadisiya neighbourhood of Mosul").
_PART_NOUNS = frozenset(
    {"neighbourhood", "neighborhood", "district", "quarter", "suburb", "area", "sector", "zone"}
)
# The gazetteer kinds a site noun may resume ("the dam" -> the last dam named).
_SITE_KINDS = {
    "dam": frozenset({"dam"}),
    "base": frozenset({"base", "airport"}),
    "airbase": frozenset({"base"}),
    "airport": frozenset({"airport", "base"}),
    "airfield": frozenset({"base", "airport"}),
    "crossing": frozenset({"crossing"}),
    "refinery": frozenset({"refinery"}),
    "field": frozenset({"oilfield"}),
    "oilfield": frozenset({"oilfield"}),
    "mountain": frozenset({"mountain"}),
    "mountains": frozenset({"mountain"}),
    "neighbourhood": frozenset({"neighbourhood"}),
    "neighborhood": frozenset({"neighbourhood"}),
}
_FACILITY_NAMES = {
    "dam": "Dam",
    "airport": "Airport",
    "refinery": "Refinery",
    "base": "Air Base",
    "airbase": "Air Base",
    "barracks": "Barracks",
    "field": "Oil Field",
    "oilfield": "Oil Field",
    "crossing": "Border Crossing",
    "university": "University",
    "stadium": "Stadium",
    "mosque": "Mosque",
    "hospital": "Hospital",
    "bridge": "Bridge",
}


@dataclass(frozen=True)
class PlacePick:
    mention: PlaceMention
    how: str  # which slot gave it: "object", "prep:into", "purpose", "clause", "anaphora", "topic" ...
    path: str  # dependency path from the trigger, for --explain
    token: Token | None  # the token naming it in this sentence (None when resolved from elsewhere)
    inferred: bool = False  # resolved from "the city", "there" or the paragraph, not named in the slot
    approximate: bool = False  # a name qualifying the slot's common noun: 'a village in Kirkuk'


class TopicTracker:
    """The locality a paragraph is about: the last town named before a point (this paragraph first, then up
    to three before it), else the report's most named town."""

    def __init__(
        self,
        mentions: SpanIndex[PlaceMention],
        paragraphs: list[Paragraph],
        gazetteer: Gazetteer,
        main_country: str | None = None,
    ):
        self.mentions = mentions
        self.gazetteer = gazetteer
        # the countries the report is about: a town elsewhere ("Google" read as a US city) is no topic
        self.countries = {
            m.entry.country
            for m in mentions.items
            if m.entry is not None and m.level == "country" and m.entry.country
        }
        if main_country:
            self.countries.add(main_country)
        self.paragraph_start = {p.index: p.start for p in paragraphs}
        counts: dict[str, tuple[int, int, PlaceMention]] = {}
        for m in mentions.items:
            if (
                m.reference
                or m.level != "locality"
                or (m.entry is not None and m.entry.kind not in TOPIC_KINDS)
            ):
                continue
            if m.entry is not None and self.countries and m.entry.country not in self.countries:
                continue
            n, first, _ = counts.get(m.key, (0, m.start, m))
            counts[m.key] = (n + 1, first, m)
        ranked = sorted(counts.values(), key=lambda c: (-c[0], c[1]))
        self.main = ranked[0][2] if ranked else None

    def before(
        self,
        at: int,
        paragraph: int,
        level: str = "locality",
        kinds: frozenset[str] | None = TOPIC_KINDS,
        country: str | None = None,
        reach: int = _REACH_PARAGRAPHS,
    ) -> PlaceMention | None:
        """The last place of that level (and kind) named before `at` within `reach` paragraphs, one the
        gazetteer places first."""
        found = self._before(at, paragraph, level, kinds, country, located=True, reach=reach)
        return found or self._before(at, paragraph, level, kinds, country, located=False, reach=reach)

    def _before(
        self,
        at: int,
        paragraph: int,
        level: str = "locality",
        kinds: frozenset[str] | None = TOPIC_KINDS,
        country: str | None = None,
        located: bool = False,
        reach: int = _REACH_PARAGRAPHS,
    ) -> PlaceMention | None:
        lo = self.paragraph_start.get(max(0, paragraph - reach), 0)
        for m in reversed(self.mentions.before(at, _SCAN_LIMIT)):
            if m.start < lo:
                break
            if m.reference or m.level != level:
                continue
            if kinds is not None and level == "locality":
                if m.entry is None and kinds is not TOPIC_KINDS:
                    continue  # a site ('the dam') resumes a named site only
                if m.entry is not None and m.entry.kind not in kinds:
                    continue
            if m.entry is not None and self.countries and m.entry.country not in self.countries:
                continue
            if country is not None and (m.entry is None or m.entry.country != country):
                continue
            if located and m.entry is None:
                continue
            return m
        return None

    def resolve(
        self,
        at: int,
        paragraph: int,
        noun: str | None,
        sentence_end: int | None = None,
        country: str | None = None,
    ) -> PlaceMention | None:
        """What 'the <noun>' (or 'there', 'it') at `at` stands for: the last such site named ('the dam'
        after 'Haditha Dam'), else the last town named before it, else the first town named just after it
        (a story that names the town a sentence later), else the report's main town."""
        if noun in ("province", "governorate", "region"):
            area = self.before(at, paragraph, level="admin1", country=country) or self.after(
                sentence_end or at, paragraph, level="admin1", country=country
            )
            return area
        if noun in ("country",):
            return self.before(at, paragraph, level="country")
        kinds = _SITE_KINDS.get(noun or "")
        # a named site ('Haditha Dam') is what 'the dam' stands for anywhere later in the report
        if (
            kinds is not None
            and (site := self.before(at, paragraph, kinds=kinds, reach=_SITE_REACH)) is not None
        ):
            return site
        if kinds is not None and (site := self.after(sentence_end or at, paragraph, kinds=kinds)) is not None:
            return site  # "a border crossing" here, "the Rabia crossing" a sentence later
        return self.before(at, paragraph) or self.after(sentence_end or at, paragraph) or self.main

    def after(
        self,
        at: int,
        paragraph: int,
        level: str = "locality",
        reach: int | None = None,
        country: str | None = None,
        kinds: frozenset[str] = TOPIC_KINDS,
    ) -> PlaceMention | None:
        """The first town (or province, or site of `kinds`) named after `at`, in this paragraph or the next
        (a province a few paragraphs on: a region is often named only later)."""
        if reach is None:
            reach = 2 if level == "locality" else 1 + _REACH_PARAGRAPHS
        limit = self.paragraph_start.get(paragraph + reach, 10**12)
        for m in self.mentions.from_(at, _SCAN_LIMIT):
            if m.start >= limit:
                break
            if m.reference or m.level != level or (level == "locality" and not is_town(m)):
                continue
            if m.entry is None and kinds is not TOPIC_KINDS:
                continue  # a site resumes a named site only
            if m.entry is not None and (
                (level == "locality" and m.entry.kind not in kinds)
                or (self.countries and m.entry.country not in self.countries)
            ):
                continue
            if country is not None and (m.entry is None or m.entry.country != country):
                continue
            return m
        return None

    @lru_cache(maxsize=512)  # noqa: B019 - one tracker per report; the cache dies with it
    def facility(self, entry_id: str, noun: str) -> GazetteerEntry | None:
        """'the dam near Mosul', 'Mosul's airport': the facility named after the town, if the gazetteer has
        it ("Mosul Dam")."""
        entry = self.gazetteer.get(entry_id)
        suffix = _FACILITY_NAMES.get(noun)
        if entry is None or suffix is None:
            return None
        for name in (f"{entry.name} {suffix}", f"{entry.name} {noun}"):
            for hit in self.gazetteer.lookup(name):
                if (
                    hit.level == "locality"
                    and hit.id != entry.id
                    and hit.kind not in ("city", "town", "village")
                ):
                    return hit
        return None


def places_under(
    ctx: Context, head: Token, skip: tuple[Token, ...] = (), prune: frozenset[str] = CLAUSES
) -> list[tuple[PlaceMention, int, Token]]:
    """Place mentions in the phrase headed by `head`, each with its qualifier depth (prepositions other
    than 'of' between it and the head) and the token it is written at."""
    seen: dict[int, tuple[PlaceMention, int, Token]] = {}
    place_nouns = ctx.place_nouns
    for tok, depth in walk(head, prune, skip):
        m = ctx.place_at.get(tok.i)
        if m is None:
            continue
        root = tok
        while root.head.i != root.i and ctx.place_at.get(root.head.i) is m:
            root = root.head
        if root.dep_ == "poss" and getattr(m, "level", "") == "country" and root.head.i in ctx.trigger_tokens:
            continue  # "Turkey's incursion": the country did it
        if (
            root.dep_ in ("compound", "poss", "amod", "nmod")
            and ctx.place_at.get(root.head.i) is None
            and root.head.lemma_.lower() not in place_nouns
            and root.head.lemma_.lower() not in _DIRECTIONS  # "Hostomel north-west of the capital"
            and root.head.i not in ctx.trigger_tokens
        ):
            continue  # "Syria state TV", "Iraq's military": the name qualifies someone, not where
        key = id(m)
        if key not in seen or seen[key][1] > depth:
            seen[key] = (m, depth, tok)  # type: ignore[assignment]
    return sorted(seen.values(), key=lambda f: f[0].start)


def is_town(m: PlaceMention) -> bool:
    return m.level == "locality" and (m.entry is None or m.entry.kind not in AREA_KINDS)


def choose(
    found: list[tuple[PlaceMention, int, Token]], gazetteer: Gazetteer, one_area: bool = False
) -> list[tuple[PlaceMention, Token]]:
    """The places an argument slot states: named places over distance references, the least qualified
    ones ('the towns of A and B near C' -> A, B), without the province or country holding one of them;
    each coordinated town, else each area (or only the first, for types where one operation spans
    several provinces)."""
    if not found:
        return []
    # a province or country named beside a town inside it only says where that town is
    towns_found = [
        f[0].entry for f in found if is_town(f[0]) and f[0].entry is not None and not f[0].reference
    ]
    found = [
        f
        for f in found
        if is_town(f[0])
        or f[0].entry is None
        or not any(gazetteer.contains(f[0].entry, t) for t in towns_found)
    ] or found
    named = [f for f in found if not f[0].reference]
    # names the gazetteer cannot place, beside a place it can ("villages of A and B east of Tal Afar"): the
    # located reference says where, roughly
    located_refs = [f for f in found if f[0].reference and f[0].entry is not None and is_town(f[0])]
    if named and located_refs and all(f[0].entry is None for f in named):
        named = []
    # names it cannot place beside a placed name less closely tied ("clashed near A and B in northern
    # Hama province"): the placed one
    placed = [f for f in named if f[0].entry is not None]
    if named and placed and all(f[0].entry is None for f in named if f[1] == min(g[1] for g in named)):
        named = placed
    pool = named or found
    depth = min(f[1] for f in pool)
    group = [f for f in pool if f[1] == depth]
    localities = [f for f in group if f[0].level == "locality"]
    kept = []
    for f in group:
        m = f[0]
        if (
            m.level != "locality"
            and m.entry is not None
            and any(
                loc[0].entry is not None and gazetteer.contains(m.entry, loc[0].entry) for loc in localities
            )
        ):
            continue
        if m.level == "country" and any(
            g[0].level == "admin1"
            and g[0].entry is not None
            and m.entry is not None
            and g[0].entry.country == m.entry.country
            for g in group
        ):
            continue
        kept.append((m, f[2]))
    # "the Qadisiya neighbourhood of Mosul": the name on a part of a town, not the town it is part of ("the
    # Red Sea port city of Hodeidah" is Hodeidah: a city is named by its 'of')
    kept = [
        k
        for k in kept
        if not (
            k[1].dep_ == "pobj"
            and k[1].head.lower_ == "of"
            and k[1].head.head.lemma_.lower() in _PART_NOUNS
            and any(o[1].dep_ == "compound" and o[1].head.i == k[1].head.head.i for o in kept)
        )
    ] or kept
    towns = [k for k in kept if is_town(k[0])]
    areas = _distinct([k for k in kept if not is_town(k[0])])
    if towns:
        return _distinct(towns)
    return areas[:1] if one_area else areas


def _distinct(items: list[tuple[PlaceMention, Token]]) -> list[tuple[PlaceMention, Token]]:
    out: list[tuple[PlaceMention, Token]] = []
    keys: set[str] = set()
    for m, tok in items:
        if m.key not in keys:
            keys.add(m.key)
            out.append((m, tok))
    return out
