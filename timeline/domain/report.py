"""A report as extraction sees it, the identity rule (sha256 of the normalised text) and the plausible
window for its publication date (the one place that window is decided)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta

from timeline.domain.values import Value

_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """NFC, whitespace runs folded to one space, trimmed: two copies of a report that differ only in
    line wrapping or trailing blanks get one id."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def report_id_for(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


# News reports on this service's conflicts are modern; earlier is a typo or a number read as a date.
EARLIEST_PUBLISHED = date(1900, 1, 1)


def latest_published(now: datetime | None = None) -> date:
    """Tomorrow in UTC: a report dated in a time zone ahead of UTC may carry tomorrow's UTC date."""
    return (now or datetime.now(UTC)).astimezone(UTC).date() + timedelta(days=1)


def published_problem(day: date, now: datetime | None = None) -> str | None:
    """Why `day` cannot be a publication date (one line), or None when it is plausible."""
    latest = latest_published(now)
    if EARLIEST_PUBLISHED <= day <= latest:
        return None
    return (f"published {day.isoformat()} is outside {EARLIEST_PUBLISHED.isoformat()} to "
            f"{latest.isoformat()} (tomorrow, UTC), the dates a report can have")


class Report(Value):
    """The stored text of one report and what is known about it."""

    report_id: str
    text: str
    published: date | None = None
    published_uncertain: bool = False
    source: str | None = None
    url: str | None = None
    title: str | None = None
