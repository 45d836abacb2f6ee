"""Page -> the text the store keeps (placeholder until the text helper lands)."""

from __future__ import annotations

from dataclasses import dataclass


class InvalidReport(ValueError):
    """The input is not a usable report: empty, undecodable, or nothing left after cleaning."""


@dataclass(frozen=True)
class PreparedPage:
    text: str
    title: str | None
    content_type: str


def prepare_page(
    raw: bytes | str, content_type: str | None = None, filename: str | None = None
) -> PreparedPage:
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    if not text.strip():
        raise InvalidReport("the report is empty")
    return PreparedPage(text=text, title=None, content_type=content_type or "text/plain")
