"""Reader comments in a report's stored text: where they start and how they split, so extraction skips
them. Pure and deterministic: the same text always gives the same spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A comment thread starts at one of these lines, once the article body has begun.
_HEADERS = {
    # "Anonymous said...", "Mark said…", "Jane wrote..." (Blogger-style)
    "said": re.compile(r"^[^\n]{1,60}?\s(?:said|wrote|says)\s*(?:\.\.\.|…)\s*$"),
    # "Name | 3/22/2019 8:04:44 PM", "Name | 3/1/2019"
    "name-date": re.compile(
        r"^[^\n|]{1,60}?\s*\|\s*\d{1,2}[/.]\d{1,2}[/.]\d{2,4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?)?\s*$"),
    # "Name says:" / "Name said:" directly followed by a time-stamp line (WordPress-style)
    "says-stamp": re.compile(
        r"^[^\n]{1,60}?\s(?:says|said|wrote):\s*\n[^\n]{0,40}\d{1,2}:\d{2}[^\n]{0,20}$", re.MULTILINE),
    # "Name • 3 years ago" (Disqus-style)
    "name-ago": re.compile(
        r"^[^\n•·]{1,60}?\s*[•·]\s*\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago\s*$"),
    # "What You Say", "Reader comments", "12 Comments", "Comments (3)", "Leave a comment"
    "section": re.compile(
        r"^(?:what\s+you\s+say|(?:reader|readers'?|user|visitor)\s+comments|comments?(?:\s*\(\d+\))?|"
        r"\d+\s+(?:comments?|responses?|replies)|(?:leave|post|add)\s+a\s+(?:comment|reply)|"
        r"join\s+the\s+discussion|discussion)\s*:?\s*$", re.IGNORECASE),
}
# A linked story under the comments: its headline line, then "| 20 hours ago | (1)".
_LINKED_STORY = re.compile(r"^\|\s*[^|\n]{1,40}\|\s*\(\d+\)\s*$")
# Comments follow an article: a header counts only after this much body text.
_MIN_BODY_CHARS = 200


@dataclass(frozen=True)
class Segments:
    body: tuple[tuple[int, int], ...]
    comments: tuple[tuple[int, int], ...]


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _is_header(text: str, lines: list[tuple[int, int]], index: int) -> bool:
    start, end = lines[index]
    line = text[start:end].strip()
    if not line:
        return False
    if any(_HEADERS[name].match(line) for name in ("said", "name-date", "name-ago", "section")):
        return True
    if index + 1 < len(lines):
        pair = line + "\n" + text[lines[index + 1][0]:lines[index + 1][1]].strip()
        if _HEADERS["says-stamp"].match(pair):
            return True
        # The headline of a linked story sits on the line before its "| ... | (n)" line.
        if _LINKED_STORY.match(pair.split("\n", 1)[1]) and not _LINKED_STORY.match(line):
            return True
    return False


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def segment(text: str) -> Segments:
    """Body and reader-comment spans of the stored text. The comment thread runs from the first comment
    header (after the article body) to the end; each header starts a new comment span."""
    lines = _lines(text)
    body_chars = 0
    starts: list[int] = []
    for index, (start, end) in enumerate(lines):
        if body_chars >= _MIN_BODY_CHARS and _is_header(text, lines, index):
            starts.append(start)
        elif not starts:
            body_chars += len(text[start:end].strip())
    first = starts[0] if starts else len(text)
    body_end = _rstrip_end(text, 0, first)
    body = ((0, body_end),) if text[:body_end].strip() else ()
    comments = []
    for number, start in enumerate(starts):
        stop = starts[number + 1] if number + 1 < len(starts) else len(text)
        end = _rstrip_end(text, start, stop)
        if end > start:
            comments.append((start, end))
    return Segments(body=body, comments=tuple(comments))


def in_comments(segments: Segments, offset: int) -> bool:
    """Whether a character offset falls inside a reader comment."""
    return any(start <= offset < end for start, end in segments.comments)
