"""Word lists that decide whether a capitalised name in running text is a place (kept as data + sets)."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from timeline.gazetteer.folding import fold

# Words after a name that make it a province ("Diyala province") or region ("the Kirkuk region").
ADMIN_SUFFIXES = frozenset({"province", "governorate", "region", "oblast", "provinces", "governorates",
                            "regions", "oblasts", "muhafazat"})
PLURAL_ADMIN_SUFFIXES = frozenset({"provinces", "governorates", "regions", "oblasts"})
# What joins the names of a list ("Kandahar and Helmand", "Homs, Hama").
COORDINATION = re.compile(r"\s*(?:,|and|or|&|, and)\s*$")
# Capitalised words that start many Arabic names but are not places on their own.
GENERIC_HEADS = frozenset({
    "deir", "dayr", "tal", "tall", "tell", "ras", "jabal", "jebel", "ain", "ayn", "kafr", "bab", "abu",
    "umm", "wadi", "qasr", "khan", "bir", "beit", "bayt", "sheikh", "shaikh", "sayyid", "imam", "al", "el",
    "bani", "beni", "ibn", "bin", "mar", "saint", "st", "mount", "lake", "camp", "port", "new", "old",
    "jisr", "tel", "qalat", "hawsh",
})
# Given names and titles: a place name right after one, or written as a nisba ("Nuri al-Maliki"), is a person.
PERSON_HEADS = frozenset({
    "abu", "bin", "ibn", "ali", "hassan", "hasan", "hussein", "husayn", "omar", "umar", "mohammed",
    "muhammad", "mohammad", "ahmed", "ahmad", "mahmoud", "mahmud", "khalid", "khaled", "abdullah", "abdul",
    "haider", "haidar", "nouri", "nuri", "saddam", "bashar", "qassem", "qasem", "qasim", "hadi", "mustafa",
    "osama", "usama", "zaid", "ayman", "abdel", "abd", "sheikh", "mr", "mrs", "ms", "dr", "general", "gen",
    "colonel", "col", "president", "minister", "king", "prince", "emir", "imam", "ayatollah", "sayyid",
    "mullah", "said",
})
# Lower-case words after which a common word ("in Hit") is read as a place.
LOCATIVE = frozenset({
    "in", "at", "near", "from", "to", "into", "toward", "towards", "outside", "around", "of", "captured",
    "seized", "took", "retook", "entered", "stormed", "liberated", "across", "through", "besieged",
    "attacked", "struck", "hit", "bombed", "between", "and", "inside",
})
# Capitalised words after a place name that make the pair an organisation ("Quds Force", "Tehran Times").
ORGANISATION_TAILS = frozenset({
    "force", "forces", "brigade", "brigades", "front", "party", "movement", "times", "post", "news",
    "corps", "guard", "guards", "regiment", "division", "battalion", "radio", "tv", "channel", "eye",
    "airways", "club", "bank", "unit", "units", "militia", "tribune", "herald", "daily", "agency", "accord",
    "agreement", "process", "declaration", "convention", "protocol", "talks", "newspaper", "magazine",
    "organization", "organisation", "army", "committee", "council", "ministry", "authority", "operations",
})
# ... and those that do so even in lower case ("Al Bayan radio").
MEDIA_TAILS = frozenset({"radio", "tv", "channel", "newspaper", "magazine", "agency", "news"})


def _data_lines(name: str) -> list[str]:
    text = (resources.files("timeline.gazetteer") / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=2)
def _word_list(name: str) -> frozenset[str]:
    return frozenset(w for line in _data_lines(name) for w in line.split())


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Country adjective or demonym as written ("Libyan", "Afghans") -> ISO2 (demonyms.txt)."""
    out: dict[str, str] = {}
    for line in _data_lines("demonyms.txt"):
        iso, *forms = line.split()
        out.update((form, iso) for form in forms)
    return out


@lru_cache(maxsize=1)
def not_place_keys() -> frozenset[str]:
    """Folded names that are never place mentions: armed groups, peoples, sects (group_names.txt) and the
    country adjectives/demonyms (demonyms.txt), however some village's alternate names list them."""
    return frozenset(fold(n) for n in (*_data_lines("group_names.txt"), *demonyms())) - {""}


def common_words() -> frozenset[str]:
    """Capitalised English words that are place names somewhere (common_words.txt)."""
    return _word_list("common_words.txt")


def person_names() -> frozenset[str]:
    """Names of people that are place names somewhere (person_names.txt)."""
    return _word_list("person_names.txt") | PERSON_HEADS
