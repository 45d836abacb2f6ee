"""Report files for the CLI: collect `.txt`/`.html`/`.htm` files from paths, read the `NAME.meta.json`
beside each one, and turn every problem into a ReportInputError (or, for a file over the size cap,
ReportTooLarge) with one clear line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from timeline.domain.report import published_problem
from timeline.extraction.cleaning import MAX_REPORT_BYTES, check_size

REPORT_SUFFIXES = (".txt", ".html", ".htm")
META_FIELDS = ("published", "outlet", "title", "url", "date_order")


class ReportInputError(ValueError):
    """A path, file, metadata file or option value the CLI cannot use."""


@dataclass(frozen=True)
class ReportFile:
    path: Path
    raw: bytes
    content_type: str
    published: date | None = None
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    date_order: str | None = None


def parse_date(value: str, what: str = "date") -> date:
    """A publication date written YYYY-MM-DD, within the plausible window (timeline.domain.report)."""
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise ReportInputError(f"bad {what} {value!r}: expected YYYY-MM-DD") from None
    if (problem := published_problem(day)) is not None:
        raise ReportInputError(f"bad {what}: {problem}")
    return day


def collect(paths: list[Path]) -> list[Path]:
    """Report files named directly or found (recursively, sorted) in folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
            if not inside:
                raise ReportInputError(f"{path}: no .txt or .html reports in this folder")
            found.extend(inside)
        elif path.is_file():
            if path.suffix.lower() not in REPORT_SUFFIXES:
                raise ReportInputError(f"{path}: not a report file (expected .txt, .html or .htm)")
            found.append(path)
        else:
            raise ReportInputError(f"{path}: no such file or folder")
    return found


def meta_path(path: Path) -> Path:
    return path.with_name(path.stem + ".meta.json")


def read_meta(path: Path) -> dict[str, Any]:
    """The metadata beside a report file, or {} when there is none."""
    beside = meta_path(path)
    if not beside.exists():
        return {}
    try:
        meta = json.loads(beside.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportInputError(f"{beside}: unreadable metadata ({exc})") from None
    if not isinstance(meta, dict):
        raise ReportInputError(f"{beside}: metadata must be a JSON object")
    out: dict[str, Any] = {}
    for key in META_FIELDS:
        value = meta.get(key)
        if value is not None and not isinstance(value, str):
            raise ReportInputError(f"{beside}: {key!r} must be a string or null")
        out[key] = value
    if out["published"]:
        out["published"] = parse_date(out["published"], what=f"published date in {beside}")
    return out


def read_report_file(path: Path, max_bytes: int = MAX_REPORT_BYTES) -> ReportFile:
    """The file's bytes and metadata. A file over `max_bytes` (Settings.max_body_bytes) is refused from its
    size on disk, before it is read (ReportTooLarge, naming the file)."""
    content_type = "text/plain" if path.suffix.lower() == ".txt" else "text/html"
    try:
        check_size(path.stat().st_size, max_bytes, str(path))
        raw = path.read_bytes()
    except OSError as exc:
        raise ReportInputError(f"{path}: cannot read ({exc.strerror})") from None
    return ReportFile(path=path, raw=raw, content_type=content_type, **read_meta(path))
