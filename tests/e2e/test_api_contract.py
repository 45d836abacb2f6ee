"""The API against its own OpenAPI document: schemathesis (its Python API, every check it has, a fixed
seed and a bounded number of examples per operation) over a real `uvicorn` serving a seeded SQLite store.
0 failures of any check: status codes, content types, headers and bodies as declared, schema-valid
requests accepted, schema-invalid ones refused, never a 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config import PositiveDataAcceptanceConfig

from tests.e2e.server_process import auth_headers, serving
from tests.e2e.test_api import seed

MAX_EXAMPLES = 25
# Write routes need a key: the server's editor key (tests.e2e.server_process.auth_headers), set below.
AUTH_HEADERS: dict[str, str] = {}
ENDLESS = {"/stream"}
# Schema-valid but meaningless values are refused with a JSON 422 naming the parameter, and JSON Schema
# cannot say which they are: an opaque cursor this service never gave out, 2014-02-30 or "June 0000" as a
# window, a publication date after tomorrow, an unknown event type. So a positive case may also get 422;
# every other check keeps its defaults (and tests/e2e/test_attack_dates.py, test_openapi_docs.py pin
# those 422s down one by one).
POSITIVE_ALSO = ["422"]


def all_checks() -> list[Any]:
    """Every check schemathesis has (`--checks all`); the OpenAPI ones register on first import."""
    load_all_checks()
    return list(CHECKS.get_all())

@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('contract') / 'contract.db'}"
    seed(url)
    with serving({"TIMELINE_DATABASE_URL": url}, timeout=180) as base:
        AUTH_HEADERS.update(auth_headers(base))
        yield base


@pytest.fixture(scope="module")
def api_schema(base_url: str) -> Any:
    defaults = PositiveDataAcceptanceConfig().expected_statuses
    config = schemathesis.Config.from_dict(
        {"checks": {"positive_data_acceptance": {"expected-statuses": [*defaults, *POSITIVE_ALSO]}}}
    )
    return schemathesis.openapi.from_url(f"{base_url}/openapi.json", config=config)


def _failures(operation: Any, mode: GenerationMode, checks: list[Any]) -> list[str]:
    """Run MAX_EXAMPLES cases of one operation in one mode; the shrunk failure, if any, as text."""

    @settings(max_examples=MAX_EXAMPLES, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=AUTH_HEADERS, checks=checks, timeout=60)

    try:
        run()
    except Unsatisfiable:  # no request breaks this operation's schema (no parameters, or only free text)
        return []
    except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001 - reported all at once below
        return [f"{operation.label} ({mode.value}): {failure}"]
    return []


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
def test_api_honours_its_contract(api_schema: Any, mode: GenerationMode) -> None:
    # pytest 9 and schemathesis' own pytest loader do not agree (it sets a private node attribute), so the
    # operations are driven through schemathesis' documented strategy API with Hypothesis.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15
    # /stream never ends (Server-Sent Events): a fuzzed call would only wait for its timeout
    operations = [operation for operation in operations if operation.path not in ENDLESS]
    checks = all_checks()
    assert {"positive_data_acceptance", "negative_data_rejection", "response_schema_conformance",
            "status_code_conformance", "content_type_conformance"} <= {c.__name__ for c in checks}
    failures = [text for operation in operations for text in _failures(operation, mode, checks)]
    assert not failures, "\n\n".join(failures)
