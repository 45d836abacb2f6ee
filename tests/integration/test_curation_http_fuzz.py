"""Generated corrections (any field name, any JSON value) sent to the curation API on SQLite: each is
stored (200) or refused with a JSON 4xx, never a 500, and the projections keep up with the log."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.app import create_app
from tests.e2e.keys import bearer, new_key
from tests.e2e.test_curation_api import seed
from timeline.config import Settings
from timeline.domain.corrections import CORRECTABLE_FIELDS

LEAF = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8), st.dates().map(str),
)  # fmt: skip
KEYS = st.sampled_from(["name", "start", "end", "precision", "phrase", "lat", "lon", "low", "high", "text",
                        "admin1", "country", "gazetteer_id"]) | st.text(max_size=4)  # fmt: skip
VALUES = st.recursive(
    LEAF, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4), max_leaves=10
)
CHANGES = st.dictionaries(st.sampled_from(CORRECTABLE_FIELDS) | st.text(max_size=4), VALUES, max_size=3)


def test_generated_corrections_never_give_a_server_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fuzz.db'}"
    seed(url)
    key = bearer(new_key(url, "editor"))
    with TestClient(create_app(Settings(database_url=url)), raise_server_exceptions=False) as client:

        @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(CHANGES, st.text(max_size=5), st.sampled_from(["cur-a-correct", "cur-b-merge"]))
        def correct(changes: dict, reason: str, target: str) -> None:
            response = client.post(f"/events/{target}/correct", json={"changes": changes, "reason": reason},
                                   headers=key)
            assert response.status_code in (200, 404, 409, 422), (changes, response.text)
            assert isinstance(response.json().get("detail", ""), str)

        correct()
        health = client.get("/health").json()
    assert health["status"] == "ok" and set(health["lag"].values()) == {0}
