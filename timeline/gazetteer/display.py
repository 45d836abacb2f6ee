"""Display names: the one English name people read for a place, an admin1 or a country, decided here and
read by the queries, the API, the widget (through the API) and every export. The gazetteer keeps its own
spelling (its id and name) and events keep the report's spelling; this only chooses what is shown.

The rule: drop the administrative words that make a name formal ("Muhafazat Kirkuk", "Salah ad Din
Governorate"), fold diacritics and ayn/okina marks to ASCII ("Tall ‘Afar" -> "Tall Afar"), then take the
conventional English name from the curated table beside this module when it lists the name's folded key
("Tall Afar" -> "Tal Afar", "Ninawa" -> "Nineveh")."""

from __future__ import annotations

import json
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from timeline.gazetteer.folding import fold
from timeline.gazetteer.sources import _ADMIN_WORDS

# The words that make an admin1 name formal are the index builder's (it indexes the bare rest as an alias),
# read from there so the index's fingerprint (timeline.gazetteer.build) does not depend on this module.
ADMIN_WORDS = _ADMIN_WORDS
# Ayn, hamza and okina signs: dropped ("Tall ‘Afar", "Karbala'"); the typographic apostrophe becomes ASCII.
_MARKS = dict.fromkeys(map(ord, "‘ʿʾʼʻ`´′"), None) | {ord("’"): "'"}
_EDGE = " ,-'"
_MIN_LETTERS = 3  # what must be left of a name once its administrative words are dropped


@cache
def _overrides() -> dict[str, str]:
    table = json.loads((Path(__file__).with_name("display_names.json")).read_text(encoding="utf-8"))
    return {key: name for key, name in table.items() if not key.startswith("_")}


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_MARKS))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=50_000)
def display_name(name: str | None) -> str | None:
    """The English display name of a place or admin1 name (None stays None)."""
    if name is None or not name.strip():
        return name
    bare = " ".join(ADMIN_WORDS.sub(" ", name).split()).strip(_EDGE)
    if sum(ch.isalpha() for ch in bare) < _MIN_LETTERS:  # "Province C" is a name, not C's province
        bare = name.strip()
    for candidate in (bare, name):
        known = _overrides().get(fold(candidate))
        if known:
            return known
    plain = _ascii(bare).strip(_EDGE)
    return plain if plain.isascii() and plain else bare


@lru_cache(maxsize=500)
def country_name(code: str | None) -> str | None:
    """The English display name of an ISO 3166-1 alpha-2 code ("SY" -> "Syria"); the code when unknown."""
    if not code:
        return None
    import pycountry

    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    return display_name(getattr(country, "common_name", None) or country.name)
