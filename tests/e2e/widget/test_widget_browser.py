"""The <conflict-timeline> widget in headless Chromium against the app on a real port (see conftest)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from widget_support import WRITE_KEYS, ThreadedServer

pytestmark = pytest.mark.browser

EL = "document.querySelector('conflict-timeline')"
INIT = """
window.__loads = 0; window.__opened = [];
document.addEventListener('timeline-load', () => { window.__loads += 1; });
document.addEventListener('timeline-open', (e) => { window.__opened.push(e.detail.id); });
"""


def api_items(base: str, **params: Any) -> list[dict]:
    """Every entry /timeline returns for these filters, following the cursor."""
    items: list[dict] = []
    cursor = None
    with httpx.Client(base_url=base, timeout=60) as client:
        while True:
            res = client.get(
                "/timeline", params={**params, "limit": 500, **({"cursor": cursor} if cursor else {})}
            )
            assert res.status_code == 200, res.text
            body = res.json()
            items += body["items"]
            cursor = body.get("next_cursor")
            if not cursor:
                return items


def dated(items: list[dict]) -> list[dict]:
    return [i for i in items if i.get("date") and (i["date"].get("start") or i["date"].get("end"))]


def open_demo(page: Any, base: str, query: str = "") -> None:
    page.add_init_script(INIT)
    page.goto(f"{base}/demo{query}")
    page.wait_for_function(f"{EL} && {EL}.loaded && window.__loads > 0")
    page.evaluate(f"{EL}.shadowRoot.querySelector('.ct-plot').scrollIntoView({{block: 'center'}})")


def wait_reload(page: Any, before: int) -> None:
    page.wait_for_function(f"window.__loads > {before}")


def markers(page: Any) -> list[dict]:
    return page.evaluate(f"{EL}.visibleMarkers()")


def drawn_count(page: Any) -> int:
    return sum(m["count"] for m in markers(page))


def shadow(page: Any, selector: str) -> Any:
    return page.locator("conflict-timeline").locator(selector)


def open_some_event(page: Any) -> str:
    """Click markers like a reader: clusters zoom in (or list their events) until one event's panel opens."""
    for _ in range(12):
        ms = markers(page)
        assert ms, "no markers drawn"
        singles = [m for m in ms if m["count"] == 1]
        target = singles[0] if singles else max(ms, key=lambda m: m["count"])
        page.mouse.click(target["x"], target["y"])
        page.wait_for_timeout(350)  # let the zoom animation finish
        if page.evaluate("window.__opened.length"):
            return page.evaluate("window.__opened[window.__opened.length - 1]")
        listed = shadow(page, ".ct-panel:not([hidden]) .ct-cluster-list button")
        if listed.count():
            listed.first.click()
            return page.evaluate("window.__opened[window.__opened.length - 1]")
    raise AssertionError("could not open an event by clicking markers")


def test_markers_for_every_dated_event_appear(page: Any, live_app_url: str, artifacts: Any) -> None:
    items = dated(api_items(live_app_url))
    assert items, "the app under test returned no dated events"
    open_demo(page, live_app_url)
    ms = markers(page)
    assert sum(m["count"] for m in ms) == len(items)
    ids = {i["id"] for i in items}
    assert {m["id"] for m in ms if m["id"]} <= ids
    # the legend is GET /types: every type the server defines, with its label, in its order
    types = httpx.get(live_app_url + "/types").json()
    chips = shadow(page, ".ct-legend button[data-type]")
    assert chips.count() == len(types) >= 11
    shown = [(chips.nth(i).get_attribute("data-type"), chips.nth(i).inner_text().strip())
             for i in range(len(types))]  # fmt: skip
    assert shown == [(t["type"], t["label"]) for t in types]
    assert page.errors == []  # no console errors, no failed requests
    page.screenshot(path=str(artifacts / "widget-default.png"), full_page=True)


def test_clicking_an_event_shows_its_evidence_and_source(
    page: Any, live_app_url: str, artifacts: Any
) -> None:
    by_id = {i["id"]: i for i in api_items(live_app_url)}
    open_demo(page, live_app_url)
    opened = open_some_event(page)
    entry = by_id[opened]
    panel = shadow(page, ".ct-panel")
    assert panel.is_visible()
    text = panel.inner_text()
    assert entry["headline"] in text
    for source in entry["sources"]:
        assert source["evidence"]["text"].split()[0] in text
        assert (source["outlet"] or "Unknown outlet") in text
    assert " ".join(entry["sources"][0]["evidence"]["text"].split()) in " ".join(text.split())
    page.screenshot(path=str(artifacts / "widget-panel.png"), full_page=True)


