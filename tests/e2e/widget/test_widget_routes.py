"""The widget's HTTP routes on the app under test: script with inlined CSS, stylesheet, demo page."""

from __future__ import annotations

import httpx

from api.routes.widget import STATIC_DIR


def test_widget_script_is_served_with_its_css_inlined(live_app_url: str) -> None:
    res = httpx.get(live_app_url + "/widget.js")
    assert res.status_code == 200
    assert res.headers["content-type"].startswith("text/javascript")
    assert "__CONFLICT_TIMELINE_CSS__" not in res.text
    assert ".ct-panel" in res.text and 'customElements.define("conflict-timeline"' in res.text


def test_widget_css_and_demo_page_are_served(live_app_url: str) -> None:
    css = httpx.get(live_app_url + "/widget.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert css.text == (STATIC_DIR / "widget.css").read_text(encoding="utf-8")
    demo = httpx.get(live_app_url + "/demo")
    assert demo.status_code == 200 and demo.headers["content-type"].startswith("text/html")
    assert "<conflict-timeline" in demo.text and 'src="/widget.js"' in demo.text


def test_no_third_party_code_is_committed() -> None:
    names = sorted(p.name for p in STATIC_DIR.iterdir() if p.is_file())
    assert names == ["__init__.py", "demo.html", "widget.css", "widget.js"]
    assert "sourceMappingURL" not in (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
