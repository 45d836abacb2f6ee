"""Fixtures for the gazetteer tests: the default index (built once, then cached) and a small test index."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.gazetteer import Gazetteer
from timeline.gazetteer.build import build_index


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    """The default gazetteer; the first run of the suite on a machine builds its index (about a minute)."""
    return Gazetteer.default()


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index holding only Iraq's packaged localities (plus every country, admin1 and the supplement)."""
    path = tmp_path_factory.mktemp("gazetteer") / "small.sqlite"
    build_index(path, countries=frozenset({"IQ"}))
    return path
