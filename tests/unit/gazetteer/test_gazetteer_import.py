"""`timeline gazetteer import`: a GeoNames dump (rows written for this test) extends a small index."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.gazetteer import Gazetteer, gazetteer_app
from timeline.gazetteer.build import build_index
from timeline.gazetteer.geonames_dump import DumpFormatError, parse_dump


def row(gid: int, name: str, alternates: str, lat: float, lon: float, fclass: str, fcode: str, cc: str,
        admin1: str, population: int) -> str:
    cols = [str(gid), name, name, alternates, str(lat), str(lon), fclass, fcode, cc, "", admin1, "", "", "",
            str(population), "", "350", "Asia/Baghdad", "2024-01-01"]
    assert len(cols) == 19
    return "\t".join(cols)


DUMP_ROWS = [
    row(99000001, "Qaryat Testiyah", "Qaryat Testiya,Testiyah Village", 34.1, 45, "P", "PPL", "IQ", "10",
        1200),
    row(99000002, "Muhafazat Diyala", "Diyala Test Governorate", 33.9, 45.0, "A", "ADM1", "IQ", "10", 0),
    row(99000003, "Testland Governorate", "", 31.0, 46.0, "A", "ADM1", "IQ", "99", 0),
    row(99000004, "Madinat Testland", "", 31.1, 46.1, "P", "PPLA", "IQ", "99", 25000),
    row(99000005, "Test Airfield", "Testiyah Air Base", 34.2, 45.1, "S", "AIRB", "IQ", "10", 0),
    row(99000006, "Nahr Test", "", 34.0, 45.0, "H", "STM", "IQ", "10", 0),
    row(97990, "Baqubah", "Baqubah Test Alias", 33.75403, 44.60518, "P", "PPLA", "IQ", "10", 152550),
]


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dump") / "IQ.txt"
    path.write_text("\n".join(DUMP_ROWS) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def imported(small_index: Path, dump: Path) -> Path:
    result = CliRunner().invoke(gazetteer_app, ["import", str(dump), "--path", str(small_index)])
    assert result.exit_code == 0, result.output
    assert "imported 6 places" in result.output  # the stream (class H) is skipped
    return small_index


def test_imported_village_is_found_by_name_and_in_text(imported: Path) -> None:
    gaz = Gazetteer(imported)
    village = gaz.lookup("Qaryat Testiya")[0]
    assert (village.id, village.admin1, village.admin1_id, village.population) == (
        "gn:99000001", "Diyala", "adm1:IQ.10", 1200)
    text = "Gunmen raided Qaryat Testiyah overnight."
    (entry,) = gaz.resolve(gaz.find_mentions(text), text)
    assert entry == village
    assert gaz.contains(gaz.lookup("Diyala")[0], village)


def test_import_keeps_established_names_and_aliases(imported: Path) -> None:
    gaz = Gazetteer(imported)
    diyala = gaz.get("adm1:IQ.10")
    assert diyala.name == "Diyala" and "Muhafazat Diyala" in diyala.aliases
    baqubah = gaz.get("gn:97990")
    assert "Baqubah Test Alias" in baqubah.aliases and "Baquba" in baqubah.aliases
    assert gaz.lookup("Baqubah Test Alias")[0].id == "gn:97990"


def test_import_adds_new_provinces_and_their_towns(imported: Path) -> None:
    gaz = Gazetteer(imported)
    town = gaz.lookup("Madinat Testland")[0]
    assert town.admin1 == "Testland Governorate" and town.kind == "town"
    assert gaz.lookup("Test Airfield")[0].kind == "base"
    assert gaz.lookup("Nahr Test") == []


def test_cli_lookup_prints_candidates_and_suggestions(imported: Path) -> None:
    ok = CliRunner().invoke(gazetteer_app, ["lookup", "Jalawla", "--path", str(imported)])
    assert ok.exit_code == 0 and "sup:jalula" in ok.output
    missing = CliRunner().invoke(gazetteer_app, ["lookup", "Jalwalla", "--path", str(imported)])
    assert missing.exit_code == 1 and "Jalula" in missing.output


def test_a_malformed_dump_is_a_clear_error(tmp_path: Path, small_index: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(DUMP_ROWS[0] + "\nonly\tthree\tcolumns\n", encoding="utf-8")
    with pytest.raises(DumpFormatError, match=r"bad.txt:2: expected 19"):
        list(parse_dump(bad))
    result = CliRunner().invoke(gazetteer_app, ["import", str(bad), "--path", str(small_index)])
    assert result.exit_code == 1 and "expected 19" in result.output
    nowhere = str(tmp_path / "nope.txt")
    missing = CliRunner().invoke(gazetteer_app, ["import", nowhere, "--path", str(small_index)])
    assert missing.exit_code == 1 and "no such" in missing.output


def test_rebuild_reapplies_recorded_dumps(imported: Path) -> None:
    build_index(imported, countries=frozenset({"IQ"}))
    assert Gazetteer(imported).lookup("Qaryat Testiyah")[0].id == "gn:99000001"
