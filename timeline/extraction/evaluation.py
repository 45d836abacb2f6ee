"""Score predicted events against gold annotations with the matching rules of fixtures/gold/SCHEMA.md
(type equal; place by folded name/alias, 30 km, or admin1/country; dates overlap; required gold first)."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any


def fold(name: str | None) -> str:
    if not name:
        return ""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", " ", s.replace("'", "")).strip()
    s = re.sub(r"^(al|el|ad|as|ar|an|ash|at|az)\s+", "", s)
    return s.replace(" ", "")


def distance_km(a: dict[str, Any], b: dict[str, Any]) -> float:
    try:
        la1, lo1, la2, lo2 = (math.radians(float(x)) for x in (a["lat"], a["lon"], b["lat"], b["lon"]))
    except (KeyError, TypeError, ValueError):
        return math.inf
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


def _interval(d: dict[str, Any] | None, lo: str, hi: str) -> tuple[date, date] | None:
    if not d or not d.get(lo):
        return None
    try:
        return date.fromisoformat(str(d[lo])[:10]), date.fromisoformat(str(d.get(hi) or d[lo])[:10])
    except ValueError:
        return None


def place_agrees(g: dict[str, Any] | None, p: dict[str, Any] | None, exact: bool = False) -> bool:
    if g is None:
        return True
    if not p:
        return False
    names = {fold(g.get("name"))} | {fold(a) for a in g.get("aliases", [])}
    pnames = {fold(p.get("name"))} | {fold(a) for a in p.get("aliases", []) or []}
    if names & (pnames - {""}):
        return True
    if distance_km(g, p) <= (10 if exact else 30):
        return True
    if exact:
        return False
    level = g.get("level", "locality")
    if level == "admin1":
        return bool(({fold(g.get("admin1"))} | names) - {""} & {fold(p.get("admin1")), fold(p.get("name"))})
    if level == "country":
        return (g.get("country") or "").upper() == (p.get("country") or "").upper()
    return False


def date_agrees(g: dict[str, Any], p: dict[str, Any]) -> bool:
    gd = _interval(g.get("date"), "earliest", "latest")
    if gd is None:
        return True
    pd = _interval(p.get("date"), "start", "end")
    return pd is not None and pd[0] <= gd[1] and gd[0] <= pd[1]


def matches(g: dict[str, Any], p: dict[str, Any]) -> bool:
    return g["type"] == p.get("type") and place_agrees(g.get("place"), p.get("place")) and date_agrees(g, p)


def closeness(g: dict[str, Any], p: dict[str, Any]) -> int:
    """2 for an exact place, +1 for a date inside the gold interval."""
    gd, pd = _interval(g.get("date"), "earliest", "latest"), _interval(p.get("date"), "start", "end")
    exact_date = gd is None or (pd is not None and gd[0] <= pd[0] and pd[1] <= gd[1])
    return 2 * place_agrees(g.get("place"), p.get("place"), exact=True) + exact_date


@dataclass
class Score:
    required: int = 0
    predicted: int = 0
    tp: int = 0
    date_exact: int = 0
    place_exact: int = 0
    missed: list[dict[str, Any]] = field(default_factory=list)
    spurious: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("required", "predicted", "tp", "date_exact", "place_exact"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.missed += other.missed
        self.spurious += other.spurious

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.required if self.required else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_report(gold: list[dict[str, Any]], preds: list[dict[str, Any]]) -> Score:
    pairs = [(bool(g.get("required", True)), closeness(g, p), gi, pi)
             for gi, g in enumerate(gold) for pi, p in enumerate(preds) if matches(g, p)]
    pairs.sort(key=lambda t: (-t[0], -t[1], t[2], t[3]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    matched: list[tuple[int, int]] = []
    for _, _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            matched.append((gi, pi))
    required = [i for i, g in enumerate(gold) if g.get("required", True)]
    tp = [(gi, pi) for gi, pi in matched if gi in required]
    return Score(
        required=len(required),
        predicted=len(preds) - (len(matched) - len(tp)),
        tp=len(tp),
        date_exact=sum(closeness(gold[gi], preds[pi]) & 1 for gi, pi in tp),
        place_exact=sum(closeness(gold[gi], preds[pi]) >> 1 for gi, pi in tp),
        missed=[gold[i] for i in required if i not in used_g],
        spurious=[preds[i] for i in range(len(preds)) if i not in used_p],
    )
