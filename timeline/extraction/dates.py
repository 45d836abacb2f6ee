"""Temporal expressions in a report's text, each resolved against the publication date into an inclusive
interval (`When`) with a precision and the phrase it came from. Never invents a year."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from timeline.domain.values import When
from timeline.extraction.temporal.absolute import (
    YEAR_PARTS,
    month_window,
    since,
    up_to_publication,
    year_window,
)
from timeline.extraction.temporal.calendar import (
    add_months,
    latest_month,
    latest_month_day,
    month_end,
    valid_day,
)
from timeline.extraction.temporal.model import UNKNOWN, Interval, NeedsYear, Offset
from timeline.extraction.temporal.scan import Found, candidates

# Rules whose phrase states a year, so a month-day without one later in the paragraph may borrow it.
_YEAR_STATING = {"iso-date", "day-month", "month-day", "month-year", "year"}
# A sentence ends at . ! ? and a space, except after an abbreviation ("Aug. 29", "Gen. Smith", "U.S. forces").
_SENTENCE_BREAK = re.compile(
    r"(?<!\b[A-Z])(?<!\b(?:Mr|Ms|Dr|St|No|Lt))(?<!\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Gen|Col|Maj|Sgt))"
    r"(?<!\b(?:Sept|Capt))(?<!\bMrs)[.!?][\"”’)]?\s")
_SINCE_BEFORE = re.compile(r"\b[Ss]ince[ \t]+$")
_ANCHOR_REACH = 3000  # how far back (characters) "two days later" looks for its anchor
_FORWARD_REACH = 80  # how far "two days after <anchor>" looks ahead in its sentence


@dataclass(frozen=True)
class TemporalExpression:
    start: int
    end: int
    phrase: str
    when: When


def before_publication(published: date | None) -> When:
    """The fallback for an event no expression governs: some time up to publication."""
    return When(start=None, end=published, precision="before-publication" if published else "unknown")


class _Breaks:
    """Where the text's paragraphs and sentences end, found once (on first use), so "are these two offsets
    in the same sentence?" costs a binary search, not a scan of the text between them (which made a long
    report quadratic: a year stated early is compared with every yearless date after it)."""

    def __init__(self, text: str):
        self.text = text

    @cached_property
    def lines(self) -> list[int]:
        return [m.start() for m in re.finditer("\n", self.text)]

    @cached_property
    def sentences(self) -> tuple[list[int], list[int]]:
        """Starts and ends of the sentence breaks. A break counts between two offsets only when all of it
        lies between them (as a search from `left` to `right` would find it); breaks never overlap, so
        their starts and ends are both sorted."""
        found = [(m.start(), m.end()) for m in _SENTENCE_BREAK.finditer(self.text)]
        return [a for a, _ in found], [b for _, b in found]

    def same_paragraph(self, left: int, right: int) -> bool:
        return not _any_in(self.lines, left, right - 1)

    def same_sentence(self, left: int, right: int) -> bool:
        if not self.same_paragraph(left, right):
            return False
        starts, ends = self.sentences
        first = bisect_left(starts, left)
        return first == len(starts) or ends[first] > right


def _any_in(sorted_positions: list[int], low: int, high: int) -> bool:
    """Whether a position p with low <= p <= high is in the list."""
    at = bisect_left(sorted_positions, low)
    return at < len(sorted_positions) and sorted_positions[at] <= high


def _resolve_needs_year(need: NeedsYear, published: date | None, hint_year: int | None) -> Interval:
    """A month(-day) without a year: a year stated earlier in the paragraph when it is older than the
    publication year (a narrative of the past), else the latest such date on or before publication."""
    year: int | None = None
    if hint_year is not None and (published is None or hint_year < published.year):
        year = hint_year
    if need.day is not None:
        if year is not None:
            day = valid_day(year, need.month, need.day)
        elif published is not None:
            day = latest_month_day(need.month, need.day, published)
        else:
            return UNKNOWN
        return since(Interval(day, day, "day"), need.cue, published) if day else UNKNOWN
    if year is None:
        if published is None:
            return UNKNOWN
        if need.cue == "next":
            year = published.year + (0 if need.month > published.month else 1)
        elif need.cue == "this":
            year = published.year
        else:
            year = latest_month(need.month, published, strictly_before=need.cue == "last")
    return since(month_window(year, need.month, need.part, published), need.cue, published)


def _anchor(items: list[Found], index: int, breaks: _Breaks, offset: Offset) -> Interval:
    """The expression an offset counts from: the next one in the same sentence for 'N days after <X>',
    else the nearest earlier one within reach (a day-precision one first for a shift in days)."""
    item = items[index]
    if offset.forward_anchor and index + 1 < len(items):
        following = items[index + 1]
        if following.start - item.end <= _FORWARD_REACH and breaks.same_sentence(item.end, following.start) \
                and following.interval.known and not isinstance(following.value, Offset):
            return following.interval
    if offset.forward_anchor and index and breaks.same_sentence(items[index - 1].end, item.start):
        # "recaptured in January 2016, nine months after it fell": the date belongs to the main clause.
        return UNKNOWN
    # Walk back only as far as the reach: the expressions do not overlap, so their ends are sorted, and
    # the walk costs the few expressions within _ANCHOR_REACH, however long the report.
    latest: Found | None = None
    j = index - 1
    while j >= 0 and item.start - items[j].end <= _ANCHOR_REACH:
        earlier = items[j]
        j -= 1
        if not earlier.interval.known:
            continue
        latest = latest or earlier
        if offset.months or offset.span:
            break
        if earlier.interval.precision == "day":
            return earlier.interval
    return latest.interval if latest is not None else UNKNOWN


def _shifted(anchor: Interval, offset: Offset) -> Interval:
    if anchor.start is None or anchor.end is None:
        return UNKNOWN
    if offset.span == "month":
        first = anchor.start.replace(day=1)
        return Interval(first, month_end(first.year, first.month), "month")
    if offset.span == "year":
        return Interval(date(anchor.start.year, 1, 1), date(anchor.start.year, 12, 31), "year")
    if offset.span in YEAR_PARTS:  # "that summer": the season of the anchor's year
        return year_window(anchor.start.year, offset.span, None)
    if offset.months:
        return Interval(add_months(anchor.start, offset.months), add_months(anchor.end, offset.months),
                        anchor.precision)
    step = timedelta(days=offset.days)
    return Interval(anchor.start + step, anchor.end + step, anchor.precision)


def _extend_since(item: Found, text: str, published: date | None, floor: int) -> None:
    """'since mid-October', 'since Tuesday': from the expression's start up to publication (the phrase
    takes in a 'since' just before it, if no earlier expression holds that word)."""
    if item.interval.start is None:
        return
    if not text.startswith(("since", "Since"), item.start):
        since_word = _SINCE_BEFORE.search(text, max(0, floor, item.start - 8), item.start)
        if since_word is None:
            return
        item.start = since_word.start()
    item.interval = up_to_publication(item.interval, published)


def find_temporal_expressions(text: str, published: date | None) -> list[TemporalExpression]:
    """Every temporal expression in `text`, in reading order, with offsets into `text`."""
    items = candidates(text, published)
    breaks = _Breaks(text)
    hint: tuple[int, int] | None = None  # (end offset, year) of the last expression that stated a year
    for item in items:
        if isinstance(item.value, Interval):
            item.interval = item.value
            if item.rule in _YEAR_STATING and item.value.start is not None:
                hint = (item.end, item.value.start.year)
        elif isinstance(item.value, NeedsYear):
            # News style: a yearless month counts from publication; only the same sentence ("in June 2014
            # and in July") carries an older year over. With no publication date the paragraph's year is
            # the only one there is.
            near = breaks.same_paragraph if published is None else breaks.same_sentence
            year = hint[1] if hint and near(hint[0], item.start) else None
            item.interval = _resolve_needs_year(item.value, published, year)
    for index, item in enumerate(items):
        # "fought ... in the 1980s for eight years": a duration after another date in its sentence
        # measures that older period, not the time up to publication.
        if item.rule == "duration" and index and breaks.same_sentence(items[index - 1].end, item.start):
            item.interval = UNKNOWN
    for index, item in enumerate(items):
        if isinstance(item.value, Offset):
            item.interval = _shifted(_anchor(items, index, breaks, item.value), item.value)
        _extend_since(item, text, published, items[index - 1].end if index else 0)
    return [
        TemporalExpression(item.start, item.end, text[item.start:item.end],
                           When(start=item.interval.start, end=item.interval.end,
                                precision=item.interval.precision,  # type: ignore[arg-type]
                                phrase=text[item.start:item.end]))
        for item in items
    ]


def stated_days(text: str) -> list[tuple[int, int, int | None]]:
    """(month, day, year or None) of every written-out day in the text, e.g. for checking which reading of
    an ambiguous numeric date the text agrees with."""
    days: list[tuple[int, int, int | None]] = []
    for item in candidates(text, None):
        if isinstance(item.value, NeedsYear) and item.value.day is not None:
            days.append((item.value.month, item.value.day, None))
        elif item.rule in ("day-month", "month-day", "iso-date") and isinstance(item.value, Interval) \
                and item.value.start is not None:
            days.append((item.value.start.month, item.value.start.day, item.value.start.year))
    return days