def test_filtering_by_type_changes_the_markers(page: Any, live_app_url: str) -> None:
    items = dated(api_items(live_app_url))
    kinds = Counter(i["type"] for i in items)
    kind = next((k for k, n in kinds.most_common() if n < len(items)), kinds.most_common(1)[0][0])
    open_demo(page, live_app_url)
    before_count = drawn_count(page)
    loads = page.evaluate("window.__loads")
    shadow(page, f".ct-legend button[data-type='{kind}']").click(modifiers=["Shift"])
    wait_reload(page, loads)
    expected = dated(api_items(live_app_url, type=kind))
    assert drawn_count(page) == len(expected) == kinds[kind]
    assert {m["type"] for m in markers(page) if m["type"]} == {kind}
    if kinds[kind] < len(items):
        assert drawn_count(page) < before_count
    assert page.evaluate(f"{EL}.getAttribute('types')") == kind
    assert f"types={kind}" in page.url
    # clicking it again (no other type shown) restores every type
    loads = page.evaluate("window.__loads")
    shadow(page, f".ct-legend button[data-type='{kind}']").click()
    wait_reload(page, loads)
    assert drawn_count(page) == before_count


def test_the_place_attribute_limits_the_markers(page: Any, live_app_url: str) -> None:
    items = dated(api_items(live_app_url))
    admin1 = Counter(i["place"]["admin1"] for i in items if i.get("place") and i["place"].get("admin1"))
    assert admin1, "no event has an admin1 to filter on"
    place = next((a for a, n in admin1.most_common() if n < len(items)), admin1.most_common(1)[0][0])
    open_demo(page, live_app_url)
    loads = page.evaluate("window.__loads")
    page.evaluate(f"{EL}.setAttribute('place', {place!r})")
    wait_reload(page, loads)
    expected = dated(api_items(live_app_url, place=place))
    assert expected
    assert drawn_count(page) == len(expected) <= len(items)
    shown = page.evaluate(f"{EL}.entries")
    assert shown and all(e["place"] and place in (e["place"]["admin1"], e["place"]["name"]) for e in shown)
    assert shadow(page, "#ct-place").input_value() == place


def test_the_url_round_trips_a_view(page: Any, browser: Any, live_app_url: str) -> None:
    items = dated(api_items(live_app_url))
    place = Counter(
        i["place"]["admin1"] for i in items if i.get("place") and i["place"].get("admin1")
    ).most_common(1)[0][0]
    open_demo(page, live_app_url)
    loads = page.evaluate("window.__loads")
    combo = shadow(page, "#ct-place")
    combo.fill(place)
    combo.press("Enter")
    wait_reload(page, loads)
    lanes = shadow(page, "#ct-lanes")
    lanes.select_option("actor")
    shadow(page, ".ct-zoom-in").click()
    page.wait_for_function("location.search.includes('view=')")
    url = page.url
    state = page.evaluate(
        f"({{place: {EL}.getAttribute('place'), lanes: {EL}.getAttribute('lanes'), "
        f"view: {EL}.getAttribute('view'), ids: {EL}.entries.map(e => e.id).sort()}})"
    )
    assert state["place"] == place and state["lanes"] == "actor" and state["view"]
    assert "place=" in url and "lanes=actor" in url

    other = browser.new_page(viewport={"width": 1280, "height": 860})
    try:
        other.add_init_script(INIT)
        other.goto(url)
        other.wait_for_function(f"{EL} && {EL}.loaded && window.__loads > 0")
        again = other.evaluate(
            f"({{place: {EL}.getAttribute('place'), lanes: {EL}.getAttribute('lanes'), "
            f"view: {EL}.getAttribute('view'), ids: {EL}.entries.map(e => e.id).sort()}})"
        )
        assert again == state
        view = other.evaluate(f"{EL}.view")
        assert f"{view['from']}..{view['to']}" == state["view"]
        assert other.locator("conflict-timeline").locator("#ct-place").input_value() == place
        assert other.locator("conflict-timeline").locator("#ct-lanes").input_value() == "actor"
    finally:
        other.close()


