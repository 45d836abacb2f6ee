"""Actors: the shipped alias list (plus a user file named by TIMELINE_ACTORS_FILE) and finding their
mentions (one Aho-Corasick pass, longest match first, word-bounded)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick

RULES_DIR = Path(__file__).resolve().parent / "rules"

_FOLD = str.maketrans({"’": "'", "\n": " ", "\t": " ", "\u00a0": " "})
_WORDCHAR = re.compile(r"[\w-]")


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    surface: str
    name: str  # canonical
    kind: str  # armed_group, state_force, government, generic, contextual, anaphoric


class ActorLexicon:
    """Compiled alias patterns. Short acronyms (<= 4 characters) match case-sensitively."""

    def __init__(self, data: dict[str, Any]):
        self.kind_of: dict[str, str] = {}
        self._alias: dict[str, tuple[str, str]] = {}  # folded alias -> (canonical, kind)
        self._exact: dict[str, tuple[str, str]] = {}  # case-sensitive short aliases
        self.aliases_by_name: dict[str, list[str]] = {}  # canonical -> aliases, for other vocabularies
        # Actors whose strikes are air strikes: an air force or air coalition ("air": true), and those whose
        # "strikes" or "bombing" are from the air when the report says no more ("strikes": "air").
        self.strike_actors: frozenset[str] = frozenset(
            e["name"] for e in data.get("actors", []) if e.get("air") or e.get("strikes") == "air"
        )
        # ACLED actor codes where the kind's does not fit (read by the ACLED export, timeline.domain.actors)
        self.acled_inter: dict[str, int] = {
            e["name"]: int(e["acled_inter"]) for e in data.get("actors", []) if "acled_inter" in e
        }
        for entry in data.get("actors", []):
            self.kind_of[entry["name"]] = entry.get("kind", "armed_group")
            self.aliases_by_name.setdefault(entry["name"], []).extend(entry.get("aliases", []))
            for alias in [entry["name"], *entry.get("aliases", [])]:
                self._add(alias, entry["name"], entry.get("kind", "armed_group"))
        for entry in data.get("generic", []):
            for alias in entry["aliases"]:
                self._add(alias, entry["name"], "generic")
        self.contextual: dict[str, dict[str, str]] = {}
        # a country's own forces ("Iraqi soldiers", "Syria's army"): the 'government forces' reading
        self.national_forces: dict[str, str] = {}
        for entry in data.get("contextual", []):
            if "government forces" in entry["aliases"]:
                self.national_forces = dict(entry["by_country"])
            for alias in entry["aliases"]:
                self.contextual[alias.lower()] = entry["by_country"]
                self._add(alias, alias, "contextual")
        for alias in data.get("anaphoric", []):
            self._add(alias, alias, "anaphoric")
        # One Aho-Corasick pass over the lower-cased text finds every alias (a regex alternation of
        # hundreds of names is ~20x slower).
        self._automaton = ahocorasick.Automaton()
        for key in {*self._alias, *(k.lower() for k in self._exact)}:
            self._automaton.add_word(key, key)
        self._automaton.make_automaton()

    def _add(self, alias: str, name: str, kind: str) -> None:
        alias = alias.replace("’", "'")
        if len(alias) <= 4 and alias.isupper():
            self._exact[alias] = (name, kind)
        else:
            self._alias[alias.lower()] = (name, kind)

    def _spans(self, text: str) -> list[tuple[int, int, tuple[str, str]]]:
        """Longest non-overlapping alias matches on word boundaries, as (start, end, (canonical, kind))."""
        folded = text.translate(_FOLD).lower()
        if len(folded) != len(text):  # a character whose lower case is longer: fold it away
            folded = "".join(c if len(c.lower()) == 1 else "?" for c in text.translate(_FOLD)).lower()
        found = []
        for last, key in self._automaton.iter(folded):
            start, end = last - len(key) + 1, last + 1
            if (start > 0 and _WORDCHAR.match(folded[start - 1])) or (
                end < len(folded) and _WORDCHAR.match(folded[end])
            ):
                continue
            surface = text[start:end].translate(_FOLD)
            exact = len(key) <= 4 and surface in self._exact
            hit = self._exact.get(surface) if exact else self._alias.get(key)
            if hit is not None:  # a short acronym in the wrong case ("is") has no entry
                found.append((start, end, hit))
        # Longest first among overlapping matches ("the US Treasury" is the Treasury, not "the US"), decided
        # within each run of mutually overlapping matches (runs are a few matches long: linear overall).
        found.sort(key=lambda f: (f[0], -f[1]))
        out: list[tuple[int, int, tuple[str, str]]] = []
        run: list[tuple[int, int, tuple[str, str]]] = []
        run_end = -1
        for item in [*found, (len(folded) + 1, len(folded) + 1, ("", ""))]:
            if run and item[0] >= run_end:
                picked: list[tuple[int, int, tuple[str, str]]] = []
                for cand in sorted(run, key=lambda f: (f[0] - f[1], f[0])):
                    if all(cand[1] <= a or cand[0] >= b for a, b, _ in picked):
                        picked.append(cand)
                out.extend(sorted(picked))
                run = []
            run.append(item)
            run_end = max(run_end, item[1]) if len(run) > 1 else item[1]
        return out

    def find(self, text: str, offset: int = 0) -> list[ActorMention]:
        """Actor mentions in `text`, with offsets shifted by `offset` (where `text` starts in the report)."""
        out: list[ActorMention] = []
        for start, end, hit in self._spans(text):
            surface = text[start:end]
            mention = ActorMention(start + offset, end + offset, surface, hit[0], hit[1])
            # "Al Qaeda militants", "Houthi fighters": the generic noun belongs to the name before it
            if (
                hit[1] == "generic"
                and out
                and out[-1].kind != "generic"
                and text[out[-1].end - offset : start] in ("", " ")
            ):
                prev = out[-1]
                out[-1] = ActorMention(
                    prev.start, end + offset, text[prev.start - offset : end], prev.name, prev.kind
                )
                continue
            out.append(mention)
        return out


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = {k: list(v) if isinstance(v, list) else v for k, v in base.items()}
    by_name = {a["name"]: a for a in merged.get("actors", [])}
    for entry in extra.get("actors", []):
        if entry["name"] in by_name:
            old = by_name[entry["name"]]
            old_aliases = old.get("aliases", [])
            by_name[entry["name"]] = {**old, **entry, "aliases": old_aliases + entry.get("aliases", [])}
        else:
            by_name[entry["name"]] = entry
    merged["actors"] = list(by_name.values())
    for key in ("generic", "contextual", "anaphoric"):
        merged[key] = merged.get(key, []) + extra.get(key, [])
    return merged


def load_actors(extra_path: str | Path | None = None) -> ActorLexicon:
    """The shipped actor list, with the user's file (`Settings.actors_file`) merged in when given."""
    data = json.loads((RULES_DIR / "actors.json").read_text(encoding="utf-8"))
    path = extra_path
    if path:
        try:
            extra = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ValueError(f"cannot read the actor list {path}: {exc}") from exc
        data = _merge(data, extra)
    return ActorLexicon(data)
