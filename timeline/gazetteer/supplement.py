"""The curated supplement (fixtures/gazetteer/supplement.csv): places the packaged lists lack or misname.

A row that names a place the packaged data already has (same country, a shared folded name, within 25 km,
or an admin1/country of that name) adds its aliases to that entry; any other row becomes a `sup:` entry.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

from timeline.gazetteer.folding import fold
from timeline.gazetteer.sources import Draft, distance_km

COLUMNS = ("name", "aliases", "kind", "admin1", "country", "lat", "lon")
MERGE_RADIUS_KM = 25.0


class SupplementError(ValueError):
    """A malformed supplement row (the message names the file and line)."""


def default_supplement_path() -> Path:
    """The repository's fixtures/gazetteer/supplement.csv (the settings may name another file)."""
    path = Path(__file__).resolve().parents[2] / "fixtures" / "gazetteer" / "supplement.csv"
    if not path.is_file():
        raise SupplementError(f"gazetteer supplement not found at {path} (set TIMELINE_GAZETTEER_SUPPLEMENT)")
    return path


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(row for row in fh if row.strip() and not row.startswith("#"))
        missing = set(COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise SupplementError(f"{path}: missing columns {sorted(missing)}")
        rows = []
        for i, row in enumerate(reader, start=2):
            if not row["name"] or not row["country"]:
                raise SupplementError(f"{path}:{i}: name and country are required")
            rows.append({k: (v or "").strip() for k, v in row.items() if k})
        return rows


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def merge_supplement(path: Path, drafts: list[Draft]) -> list[Draft]:
    """Merge the supplement into `drafts`; returns the new `sup:` entries (already appended)."""
    rows = read_rows(path)
    countries = {row["country"] for row in rows}
    by_key: dict[tuple[str, str], list[Draft]] = defaultdict(list)
    for d in drafts:
        if d.country in countries:
            for n in (d.name, *d.aliases):
                by_key[(d.country or "", fold(n))].append(d)
    admin1_by_name: dict[tuple[str, str], Draft] = {
        (d.country or "", fold(n)): d for d in drafts if d.level == "admin1" for n in (d.name, *d.aliases)}
    added: list[Draft] = []
    for row in rows:
        aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
        names = [row["name"], *aliases]
        lat = float(row["lat"]) if row["lat"] else None
        lon = float(row["lon"]) if row["lon"] else None
        kind = row["kind"] or "town"
        cc = row["country"]
        target = _existing(by_key, cc, names, kind, lat, lon)
        if target is not None:
            target.add_aliases(names)
            # The curated kind wins where GeoNames only implies one from a population (often 0 here).
            generic = kind in ("town", "city", "village")
            if target.level == "locality" and (target.population == 0 or not generic):
                target.kind = kind
            continue
        admin1 = admin1_by_name.get((cc, fold(row["admin1"]))) if row["admin1"] else None
        level = "admin1" if kind == "admin1" else "locality"
        draft = Draft(id=f"sup:{_slug(row['name'])}", name=row["name"], level=level, kind=kind, country=cc,
                      lat=lat, lon=lon, admin1_id=admin1.id if admin1 else None,
                      admin1=admin1.name if admin1 else (row["admin1"] or None), aliases=aliases)
        if level == "admin1":
            draft.admin1_id, draft.admin1 = draft.id, draft.name
        added.append(draft)
        for n in names:
            by_key[(cc, fold(n))].append(draft)
    drafts.extend(added)
    return added


def _existing(by_key: dict[tuple[str, str], list[Draft]], cc: str, names: list[str], kind: str,
              lat: float | None, lon: float | None) -> Draft | None:
    for n in names:
        for d in by_key.get((cc, fold(n)), ()):
            if kind in ("admin1", "country"):
                if d.level == kind:
                    return d
            elif d.level == "locality" and lat is not None and d.lat is not None and d.lon is not None \
                    and lon is not None and distance_km(lat, lon, d.lat, d.lon) <= MERGE_RADIUS_KM:
                if kind not in ("town", "city", "village") and d.kind != kind:
                    continue  # "Mosul Dam" is not Mosul
                return d
    return None