def test_an_injected_report_runs_nothing(page: Any, live_app_url: str) -> None:
    items = api_items(live_app_url)
    evil = [
        i
        for i in items
        if any(
            "<script>" in (s.get("outlet") or "") + (s.get("title") or "") + s["evidence"]["text"]
            for s in i["sources"]
        )
        or "<script>" in i["headline"]
    ]
    assert evil, "the injection report produced no timeline entry"
    target = evil[0]
    open_demo(page, live_app_url)
    page.evaluate(f"{EL}.shadowRoot.querySelector('details.ct-listwrap').open = true")
    button = shadow(page, f".ct-list button[data-id='{target['id']}']")
    button.click()
    panel = shadow(page, ".ct-panel")
    panel.wait_for(state="visible")
    page.wait_for_timeout(500)  # time for any injected handler to have fired
    text = panel.inner_text()
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert page.dialogs == []
    assert [e for e in page.errors if "alert" in e or "script" in e.lower()] == []
    counts = page.evaluate(f"""(() => {{ const r = {EL}.shadowRoot; return {{
        scripts: r.querySelectorAll('script').length + document.querySelectorAll('body script').length,
        imgs: r.querySelectorAll('img').length,
        jsLinks: [...r.querySelectorAll('a')].filter(a => !/^https?:/.test(a.href)).length }}; }})()""")
    assert counts == {"scripts": 2, "imgs": 0, "jsLinks": 0}  # the demo page's own two scripts only
    if any((s.get("url") or "").startswith("javascript:") for s in target["sources"]):
        assert "javascript:alert(1)" in text and "Link not shown" in text


def test_keyboard_alone_reaches_and_opens_an_event(page: Any, live_app_url: str) -> None:
    by_id = {i["id"]: i for i in api_items(live_app_url)}
    open_demo(page, live_app_url)
    on_plot = f"{EL}.shadowRoot.activeElement && {EL}.shadowRoot.activeElement.classList.contains('ct-plot')"
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate(on_plot):
            break
    else:
        raise AssertionError("Tab never reached the timeline")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    panel = shadow(page, ".ct-panel")
    panel.wait_for(state="visible")
    opened = page.evaluate("window.__opened[0]")
    assert by_id[opened]["headline"] in panel.inner_text()
    assert page.evaluate(f"{EL}.shadowRoot.activeElement.id") == "ct-panel-title"
    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")
    assert page.evaluate(on_plot)


def test_keys_buttons_wheel_and_drag_zoom_and_pan(page: Any, live_app_url: str) -> None:
    open_demo(page, live_app_url)
    view = lambda: page.evaluate(f"{EL}.view")  # noqa: E731
    span = lambda v: v["end"] - v["start"]  # noqa: E731
    start = view()
    shadow(page, ".ct-zoom-in").click()
    page.wait_for_timeout(300)
    assert span(view()) < span(start) * 0.6
    shadow(page, ".ct-plot").focus()
    before = view()
    page.keyboard.press("ArrowRight")
    assert view()["start"] > before["start"]
    before = view()
    page.keyboard.press("-")
    page.wait_for_timeout(300)
    assert span(view()) > span(before) * 1.5
    box = shadow(page, ".ct-plot").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + 20
    before = view()
    page.mouse.move(cx, cy)
    page.mouse.wheel(0, -400)
    page.wait_for_timeout(100)
    assert span(view()) < span(before)
    before = view()
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx + 200, cy, steps=5)
    page.mouse.up()
    assert view()["start"] < before["start"]


def test_tick_labels_are_readable_from_decades_to_days(page: Any, live_app_url: str) -> None:
    open_demo(page, live_app_url)
    day = 86_400_000
    for days in (365 * 60, 365 * 12, 365 * 3, 365, 120, 30, 7, 3):
        page.evaluate(
            f"{EL}.setView(Date.UTC(2014, 5, 15) - {days * day // 2}, "
            f"Date.UTC(2014, 5, 15) + {days * day // 2})"
        )
        page.evaluate(f"{EL}.drawNow()")
        labels = page.evaluate(f"{EL}.axisLabels()")
        minor = sorted((lb for lb in labels if lb["row"] == 0), key=lambda lb: lb["x"])
        assert len(minor) >= 2, (days, labels)
        assert all(b["x"] - a["x"] >= a["w"] + 4 for a, b in zip(minor, minor[1:], strict=False)), (
            days,
            minor,
        )
        if days <= 365 * 3:
            assert any(lb["row"] == 1 for lb in labels), (days, labels)  # the year or month is always named


