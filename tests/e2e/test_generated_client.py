"""A client generated from the live OpenAPI document with `openapi-python-client` (into tmp_path, as a
user would), calling /timeline, /incidents and /control on a real `uvicorn` over seeded data: every
call parses into the generated models (not None), holding the seeded events."""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.e2e.server_process import serving
from tests.e2e.test_api import SEEDED, seed

PACKAGE = "timeline_api_client"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('client') / 'client.db'}"
    seed(url)
    with serving({"TIMELINE_DATABASE_URL": url}, timeout=180) as served:
        yield served


@pytest.fixture(scope="module")
def generated(base: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("generated")
    spec = out / "openapi.json"
    spec.write_bytes(httpx.get(f"{base}/openapi.json", timeout=30).content)
    done = subprocess.run(
        [str(BIN / "openapi-python-client"), "generate", "--path", str(spec), "--meta", "none",
         "--output-path", str(out / PACKAGE)],
        capture_output=True, text=True, timeout=240, env={"PATH": f"{BIN}:/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Unable to parse" not in done.stdout and "will not be generated" not in done.stdout, done.stdout
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def api(package: ModuleType, tag: str, operation: str) -> Any:
    return importlib.import_module(f"{package.__name__}.api.{tag}.{operation}")


def model(package: ModuleType, name: str) -> Any:
    return getattr(importlib.import_module(f"{package.__name__}.models"), name)


def test_get_timeline_parses_into_the_models(generated: ModuleType, base: str) -> None:
    client = generated.Client(base_url=base, timeout=httpx.Timeout(30))
    page = api(generated, "query", "get_timeline").sync(client=client, place="Diyala", from_="2015")
    assert isinstance(page, model(generated, "TimelinePage")), page
    in_diyala = [(kind, day) for kind, day, town in SEEDED if town != "Tikrit" and day is not None]
    assert page.total == len(in_diyala) == len(page.items)
    entry = page.items[0]
    assert isinstance(entry, model(generated, "Entry"))
    assert (entry.type_, entry.date.start) == (in_diyala[0][0].kind, in_diyala[0][1].isoformat())
    assert entry.place is not None and entry.place.admin1 == "Diyala"
    assert entry.sources[0].evidence.text.endswith("event 0") and entry.actors == ["Side A"]
    assert page.query.place is not None and page.query.place.name == "Diyala"


def test_get_incidents_parses_into_the_models(generated: ModuleType, base: str) -> None:
    client = generated.Client(base_url=base, timeout=httpx.Timeout(30))
    page = api(generated, "query", "get_incidents").sync(client=client, place="Tikrit")
    assert isinstance(page, model(generated, "IncidentsPage")), page
    assert page.total == 2 and {i.type_ for i in page.items} == {"airstrike", "town_captured"}
    assert all(isinstance(i, model(generated, "IncidentOut")) and i.entry.place.name for i in page.items)


def test_get_control_parses_into_the_models(generated: ModuleType, base: str) -> None:
    client = generated.Client(base_url=base, timeout=httpx.Timeout(30))
    control = api(generated, "places", "get_control").sync(client=client, place="Diyala", on=date(2015, 3, 1))
    assert isinstance(control, model(generated, "ControlOn")), control
    assert control.place.name == "Diyala" and control.on == "2015-03-01"
    held = {locality.place.name: locality for locality in control.localities}
    assert "Baqubah" in held, held  # captured by Side A on 2015-01-05 (seeded)
    period = held["Baqubah"].periods[0]
    assert isinstance(held["Baqubah"], model(generated, "PlaceControl"))
    assert period.controller == "Side A" and period.from_ == "2015-01-05"


def test_errors_parse_into_the_one_error_model(generated: ModuleType, base: str) -> None:
    client = generated.Client(base_url=base, timeout=httpx.Timeout(30))
    bad = api(generated, "query", "get_timeline").sync(client=client, cursor="not-a-cursor")
    assert isinstance(bad, model(generated, "ErrorOut")) and "cursor" in bad.detail
    unknown = api(generated, "query", "get_timeline").sync(client=client, place="Qqzxvwplace")
    assert isinstance(unknown, model(generated, "PlaceNotFoundOut")) and "Qqzxvwplace" in unknown.detail
