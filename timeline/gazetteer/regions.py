"""Which countries a conflict report is likely about: the tiers that decide what is matched in running text,
which names get transliteration-tolerant keys, and the context-free preference between namesakes."""

from __future__ import annotations

# The Iraq/Syria theatre and its neighbours: every place is matched in text and preferred without context.
REGION = frozenset({"IQ", "SY", "IR", "TR", "LB", "JO"})
FOCUS = frozenset({"IQ", "SY"})
# Other wars and insurgencies reports cover (Middle East, North Africa, Sahel, Horn of Africa, Afghanistan/
# Pakistan, Caucasus, Ukraine): every place is matched in text, with a smaller preference than REGION.
CONFLICT_ZONES = frozenset({
    "IL", "PS", "SA", "KW", "YE", "OM", "AE", "QA", "BH", "EG", "LY", "TN", "SD", "SS", "ML", "NE", "BF",
    "TD", "MR", "NG", "CM", "CF", "SO", "ET", "ER", "DJ", "AF", "PK", "AZ", "AM", "GE", "UA",
})
# Large countries next to those wars whose towns reports name (Russia's border oblasts, the Maghreb):
# matched in text only from this population up, so their many hamlets do not fire on prose.
RING_MIN_POPULATION = 5_000
RING = frozenset({"RU", "BY", "MD", "DZ", "MA", "KE", "CY"})
TEXT_COUNTRIES = REGION | CONFLICT_ZONES
# Below this population a place outside REGION keeps only the alternate names that are spellings of its main
# name (Irpen for Irpin, Gostomel for Hostomel): GeoNames also lists other-language and historical names for
# them, many of them English words ("Rebel", "Raids", "Solar") that would fire on every report.
FOREIGN_ALIAS_MAX_POPULATION = 50_000
# Arabic and Pashto names written in Latin letters vary in spelling (Sa'dah / Saada, Lashkar Gah /
# Lashkargah): these countries' places get skeleton (fuzzy) keys. Kept to the wars' core countries: a
# skeleton key also matches English words ("Towns" ~ Tunis, "Raids" ~ Rades), so each country costs precision.
SKELETON_COUNTRIES = frozenset({"IQ", "SY", "LB", "JO", "PS", "SA", "KW", "YE", "LY", "AF"})


def region_prior(country: str | None) -> float:
    """Context-free preference for a place in `country` over a namesake elsewhere."""
    if country in REGION:
        return 2.0 + (0.5 if country in FOCUS else 0.0)
    return 1.0 if country in CONFLICT_ZONES else 0.0
