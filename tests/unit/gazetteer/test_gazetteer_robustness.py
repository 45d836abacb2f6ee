"""Mention finding on arbitrary text, and the index file's life cycle (stale, corrupt, failed build)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.gazetteer import Gazetteer
from timeline.gazetteer.build import build_in_subprocess, is_current
from timeline.gazetteer.supplement import SupplementError, merge_supplement

WORDS = st.sampled_from(["Mosul", "al-Tanf", "Deir", "ez-Zor", "Iraq's", "the", "Jalawla", "in", "Hit",
                         "province", "Abu", "Sa'adiyah", "’", "-", ",", "ALL", "Ḩadīthah", "بعقوبة", "\n",
                         "  ", "Kirkuk"])


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=40).map(" ".join) | st.text(max_size=200))
def test_mentions_are_ordered_disjoint_spans_of_the_text(gaz: Gazetteer, text: str) -> None:
    mentions = gaz.find_mentions(text)
    resolved = gaz.resolve(mentions, text)
    assert len(resolved) == len(mentions)
    end = 0
    for m, entry in zip(mentions, resolved, strict=True):
        assert text[m.start:m.end] == m.surface and m.start >= end and m.candidates
        assert entry in m.candidates
        end = m.end


def test_empty_and_non_latin_text(gaz: Gazetteer) -> None:
    assert gaz.find_mentions("") == []
    assert gaz.find_mentions("سيطر التنظيم على بعقوبة") == []


def test_missing_or_corrupt_index_is_not_current(tmp_path: Path) -> None:
    assert not is_current(tmp_path / "absent.sqlite")
    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_bytes(b"not a database at all" * 100)
    assert not is_current(corrupt)


def test_a_failed_build_says_why(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(RuntimeError, match="building the gazetteer index"):
        build_in_subprocess(blocker / "sub" / "index.sqlite")


def test_a_malformed_supplement_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "supplement.csv"
    header = "name,aliases,kind,admin1,country,lat,lon\n"
    bad.write_text(header + "Jalula,,town,Diyala,,34.2,45.1\n", encoding="utf-8")
    with pytest.raises(SupplementError, match="supplement.csv:2"):
        merge_supplement(bad, [])
    bad.write_text("name,kind\nJalula,town\n", encoding="utf-8")
    with pytest.raises(SupplementError, match="missing columns"):
        merge_supplement(bad, [])
