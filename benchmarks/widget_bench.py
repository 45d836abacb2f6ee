"""Widget speed in headless Chromium: first render of the fixtures' timeline, and pan/zoom frame rates with
10,000 events. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/widget_bench.py [--events 10000] [--seconds 3] [--fake-fixtures]

First render (fixtures): the real app (uvicorn subprocess, temp SQLite, fixtures ingested over POST /reports)
unless --fake-fixtures or the real /timeline is unavailable; 10k events come from the contract-shaped fake.
Times are from navigation start to the widget's `conflict-timeline:first-render` performance mark.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
WIDGET_TESTS = REPO / "tests" / "e2e" / "widget"
sys.path[:0] = [str(WIDGET_TESTS), str(REPO)]

from widget_fake_api import create_fake_app, generate_entries, sample_entries  # noqa: E402
from widget_support import CHROMIUM_ARGS, ThreadedServer, free_port, ingest_fixtures, wait_until_up  # noqa: E402

EL = "document.querySelector('conflict-timeline')"
FIRST_RENDER = """() => new Promise((resolve) => {
  const done = () => {
    const first = performance.getEntriesByName('conflict-timeline:first-render')[0];
    const loaded = performance.getEntriesByName('conflict-timeline:loaded')[0];
    if (first && loaded) resolve([first.startTime, loaded.startTime]); else requestAnimationFrame(done);
  };
  done();
})"""
# Drive the view from requestAnimationFrame for `seconds`; report frame rate and the widget's draw times.
ANIMATE = """async ([mode, seconds, fromDays, toDays]) => {
  const el = document.querySelector('conflict-timeline');
  const DAY = 86400000, mid = (el.view.start + el.view.end) / 2;
  el.setView(mid - fromDays * DAY / 2, mid + fromDays * DAY / 2);
  const plot = el.shadowRoot.querySelector('.ct-plot');
  plot.focus();
  const r = plot.getBoundingClientRect();
  await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
  const stamps = [], draws = [];
  let lastFrames = el.renderStats.frames, dir = -1;
  const ratio = Math.pow(toDays / fromDays, 1 / 40);
  return await new Promise((resolve) => {
    const t0 = performance.now();
    const tick = (now) => {
      stamps.push(now);
      const s = el.renderStats;
      if (s.frames > lastFrames) { draws.push(s.lastMs); lastFrames = s.frames; }
      if (mode === 'pan') el.panBy(stamps.length % 120 < 60 ? 9 : -9);
      else {
        const span = el.view.end - el.view.start;
        if (span <= toDays * DAY) dir = 1; else if (span >= fromDays * DAY) dir = -1;
        const deltaY = dir * Math.log(1 / ratio) / 0.0022;
        plot.dispatchEvent(new WheelEvent('wheel', { deltaY, clientX: r.left + r.width / 2,
          clientY: r.top + 30, bubbles: true, cancelable: true }));
      }
      if (now - t0 < seconds * 1000) requestAnimationFrame(tick);
      else resolve({ stamps, draws, drawn: el.renderStats.drawn });
    };
    requestAnimationFrame(tick);
  });
}"""


def start_real_app(tmp: Path) -> tuple[subprocess.Popen, str] | None:
    port = free_port()
    env = {
        **os.environ,
        "TIMELINE_DATABASE_URL": f"sqlite:///{tmp / 't.db'}",
        "PYTHONPATH": os.pathsep.join([str(WIDGET_TESTS), str(REPO)]),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "widget_real_app:create_app",
            "--factory",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/widget.js", proc)
        ingest_fixtures(url)
        if httpx.get(url + "/timeline", params={"limit": 1}, timeout=30).status_code != 200:
            raise RuntimeError("/timeline does not answer 200")
    except Exception as error:  # report why and fall back to the fake; the process is stopped below
        print(f"  real app unavailable ({error}); using the fake API's sample events", flush=True)
        proc.terminate()
        proc.wait(timeout=10)
        return None
    return proc, url


def first_render(browser: object, url: str, runs: int) -> list[list[float]]:
    """[first paint with events, everything loaded] in ms from navigation start, per page load."""
    times = []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1280, "height": 860})  # type: ignore[attr-defined]
        page.goto(url + "/demo", wait_until="commit")
        times.append(page.evaluate(FIRST_RENDER))
        page.close()
    return times


def animate(browser: object, url: str, mode: str, seconds: float, from_days: float, to_days: float) -> dict:
    page = browser.new_page(viewport={"width": 1280, "height": 860})  # type: ignore[attr-defined]
    page.goto(url + "/demo")
    page.wait_for_function(f"{EL} && {EL}.loaded")
    out = page.evaluate(ANIMATE, [mode, seconds, from_days, to_days])
    page.close()
    stamps, draws = out["stamps"], sorted(out["draws"])
    gaps = sorted(b - a for a, b in zip(stamps, stamps[1:], strict=False))
    fps = (len(stamps) - 1) / ((stamps[-1] - stamps[0]) / 1000)
    return {
        "fps": fps,
        "p95_frame_ms": gaps[int(len(gaps) * 0.95)],
        "draw_ms_p50": statistics.median(draws),
        "draw_ms_p95": draws[int(len(draws) * 0.95)],
        "draw_ms_max": draws[-1],
        "frames": len(stamps),
        "items_drawn": out["drawn"],
    }


def drag(browser: object, url: str) -> dict:
    """A real mouse drag (CDP input events) across the chart, counting rendered frames meanwhile."""
    page = browser.new_page(viewport={"width": 1280, "height": 860})  # type: ignore[attr-defined]
    page.goto(url + "/demo")
    page.wait_for_function(f"{EL} && {EL}.loaded")
    page.evaluate(f"{EL}.shadowRoot.querySelector('.ct-plot').scrollIntoView({{block: 'center'}})")
    box = page.locator("conflict-timeline").locator(".ct-plot").bounding_box()
    page.evaluate(
        "window.__f = []; window.__raf = requestAnimationFrame("
        "function c(t) { window.__f.push(t); window.__raf = requestAnimationFrame(c); })"
    )
    before = page.evaluate(f"{EL}.renderStats.frames")
    x, y = box["x"] + box["width"] * 0.8, box["y"] + 25
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - box["width"] * 0.6, y, steps=150)
    page.mouse.up()
    stamps = page.evaluate("() => { cancelAnimationFrame(window.__raf); return window.__f; }")
    draws = page.evaluate(f"{EL}.renderStats.frames") - before
    seconds = (stamps[-1] - stamps[0]) / 1000
    page.close()
    return {"fps": (len(stamps) - 1) / seconds, "draws": draws, "seconds": seconds}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument(
        "--fake-fixtures", action="store_true", help="first render against the fake's sample events"
    )
    args = ap.parse_args()
    exe = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not exe:
        sys.exit("no Chromium found: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
        browser = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"Chromium {browser.version}, headless, --disable-gpu; {os.cpu_count()} CPUs, load {load}")
        real = None if args.fake_fixtures else start_real_app(Path(tmp))
        try:
            if real:
                url = real[1]
                n = httpx.get(url + "/timeline", params={"limit": 1}).json()["total"]
                print(
                    f"first render, fixtures' timeline from the real app ({n} entries), "
                    f"{args.runs} page loads:"
                )
                times = first_render(browser, url, args.runs)
            else:
                with ThreadedServer(create_fake_app(sample_entries())) as url:
                    print(f"first render, fake sample timeline, {args.runs} page loads:")
                    times = first_render(browser, url, args.runs)
            first = [t[0] for t in times]
            print(
                f"  ms from navigation start to first render: median {statistics.median(first):.0f}, "
                f"max {max(first):.0f} ({', '.join(f'{t:.0f}' for t in first)})"
            )
        finally:
            if real:
                real[0].terminate()
                real[0].wait(timeout=10)
        with ThreadedServer(create_fake_app(generate_entries(args.events))) as url:
            times = first_render(browser, url, 3)
            print(
                f"{args.events} events (fake API, 500 per page): first render median "
                f"{statistics.median(t[0] for t in times):.0f} ms, all loaded and drawn median "
                f"{statistics.median(t[1] for t in times):.0f} ms"
            )
            cases = [
                ("pan", 365 * 10, 0, "pan, 10-year view (all events in view)"),
                ("pan", 365, 0, "pan, 1-year view"),
                ("pan", 60, 0, "pan, 2-month view"),
                ("zoom", 365 * 12, 20, "wheel zoom, 12 years <-> 20 days"),
            ]
            for mode, a, b, label in cases:
                r = animate(browser, url, mode, args.seconds, a, b)
                print(
                    f"{label}: {r['fps']:.1f} fps (p95 frame {r['p95_frame_ms']:.1f} ms); draw ms p50 "
                    f"{r['draw_ms_p50']:.2f} p95 {r['draw_ms_p95']:.2f} max {r['draw_ms_max']:.2f}; "
                    f"{r['items_drawn']} markers/clusters drawn"
                )
            d = drag(browser, url)
            print(
                f"real mouse drag (150 moves): {d['fps']:.1f} fps over {d['seconds']:.2f} s, "
                f"{d['draws']} redraws"
            )
        browser.close()


if __name__ == "__main__":
    main()
