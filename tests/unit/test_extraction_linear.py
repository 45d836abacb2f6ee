"""Linear time in the text stages around the parser (page preparation, comment segments, publication date,
temporal expressions, gazetteer mention finding and resolution), measured without a clock: the number of
Python line events those modules execute, which is deterministic. Twice the text must cost about twice the
lines. A part that compares every expression or mention with every earlier one makes it 2.4 to 3 times at
these sizes (the old overlap test of the temporal scan, the old anchor search of relative dates, the old
admin1 loop of the resolver each failed this test).

Blind spot: work done inside one C call (slicing, `in`, a regex search over a long range) is one line
event; those costs show in the timings of benchmarks/extract_bench.py, which tests never assert."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from types import FrameType
from typing import Any

import pytest

from benchmarks.war_text import generate
from timeline.extraction.cleaning import prepare_page
from timeline.extraction.dates import find_temporal_expressions
from timeline.extraction.pubdate import find_publication_date
from timeline.extraction.segments import segment
from timeline.gazetteer import Gazetteer

# The modules whose lines are counted (paths inside the package).
OWNED = ("timeline/extraction/cleaning.py", "timeline/extraction/furniture.py",
         "timeline/extraction/segments.py", "timeline/extraction/dates.py", "timeline/extraction/pubdate.py",
         "timeline/extraction/temporal/", "timeline/gazetteer/")
SIZE = 100_000  # characters; the test compares SIZE with 2 * SIZE
MOST = 2.3  # line events at 2 * SIZE over those at SIZE

SHAPES: dict[str, Callable[[str], str]] = {
    "paragraphs": lambda text: text,
    "one line": lambda text: " ".join(text.split("\n")),  # no paragraph or line breaks at all
    "a line per sentence": lambda text: text.replace(". ", ".\n"),
}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def line_events(work: Callable[[], Any]) -> int:
    """Line events executed in the OWNED modules while `work` runs."""
    count = 0

    def in_owned(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return in_owned

    def on_call(frame: FrameType, event: str, arg: Any) -> Any:
        path = frame.f_code.co_filename.replace("\\", "/")
        return in_owned if any(part in path for part in OWNED) else None

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        work()
    finally:
        sys.settrace(previous)
    return count


STAGES: dict[str, Callable[[str, Gazetteer], object]] = {
    "prepare_page": lambda text, gaz: prepare_page(text, content_type="text/plain"),
    "segment": lambda text, gaz: segment(text),
    "publication date": lambda text, gaz: find_publication_date(text),
    "temporal expressions": lambda text, gaz: find_temporal_expressions(text, date(2014, 6, 17)),
    "place mentions": lambda text, gaz: gaz.resolve(gaz.find_mentions(text), text),
}


@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize("stage", list(STAGES))
def test_each_stage_does_twice_the_work_for_twice_the_text(stage: str, shape: str, gaz: Gazetteer) -> None:
    """Each stage on its own, so a quadratic part of a cheap stage is not hidden by a costly one."""
    run = STAGES[stage]
    small, large = (prepare_page(SHAPES[shape](generate(n)), content_type="text/plain").text
                    for n in (SIZE, 2 * SIZE))
    run(large, gaz)  # warm the caches (folded tokens, ranked candidates) for both runs alike
    work_small = line_events(lambda: run(small, gaz))
    work_large = line_events(lambda: run(large, gaz))
    assert work_small > 10  # the stage really ran, traced (the publication date reads only the head)
    assert work_large / work_small <= MOST, (
        f"{work_large:,} line events for 2x the text, {work_small:,} for 1x")


def test_generated_text_is_varied_and_sized() -> None:
    """The measure is only as good as the text: of the size asked, reproducible, and not one repeated
    paragraph (distinct paragraphs exercise the rules and keep caches from hiding the work)."""
    text = generate(SIZE)
    assert SIZE <= len(text) < SIZE + 1_000
    assert text == generate(SIZE)
    paragraphs = text.split("\n\n")[1:]
    assert len(set(paragraphs)) > 0.9 * len(paragraphs)
