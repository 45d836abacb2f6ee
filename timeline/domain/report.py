"""A report as extraction sees it, and the identity rule: sha256 of the normalised text."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date

from timeline.domain.values import Value

_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """NFC, whitespace runs folded to one space, trimmed: two copies of a report that differ only in
    line wrapping or trailing blanks get one id."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def report_id_for(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


class Report(Value):
    """The stored text of one report and what is known about it."""

    report_id: str
    text: str
    published: date | None = None
    published_uncertain: bool = False
    source: str | None = None
    url: str | None = None
    title: str | None = None
