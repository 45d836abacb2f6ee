"""Serves the embeddable widget: /widget.js (its source files joined in one IIFE, CSS inlined), /widget.css
and the /demo page. No build step: the script is assembled from api/static/widget/*.js once and cached."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
SOURCE_DIR = STATIC_DIR / "widget"
# Order matters only for top-level statements; element.js comes last: it grafts the parts onto the element
# and defines it.
SOURCES = (
    "util.js",
    "types.js",
    "scale.js",
    "layout.js",
    "view.js",
    "render.js",
    "list.js",
    "panel.js",
    "filters.js",
    "api.js",
    "interaction.js",
    "shell.js",
    "element.js",
)
BANNER = """/* conflict-timeline: the embeddable timeline widget, a dependency-free web component.
 * Usage: <script src="http://host:8000/widget.js"></script>
 *        <conflict-timeline src="http://host:8000" place="Diyala" from="2014-01-01" to="2014-12-31">
 *        </conflict-timeline>
 * Safety rule: every string that comes from the API is rendered with textContent / createTextNode /
 * canvas fillText, never parsed as HTML; links are only made for http(s) URLs.
 * Assembled by api/routes/widget.py from api/static/widget/*.js; edit those files, not this output. */
"""
PROLOGUE = """(() => {
"use strict";
if (!window.customElements || customElements.get("conflict-timeline")) return;

const CSS_TEXT = %s;
"""
EPILOGUE = "})();\n"
CACHE = "public, max-age=300"

router = APIRouter(tags=["widget"])


@dataclass(frozen=True)
class Asset:
    body: str
    etag: str


@lru_cache(maxsize=4)
def _read(name: str) -> str:
    return (STATIC_DIR / name).read_text(encoding="utf-8")


def _asset(body: str) -> Asset:
    return Asset(body, '"' + hashlib.sha256(body.encode("utf-8")).hexdigest()[:32] + '"')


@lru_cache(maxsize=1)
def widget_asset() -> Asset:
    """The sources in SOURCES order inside one IIFE, the stylesheet inlined (so the first paint is styled)."""
    parts = [BANNER, PROLOGUE % json.dumps(_read("widget.css"))]
    for name in SOURCES:
        parts.append(f"\n// ---- {name}\n")
        parts.append((SOURCE_DIR / name).read_text(encoding="utf-8"))
    parts.append(EPILOGUE)
    return _asset("".join(parts))


def widget_script() -> str:
    return widget_asset().body


@lru_cache(maxsize=1)
def _css_asset() -> Asset:
    return _asset(_read("widget.css"))


def demo_page() -> str:
    return _read("demo.html")


def _serve(asset: Asset, request: Request, media_type: str) -> Response:
    headers = {"Cache-Control": CACHE, "ETag": asset.etag}
    if asset.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(asset.body, media_type=media_type, headers=headers)


@router.get("/widget.js", include_in_schema=False)
def get_widget_js(request: Request) -> Response:
    # CORS-free by nature: a <script src> from any origin may load it.
    return _serve(widget_asset(), request, "text/javascript; charset=utf-8")


@router.get("/widget.css", include_in_schema=False)
def get_widget_css(request: Request) -> Response:
    return _serve(_css_asset(), request, "text/css; charset=utf-8")


@router.get("/", include_in_schema=False, response_class=HTMLResponse)
@router.get("/demo", include_in_schema=False, response_class=HTMLResponse)
def get_demo() -> HTMLResponse:
    return HTMLResponse(demo_page())
