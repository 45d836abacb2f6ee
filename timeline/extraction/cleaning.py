"""Page -> the text the store keeps: size checked, decoded, main text extracted from HTML (trafilatura), page
furniture dropped, paragraphs and reader comments kept (comments are marked later by `segments.segment`).

Also owns the default report size cap (MAX_REPORT_BYTES); the service's cap is `Settings.max_body_bytes`,
which the API's body limit, the CLI's file check and `prepare_page` all take."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from timeline.extraction.furniture import drop_furniture
from timeline.extraction.pubdate import is_dateline

HTML, PLAIN = "text/html", "text/plain"
COMMENTS_HEADER = "Reader comments"  # put before comments trafilatura separated; segment() knows it
_HTML_SNIFF = re.compile(r"<(?:!doctype\s+html|html|head|body|article|div|p|meta|title)\b", re.IGNORECASE)
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx")
_BLANK_RUNS = re.compile(r"\n{3,}")


# The default size cap, in UTF-8 bytes, of a report page (plain text or HTML) and so of the text taken from
# it: the default of `Settings.max_body_bytes`, the one number that caps a request body, a report file the CLI
# reads and the page `prepare_page` accepts (a page travels whole in a body or a file, and its text is never
# longer than the page). 5 MB is about 800,000 words, hundreds of times a long news story; extraction time
# grows linearly with the text (see benchmarks/extract_bench.py), so the cap bounds one report's work.
# Callers that mean to read more (the benchmark) pass max_bytes=None.
MAX_REPORT_BYTES = 5_000_000


class InvalidReport(ValueError):
    """The input is not a usable report: empty, undecodable, too large, or nothing left after cleaning."""


class ReportTooLarge(InvalidReport):
    """The report (or the page holding it) is larger than the cap: refused before any extraction."""

    def __init__(self, size: int, limit: int, what: str = "the report"):
        self.size, self.limit = size, limit
        super().__init__(f"{what} is {size:,} bytes, more than the {limit:,} bytes allowed; "
                         "split it into smaller reports")


def utf8_size(raw: bytes | str) -> int:
    """Bytes of the input in UTF-8 (a str from JSON may hold lone surrogates: counted, not refused here)."""
    if isinstance(raw, bytes):
        return len(raw)
    return len(raw) if raw.isascii() else len(raw.encode("utf-8", "surrogatepass"))


def check_size(size: int, limit: int | None, what: str = "the report") -> None:
    """Raise ReportTooLarge when `size` bytes is over `limit` (None: no cap)."""
    if limit is not None and size > limit:
        raise ReportTooLarge(size, limit, what)


@dataclass(frozen=True)
class PreparedPage:
    text: str
    title: str | None
    content_type: str  # "text/html" | "text/plain"


def decode(raw: bytes | str) -> str:
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidReport(f"the report is not UTF-8 text (bad byte at offset {error.start})") from error


def is_html(text: str, content_type: str | None, filename: str | None) -> bool:
    if content_type:
        kind = content_type.split(";")[0].strip().lower()
        if kind in ("text/html", "application/xhtml+xml"):
            return True
        if kind == PLAIN:
            return False
    if filename and filename.lower().endswith(_HTML_SUFFIXES):
        return True
    if filename and filename.lower().endswith((".txt", ".text", ".md")):
        return False
    return bool(_HTML_SNIFF.search(text[:2000]))


def _from_html(html: str) -> tuple[str, str | None]:
    """Main text (paragraphs separated by blank lines), then comments under a header; and the title."""
    import trafilatura  # imported here: slow to import, and plain-text reports never need it

    document = trafilatura.bare_extraction(html, include_comments=True, with_metadata=True,
                                           include_tables=False, favor_recall=True)
    found: dict[str, Any] = {}
    if document is not None:
        found = document if isinstance(document, dict) else document.as_dict()
    body: str = found.get("text") or ""
    if not body.strip():
        raise InvalidReport("no article text found in the HTML page")
    title: str | None = found.get("title") or None
    day: str | None = found.get("date") or None
    comments: str = found.get("comments") or ""
    parts = [body]
    if day and day not in body:
        parts.insert(0, f"Published {day}")  # the page's own date metadata, for pubdate
    if title and title not in body:
        parts.insert(0, title)
    if comments.strip():
        parts += [COMMENTS_HEADER, comments]
    return "\n".join(parts).replace("\n", "\n\n"), title


def _guess_title(text: str) -> str | None:
    """First short line that is not a date: plain-text reports start with their headline."""
    for line in text.split("\n")[:8]:
        line = line.strip()
        if line and len(line) <= 200 and not is_dateline(line) and not line.endswith("."):
            return line
    return None


def clean_text(text: str) -> str:
    """Furniture dropped, line ends normalised, trailing spaces and runs of blank lines removed."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return _BLANK_RUNS.sub("\n\n", "\n".join(drop_furniture(lines))).strip()


def prepare_page(
    raw: bytes | str, content_type: str | None = None, filename: str | None = None,
    max_bytes: int | None = MAX_REPORT_BYTES,
) -> PreparedPage:
    """The text the store keeps for a page (bytes must be UTF-8; HTML is detected by content type,
    file name or sniffing). Raises ReportTooLarge when the page is over `max_bytes`, checked before it is
    decoded or parsed; InvalidReport for empty or undecodable input, or nothing left."""
    check_size(utf8_size(raw), max_bytes)
    text = decode(raw)
    if "\x00" in text:
        raise InvalidReport("the report holds NUL characters: binary data, not text")
    if not text.strip():
        raise InvalidReport("the report is empty")
    title: str | None = None
    kind = PLAIN
    if is_html(text, content_type, filename):
        kind = HTML
        text, title = _from_html(text)
    cleaned = clean_text(text)
    if not cleaned:
        raise InvalidReport("nothing is left of the report after page furniture is removed")
    return PreparedPage(text=cleaned, title=title or _guess_title(cleaned), content_type=kind)
