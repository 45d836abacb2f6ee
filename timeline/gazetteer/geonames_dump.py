"""Import a GeoNames dump (allCountries.txt, IQ.txt: 19 tab-separated columns) into the index, streaming."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from timeline.gazetteer.sources import Draft, is_latin_name, locality_kind
from timeline.gazetteer.store import upsert_drafts

N_COLUMNS = 19
# Feature codes worth a place of their own, beyond populated places (class P).
_KIND_BY_CODE = {"AIRB": "base", "AIRF": "base", "AIRP": "airport", "MILB": "base", "INSM": "base",
                 "DAM": "dam", "DAMSB": "dam", "MT": "mountain", "MTS": "mountain", "HLL": "mountain",
                 "HLLS": "mountain", "RDGE": "mountain", "PASS": "crossing", "BDG": "bridge",
                 "PSTB": "crossing", "RGN": "region", "AREA": "region", "VAL": "region", "DSRT": "region",
                 "PLN": "region", "OILR": "refinery", "PRSN": "prison", "PPLX": "neighbourhood",
                 "ADM2": "district", "ADM3": "district", "ADMD": "district"}


class DumpFormatError(ValueError):
    """A line that is not a GeoNames row (the message names the file and line)."""


def parse_dump(path: Path) -> Iterator[Draft]:
    """Drafts for the useful rows of a GeoNames dump; ADM1 rows become admin1 entries."""
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) != N_COLUMNS:
                raise DumpFormatError(f"{path}:{lineno}: expected {N_COLUMNS} tab-separated columns, "
                                      f"got {len(cols)}")
            try:
                draft = _row_to_draft(cols)
            except ValueError as exc:
                raise DumpFormatError(f"{path}:{lineno}: {exc}") from exc
            if draft is not None:
                yield draft


def _row_to_draft(cols: list[str]) -> Draft | None:
    gid, name, asciiname, alternates, lat, lon, fclass, fcode, cc = cols[:9]
    admin1code, population = cols[10], cols[14]
    pop = int(population or 0)
    aid = f"adm1:{cc}.{admin1code}" if cc and admin1code and admin1code != "00" else None
    if fclass == "A" and fcode == "ADM1":
        if aid is None:
            return None
        level, kind, eid = "admin1", "admin1", aid
    elif fclass == "P" and fcode != "PPLX" or fcode in _KIND_BY_CODE:
        level, kind, eid = "locality", _KIND_BY_CODE.get(fcode) or locality_kind(pop), f"gn:{int(gid)}"
    else:
        return None
    aliases = [a for a in {asciiname, *alternates.split(",")} if a and a != name and is_latin_name(a)]
    return Draft(id=eid, name=name, level=level, kind=kind, country=cc or None, lat=float(lat),
                 lon=float(lon), population=pop, admin1_id=aid, aliases=sorted(aliases))


def _merged_with_existing(conn: sqlite3.Connection, batch: list[Draft]) -> list[Draft]:
    """Keep what the index already knows: admin1 names in their established spelling, every old alias."""
    marks = ",".join("?" * len(batch))
    known = {eid: (name, aliases) for eid, name, aliases in conn.execute(
        f"SELECT id, name, aliases FROM entries WHERE id IN ({marks})", [d.id for d in batch])}
    for d in batch:
        if d.id in known:
            old_name, old_aliases = known[d.id]
            new_names = [d.name, *d.aliases]
            if d.level == "admin1":
                d.name, d.aliases = old_name, []
            d.add_aliases([a for a in old_aliases.split("|") if a] + new_names)
        if d.level == "admin1" and d.admin1 is None:
            d.admin1 = d.name
    return batch


def import_dump(conn: sqlite3.Connection, path: Path) -> int:
    """Stream a dump into an open index (caller commits and refreshes the text keys); returns rows written."""
    n = 0
    batch: list[Draft] = []
    for draft in parse_dump(path):
        batch.append(draft)
        if len(batch) >= 5000:
            n += upsert_drafts(conn, _merged_with_existing(conn, batch), from_dump=True)
            batch.clear()
    n += upsert_drafts(conn, _merged_with_existing(conn, batch), from_dump=True)
    # Name the admin1 of every entry from the admin1 entries now present (dump rows arrive in id order).
    conn.execute("UPDATE entries SET admin1 = (SELECT a.name FROM entries a WHERE a.id = entries.admin1_id)"
                 " WHERE level = 'locality' AND admin1_id IS NOT NULL AND"
                 " EXISTS (SELECT 1 FROM entries a WHERE a.id = entries.admin1_id)")
    conn.execute("INSERT OR REPLACE INTO imports (path, rows, imported_at) VALUES (?, ?, ?)",
                 (str(path.resolve()), n, datetime.now(UTC).isoformat()))
    return n
