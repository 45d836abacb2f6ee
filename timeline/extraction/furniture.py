"""Page furniture (sign-in forms, share prompts, paywall teasers, related lists, copyright and debug lines):
line and block rules loaded from `furniture.json`, applied to text line by line."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).with_name("furniture.json")
_BULLET = re.compile(r"^\s*(?:[•·▪◦‣∙*–—-]|\d{1,2}[.)])\s+")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)]\s*$")
_LIST_ITEM_MAX = 100  # a related-story headline is short and has no closing punctuation


@dataclass(frozen=True)
class FurnitureRules:
    line: re.Pattern[str]
    heading_and_next: re.Pattern[str]
    heading_and_list: re.Pattern[str]


@cache
def load_rules(path: Path = RULES_FILE) -> FurnitureRules:
    by_kind: dict[str, list[str]] = {"line": [], "heading-and-next": [], "heading-and-list": []}
    for rule in json.loads(path.read_text(encoding="utf-8"))["rules"]:
        by_kind[rule["kind"]].append(f"(?:{rule['pattern']})")

    def union(patterns: list[str]) -> re.Pattern[str]:
        return re.compile("|".join(patterns) or r"(?!)", re.IGNORECASE)

    return FurnitureRules(union(by_kind["line"]), union(by_kind["heading-and-next"]),
                          union(by_kind["heading-and-list"]))


def _is_list_item(line: str) -> bool:
    return bool(_BULLET.match(line)) or (len(line) <= _LIST_ITEM_MAX and not _SENTENCE_END.search(line))


def drop_furniture(lines: list[str], rules: FurnitureRules | None = None) -> list[str]:
    """The lines that are not furniture. A line repeating the previous non-empty one (an image's alt text
    and its caption) is dropped too."""
    rules = rules or load_rules()
    kept: list[str] = []
    index, previous = 0, ""
    while index < len(lines):
        line = lines[index].strip()
        index += 1
        if not line:
            kept.append("")
            continue
        if rules.heading_and_next.fullmatch(line):
            while index < len(lines) and not lines[index].strip():
                index += 1
            index += 1
            continue
        if rules.heading_and_list.fullmatch(line):
            index = _skip_list(lines, index)
            continue
        if rules.line.fullmatch(line) or (line == previous and len(line) > 20):
            continue
        kept.append(lines[index - 1].rstrip())
        previous = line
    return kept


def _skip_list(lines: list[str], index: int) -> int:
    """Index after the list that follows a list heading (blank lines before it, the list up to a blank)."""
    while index < len(lines) and not lines[index].strip():
        index += 1
    while index < len(lines) and lines[index].strip() and _is_list_item(lines[index].strip()):
        index += 1
    return index
