"""Publication date from a report's dateline or byline (placeholder until the text helper lands)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PublicationDate:
    date: date | None
    rule: str
    phrase: str | None
    uncertain: bool


def find_publication_date(
    text: str, outlet: str | None = None, date_order: str | None = None
) -> PublicationDate | None:
    return None
