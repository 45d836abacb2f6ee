"""The widget's HTTP routes on the app under test: script assembled from its sources with the CSS inlined,
stylesheet, demo page, caching headers."""

from __future__ import annotations

import httpx

from api.routes.widget import SOURCE_DIR, SOURCES, STATIC_DIR


def test_widget_script_is_served_with_its_css_inlined(live_app_url: str) -> None:
    res = httpx.get(live_app_url + "/widget.js")
    assert res.status_code == 200
    assert res.headers["content-type"].startswith("text/javascript")
    assert "__CONFLICT_TIMELINE_CSS__" not in res.text
    assert ".ct-panel" in res.text and 'customElements.define("conflict-timeline"' in res.text


def test_widget_script_is_every_source_file_in_order_inside_one_iife(live_app_url: str) -> None:
    res = httpx.get(live_app_url + "/widget.js")
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/javascript")
    text = res.text
    iife = text.index("(() => {")
    position = iife
    for name in SOURCES:
        found = text.find((SOURCE_DIR / name).read_text(encoding="utf-8"), position)
        assert found > position, f"{name} is missing from /widget.js or out of order"
        position = found
    assert text.rstrip().endswith("})();")
    assert text.count("(() => {\n") == 1


def test_widget_script_and_css_carry_an_etag_and_answer_304_when_unchanged(live_app_url: str) -> None:
    for path in ("/widget.js", "/widget.css"):
        first = httpx.get(live_app_url + path)
        etag = first.headers["etag"]
        assert first.status_code == 200 and "max-age" in first.headers["cache-control"]
        again = httpx.get(live_app_url + path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
        stale = httpx.get(live_app_url + path, headers={"If-None-Match": '"not-this-one"'})
        assert stale.status_code == 200 and stale.text == first.text


def test_widget_css_and_demo_page_are_served(live_app_url: str) -> None:
    css = httpx.get(live_app_url + "/widget.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert css.text == (STATIC_DIR / "widget.css").read_text(encoding="utf-8")
    demo = httpx.get(live_app_url + "/demo")
    assert demo.status_code == 200 and demo.headers["content-type"].startswith("text/html")
    assert "<conflict-timeline" in demo.text and 'src="/widget.js"' in demo.text


def test_every_source_file_is_served_and_no_third_party_code_is_committed() -> None:
    assert sorted(p.name for p in STATIC_DIR.iterdir() if p.is_file()) == [
        "__init__.py",
        "demo.html",
        "widget.css",
    ]
    assert sorted(p.name for p in SOURCE_DIR.iterdir() if p.is_file()) == sorted([*SOURCES, "__init__.py"])
    for name in SOURCES:
        text = (SOURCE_DIR / name).read_text(encoding="utf-8")
        assert text.startswith(f"/* {name}: "), f"{name} lacks its header comment"
        assert "sourceMappingURL" not in text
