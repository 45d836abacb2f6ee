"""What a temporal rule returns before it becomes a `When`: a resolved interval, or a pending one that
needs a year from context or an anchor expression."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Interval:
    start: date | None
    end: date | None
    precision: str

    @property
    def known(self) -> bool:
        return self.start is not None and self.end is not None


UNKNOWN = Interval(None, None, "unknown")


@dataclass(frozen=True)
class NeedsYear:
    """A month (and maybe day) with no year: resolved against publication, or a year stated nearby."""

    month: int
    day: int | None = None
    part: str | None = None  # "early" / "mid" / "late" part of the month
    cue: str | None = None  # "last", "since", "next", "this", or None


@dataclass(frozen=True)
class Offset:
    """'two days after' / 'the next day': a shift of an anchor expression, in days or months."""

    days: int = 0
    months: int = 0
    forward_anchor: bool = False  # "two days after <anchor>": the anchor may follow in the sentence
    span: str | None = None  # "that month" / "that year": the whole month or year of the anchor
