"""Serves the embeddable widget: /widget.js (its CSS inlined), /widget.css and the /demo page."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
CSS_PLACEHOLDER = '"__CONFLICT_TIMELINE_CSS__"'
CACHE = "public, max-age=300"

router = APIRouter(tags=["widget"])


@lru_cache(maxsize=4)
def _read(name: str) -> str:
    return (STATIC_DIR / name).read_text(encoding="utf-8")


def widget_script() -> str:
    """The widget's JS with its stylesheet inlined, so the shadow DOM is styled on first paint."""
    return _read("widget.js").replace(CSS_PLACEHOLDER, json.dumps(_read("widget.css")), 1)


def demo_page() -> str:
    return _read("demo.html")


@router.get("/widget.js", include_in_schema=False)
def get_widget_js() -> Response:
    # CORS-free by nature: a <script src> from any origin may load it.
    return Response(
        widget_script(), media_type="text/javascript; charset=utf-8", headers={"Cache-Control": CACHE}
    )


@router.get("/widget.css", include_in_schema=False)
def get_widget_css() -> Response:
    return Response(
        _read("widget.css"), media_type="text/css; charset=utf-8", headers={"Cache-Control": CACHE}
    )


@router.get("/demo", include_in_schema=False, response_class=HTMLResponse)
def get_demo() -> HTMLResponse:
    return HTMLResponse(demo_page())