def test_usable_at_360_px(browser: Any, live_app_url: str, artifacts: Any) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 800}, has_touch=True)
    page = context.new_page()
    try:
        open_demo(page, live_app_url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert drawn_count(page) == len(dated(api_items(live_app_url)))
        toggle = shadow(page, ".ct-filters-toggle")
        assert toggle.is_visible() and not shadow(page, "#ct-place").is_visible()
        toggle.click()
        assert shadow(page, "#ct-place").is_visible()
        page.screenshot(path=str(artifacts / "widget-360px.png"), full_page=True)
    finally:
        context.close()


LIVE_REPORT = {
    "text": "Government troops recaptured the town of Baiji on 3 March 2015, a military spokesman said. "
    "The soldiers raised the flag over the refinery gate.",
    "content_type": "text/plain",
    "source": "Widget Live Test Wire",
    "title": "Live-mode test report",
    "published": "2015-03-05",
}


def test_live_mode_appends_new_events_from_the_stream(page: Any, live_app_url: str) -> None:
    if httpx.get(live_app_url + "/openapi.json").json()["paths"].get("/stream") is None:
        pytest.skip("the app under test has no /stream")
    open_demo(page, live_app_url)
    before = page.evaluate(f"{EL}.entries.length")
    live = shadow(page, ".ct-live")
    live.click()
    assert live.get_attribute("aria-pressed") == "true"
    assert page.evaluate(f"{EL}.hasAttribute('live')")
    page.wait_for_function(f"{EL}.shadowRoot.querySelector('.ct-status').textContent.startsWith('Live:')")
    if "/_push" in httpx.get(live_app_url + "/openapi.json").json()["paths"]:  # the fake API
        entry = dict(api_items(live_app_url)[0], id="live-1", headline="Live-mode test event")
        entry["sources"] = [dict(entry["sources"][0], title=LIVE_REPORT["title"])]
        httpx.post(live_app_url + "/_push", json={"op": "upsert", "entry": entry}).raise_for_status()
    else:
        res = httpx.post(live_app_url + "/reports", json=LIVE_REPORT, headers=WRITE_KEYS[live_app_url],
                         timeout=60)
        assert res.status_code in (200, 201), res.text
        assert res.json()["event_ids"], "the live test report yielded no event"
    page.wait_for_function(
        f"{EL}.entries.some(e => e.sources.some(s => s.title === {LIVE_REPORT['title']!r}))", timeout=20_000
    )
    assert page.evaluate(f"{EL}.entries.length") > before
    assert page.evaluate("window.__loads") == 1  # appended without reloading


def test_place_autocomplete_and_actor_filter(page: Any, live_app_url: str) -> None:
    items = dated(api_items(live_app_url))
    place = Counter(
        i["place"]["admin1"] for i in items if i.get("place") and i["place"].get("admin1")
    ).most_common(1)
    actor = Counter(i["actors"][0] for i in items if i.get("actors")).most_common(1)[0][0]
    open_demo(page, live_app_url)
    combo = shadow(page, "#ct-place")
    combo.fill(place[0][0][:3])
    option = shadow(page, f"#ct-place-list li[data-value='{place[0][0]}']")
    option.wait_for(state="visible")
    assert combo.get_attribute("aria-expanded") == "true"
    loads = page.evaluate("window.__loads")
    option.click()
    wait_reload(page, loads)
    assert page.evaluate(f"{EL}.getAttribute('place')") == place[0][0]
    assert drawn_count(page) == len(dated(api_items(live_app_url, place=place[0][0])))

    loads = page.evaluate("window.__loads")
    shadow(page, "#ct-place").fill("")
    shadow(page, "#ct-place").press("Enter")
    wait_reload(page, loads)
    loads = page.evaluate("window.__loads")
    shadow(page, "#ct-actor").fill(actor)
    shadow(page, "#ct-actor").press("Enter")
    wait_reload(page, loads)
    assert page.evaluate(f"{EL}.getAttribute('actor')") == actor
    assert f"actor={actor.replace(' ', '+')}" in page.url
    assert drawn_count(page) == len(dated(api_items(live_app_url, actor=actor))) > 0


def test_host_page_css_does_not_break_the_widget(page: Any, live_app_url: str) -> None:
    open_demo(page, live_app_url)
    page.add_style_tag(
        content="* { font-size: 40px !important; color: red !important; }"
        " canvas, button { display: none !important; }"
        " conflict-timeline { font: italic 30px serif; letter-spacing: 9px; }"
    )
    chip = shadow(page, ".ct-legend button").first
    assert chip.is_visible()
    style = chip.evaluate(
        "b => { const s = getComputedStyle(b); return [s.fontSize, s.color, s.letterSpacing]; }"
    )
    assert style == ["12.5px", "rgb(32, 33, 36)", "normal"]
    assert shadow(page, "canvas").is_visible()


def test_cross_origin_embedding(browser: Any, live_app_url: str) -> None:
    """A page on another origin embeds the widget with one script tag and src= the API."""
    probe = httpx.get(
        live_app_url + "/timeline", params={"limit": 1}, headers={"Origin": "http://example.test"}
    )
    assert probe.headers.get("access-control-allow-origin") in ("*", "http://example.test")
    host = (
        f'<!doctype html><meta charset="utf-8"><script src="{live_app_url}/widget.js"></script>'
        f'<conflict-timeline src="{live_app_url}" sync-url="false"></conflict-timeline>'
    )
    host_app = FastAPI()
    host_app.get("/", response_class=HTMLResponse)(lambda: host)
    context = browser.new_context()
    page = context.new_page()
    try:
        with ThreadedServer(host_app) as host_url:  # a second local server: another origin
            page.goto(host_url.replace("127.0.0.1", "localhost") + "/")
            page.wait_for_function(f"{EL} && {EL}.loaded", timeout=20_000)
            assert page.evaluate(f"{EL}.entries.length") == len(api_items(live_app_url))
    finally:
        context.close()


def test_an_unknown_place_shows_the_apis_message(page: Any, live_app_url: str) -> None:
    res = httpx.get(live_app_url + "/timeline", params={"place": "Qwzxyville"})
    assert res.status_code in (404, 422)
    open_demo(page, live_app_url)
    page.evaluate(f"{EL}.setAttribute('place', 'Qwzxyville')")
    status = shadow(page, ".ct-status[data-kind='error']")
    status.wait_for()
    assert res.json()["detail"] in status.inner_text()
    assert drawn_count(page) == 0
    assert page.errors == [] or all("404" in e for e in page.errors)  # the failed fetch, nothing else


def test_a_cluster_expands_when_zoomed_into(page: Any, live_app_url: str) -> None:
    open_demo(page, live_app_url)
    page.evaluate(f"{EL}.setView(Date.UTC(1990, 0, 1), Date.UTC(2030, 0, 1))")  # far out: events cluster
    page.evaluate(f"{EL}.drawNow()")
    clusters = [m for m in markers(page) if m["count"] > 1]
    assert clusters, "no cluster at a 40-year view"
    cluster = max(clusters, key=lambda m: m["count"])
    for _ in range(10):  # each click on the cluster zooms towards its events
        page.mouse.click(cluster["x"], cluster["y"])
        page.wait_for_timeout(350)
        if shadow(page, ".ct-panel:not([hidden]) .ct-cluster-list").count():
            listed = shadow(page, ".ct-cluster-list button").evaluate_all("bs => bs.map(b => b.dataset.id)")
            assert sorted(listed) == sorted(cluster["ids"])  # same-day events: listed instead
            return
        now = [m for m in markers(page) if set(m["ids"]) & set(cluster["ids"])]
        assert sum(len(set(m["ids"]) & set(cluster["ids"])) for m in now) == len(cluster["ids"])
        if max(m["count"] for m in now) < cluster["count"]:
            return  # split into smaller clusters or single markers
        cluster = max(now, key=lambda m: m["count"])
    raise AssertionError("the cluster never expanded")
