"""The OpenAPI document and the docs pages of a real `uvicorn`: one error schema (`{"detail"}`) declared
for every operation and sent for every error (unknown paths, wrong methods, bad JSON and bad cursors
included), unique schema names, an example for every operation that validates against its own schema,
and /docs and /redoc rendered by headless Chromium with every non-local request blocked."""

from __future__ import annotations

import inspect
import shutil
from collections.abc import Iterator
from typing import Any

import httpx
import jsonschema_rs
import pytest
from pydantic import BaseModel

import api.schemas
import api.schemas_curation
import api.schemas_query
from tests.e2e.server_process import auth_headers, serving, write_headers
from tests.e2e.test_api import assert_json_error, seed

MODEL_MODULES = (api.schemas, api.schemas_query, api.schemas_curation)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu"]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('docs') / 'docs.db'}"
    seed(url)
    with serving({"TIMELINE_DATABASE_URL": url}, timeout=180) as served:
        yield served


@pytest.fixture(scope="module")
def doc(base: str) -> dict[str, Any]:
    response = httpx.get(f"{base}/openapi.json", timeout=30)
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def operations(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def with_components(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "components": doc["components"]}


def test_model_names_are_unique_and_kept(doc: dict[str, Any]) -> None:
    defined: dict[str, str] = {}
    for module in MODEL_MODULES:
        for name, cls in vars(module).items():
            if inspect.isclass(cls) and issubclass(cls, BaseModel) and cls.__module__ == module.__name__:
                assert name not in defined, f"{name} is defined in {defined[name]} and {module.__name__}"
                defined[name] = module.__name__
    names = set(doc["components"]["schemas"])
    # FastAPI names a clash module__path__Name: every component is a model's own name
    assert not any("__" in name for name in names), names
    kept = {"TimelinePage", "Entry", "IncidentOut", "PlaceControl", "DateOut", "PlaceOut", "SourceOut"}
    assert kept <= names
    assert "HTTPValidationError" not in names and "ValidationError" not in names


def test_every_error_response_is_the_one_error_schema(doc: dict[str, Any]) -> None:
    error = doc["components"]["schemas"]["ErrorOut"]
    assert error["required"] == ["detail"] and error["properties"]["detail"]["type"] == "string"
    seen = 0
    for label, operation in operations(doc):
        codes = [code for code in operation["responses"] if code[0] in "45"]
        assert "422" in codes or not operation.get("parameters") and "requestBody" not in operation, label
        for code in codes:
            schema = resolve(doc, operation["responses"][code]["content"]["application/json"]["schema"])
            assert "detail" in schema["required"], (label, code)
            assert schema["properties"]["detail"] == error["properties"]["detail"], (label, code)
            seen += 1
    assert seen >= 30


def test_every_operation_has_examples_that_fit_its_schema(doc: dict[str, Any]) -> None:
    checked = 0
    for label, operation in operations(doc):
        bodies = [operation["requestBody"]] if "requestBody" in operation else []
        bodies += [r for code, r in operation["responses"].items() if code.startswith("2")]
        for body in bodies:
            for media_type, content in body.get("content", {}).items():
                if "example" in content:
                    checked += 1
                    continue
                schema = content.get("schema", {})
                target = resolve(doc, schema.get("items", schema))
                assert target.get("examples"), f"{label} {media_type}: no example"
                for example in target["examples"]:  # each example is a valid value of its own schema
                    value = [example] if "items" in schema else example
                    jsonschema_rs.validate(with_components(doc, schema), value)
                    checked += 1
    assert checked >= 20


def test_errors_are_json_everywhere(base: str) -> None:
    assert_json_error(httpx.get(f"{base}/no/such/path", timeout=10), 404)
    assert_json_error(httpx.delete(f"{base}/timeline", timeout=10), 405)
    key = auth_headers(base)
    assert_json_error(httpx.post(f"{base}/reports", content=b"{not json", timeout=10,
                                 headers=write_headers(base)), 422)  # fmt: skip
    form = {"content-type": "application/x-www-form-urlencoded", **key}
    assert_json_error(httpx.post(f"{base}/reports", content=b"a=b", timeout=10, headers=form), 415)
    assert_json_error(httpx.post(f"{base}/reports", json={"txt": "x"}, timeout=10, headers=key), 422)
    assert_json_error(httpx.post(f"{base}/reports", json={"text": "x"}, timeout=10), 401)  # no key
    not_utf8 = httpx.post(f"{base}/reports", content=b'{"text": "\xd9\x8f\xff\x0f"}', timeout=10,
                          headers=write_headers(base))  # fmt: skip
    assert "cannot be read" in assert_json_error(not_utf8, 422)  # FastAPI's own 400, made the usual 422
    assert_json_error(httpx.get(f"{base}/timeline", params={"limit": "many"}, timeout=10), 422)
    assert_json_error(httpx.get(f"{base}/static-offline-docs/nothing.js", timeout=10), 404)


def test_a_bad_cursor_is_the_same_422_on_every_route(base: str) -> None:
    for path in ["/timeline", "/events", "/incidents"]:
        response = httpx.get(f"{base}{path}", params={"cursor": "not-a-cursor"}, timeout=10)
        detail = assert_json_error(response, 422)
        assert "cursor" in detail


def test_empty_query_values_are_absent(base: str) -> None:
    everything = httpx.get(f"{base}/events", timeout=10).json()["total"]
    for params in [{"type": ""}, {"place": ""}, {"from": ""}, {"actor": ""}, {"q": ""}]:
        response = httpx.get(f"{base}/events", params=params, timeout=10)
        assert response.status_code == 200, (params, response.text)
        assert response.json()["total"] == everything


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    exe = shutil.which("chromium")
    if not exe:
        pytest.skip("no Chromium (apt-get install -y chromium): offline docs test skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


def open_offline(browser: Any, url: str) -> tuple[Any, list[str]]:
    """A page where every request off 127.0.0.1 is aborted (and recorded as "type url"), as on a machine
    offline."""
    blocked: list[str] = []
    page = browser.new_page()

    def route(r: Any) -> None:
        if r.request.url.startswith("http://127.0.0.1:"):
            r.continue_()
        else:
            blocked.append(f"{r.request.resource_type} {r.request.url}")
            r.abort()

    page.route("**/*", route)
    page.goto(url, wait_until="load")
    return page, blocked


@pytest.mark.browser
def test_swagger_ui_renders_offline(browser: Any, base: str) -> None:
    page, blocked = open_offline(browser, f"{base}/docs")
    try:
        page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
        summaries = page.locator(".opblock-summary-path").all_inner_texts()
        assert "/timeline" in summaries and "/reports" in summaries
        page.locator(".opblock-summary-path", has_text="/timeline").first.click()  # the example shows
        page.wait_for_selector("text=Islamic State captured Jalula", timeout=10_000)
        assert blocked == []  # nothing was even asked of another host
    finally:
        page.close()


@pytest.mark.browser
def test_redoc_renders_offline(browser: Any, base: str) -> None:
    page, blocked = open_offline(browser, f"{base}/redoc")
    try:
        page.wait_for_selector("text=Conflict timeline", timeout=30_000)
        page.wait_for_selector("[data-section-id^='tag/query']", timeout=30_000)
        assert "Islamic State captured Jalula" in page.content()  # the response examples are shown
        # ReDoc's bundle links a "powered by" logo image on its makers' site: decoration, not the docs
        assert [b for b in blocked if not b.startswith("image ")] == [], blocked
    finally:
        page.close()
