/* shell.js: the element's static DOM (markup only, no data), the stylesheet, references to its parts,
 * and the summary and status lines. */
class ShellPart {
  // ---------- shell
  _build() {
    const root = this._root;
    // CSS_TEXT is widget.css, inlined by api/routes/widget.py so the shadow DOM is styled on first paint.
    root.append(h("style", { text: CSS_TEXT }));
    const shell = document.createElement("div");
    shell.className = "ct";
    // Static markup only (no data): labels and structure.
    shell.innerHTML = `
<h2 class="ct-title" hidden></h2>
<div class="ct-head">
  <p class="ct-summary"></p>
  <button type="button" class="ct-btn ct-filters-toggle" aria-expanded="false" aria-controls="ct-toolbar">Filters</button>
</div>
<div class="ct-toolbar" id="ct-toolbar" role="group" aria-label="Filters">
  <div class="ct-field ct-f-place">
    <label for="ct-place">Place</label>
    <div class="ct-combo">
      <input id="ct-place" type="search" role="combobox" aria-autocomplete="list" aria-expanded="false"
        aria-controls="ct-place-list" autocomplete="off" spellcheck="false" placeholder="Town, province or country">
      <ul id="ct-place-list" class="ct-options" role="listbox" aria-label="Matching places" hidden></ul>
    </div>
  </div>
  <div class="ct-field ct-f-actor">
    <label for="ct-actor">Actor</label>
    <input id="ct-actor" type="search" list="ct-actor-list" autocomplete="off" spellcheck="false" placeholder="Anyone">
    <datalist id="ct-actor-list"></datalist>
  </div>
  <div class="ct-field ct-f-date">
    <label for="ct-from">From</label>
    <input id="ct-from" type="text" inputmode="numeric" placeholder="YYYY-MM-DD" aria-describedby="ct-date-help">
  </div>
  <div class="ct-field ct-f-date">
    <label for="ct-to">To</label>
    <input id="ct-to" type="text" inputmode="numeric" placeholder="YYYY-MM-DD" aria-describedby="ct-date-help">
  </div>
  <div class="ct-field ct-f-lanes">
    <label for="ct-lanes">Rows</label>
    <select id="ct-lanes">
      <option value="admin1">By province</option>
      <option value="actor">By actor</option>
      <option value="none">One row</option>
    </select>
  </div>
  <div class="ct-field ct-f-actions">
    <button type="button" class="ct-btn ct-live" aria-pressed="false"><span class="ct-dot" aria-hidden="true"></span>Live</button>
    <button type="button" class="ct-btn ct-clear">Clear filters</button>
  </div>
  <p id="ct-date-help" class="ct-visually-hidden">A year, a month (YYYY-MM) or a day (YYYY-MM-DD). Press Enter to apply.</p>
</div>
<div class="ct-legend" role="group" aria-label="Event types: press to show or hide a type"></div>
<div class="ct-plotwrap">
  <p class="ct-range" aria-hidden="true"></p>
  <div class="ct-plot" tabindex="0" role="application" aria-roledescription="timeline"
       aria-label="Timeline chart" aria-describedby="ct-keys">
    <canvas aria-hidden="true"></canvas>
    <div class="ct-tooltip" hidden></div>
    <div class="ct-hint" hidden>Use Ctrl + scroll to zoom, or click the timeline first</div>
  </div>
  <div class="ct-zoom" role="group" aria-label="Zoom">
    <button type="button" class="ct-btn ct-zoom-in" aria-label="Zoom in" title="Zoom in">+</button>
    <button type="button" class="ct-btn ct-zoom-out" aria-label="Zoom out" title="Zoom out">&minus;</button>
    <button type="button" class="ct-btn ct-fit" aria-label="Show all events" title="Show all events">Fit</button>
  </div>
</div>
<div class="ct-key" aria-hidden="true">
  <span class="ct-key-item"><span class="ct-key-span"></span>date known only to a week, month or year</span>
  <span class="ct-key-item"><span class="ct-key-open"></span>only known to be before a date (the report's)</span>
  <span class="ct-key-item"><span class="ct-key-cluster">5</span>several events close together: click or zoom in</span>
</div>
<p id="ct-keys" class="ct-keys">Drag or <kbd>←</kbd> <kbd>→</kbd> to move in time, scroll, pinch or <kbd>+</kbd> <kbd>−</kbd> to zoom,
  <kbd>↑</kbd> <kbd>↓</kbd> to step through events, <kbd>Enter</kbd> to open one.</p>
<div class="ct-status" role="status" aria-live="polite"></div>
<details class="ct-listwrap">
  <summary>List of events in view</summary>
  <ol class="ct-list"></ol>
</details>
<div class="ct-announce ct-visually-hidden" aria-live="polite"></div>
<aside class="ct-panel" role="dialog" aria-modal="false" aria-labelledby="ct-panel-title" hidden>
  <div class="ct-panel-head">
    <span class="ct-panel-kicker">Event details</span>
    <button type="button" class="ct-btn ct-close" aria-label="Close details">&times;</button>
  </div>
  <div class="ct-panel-body"></div>
</aside>`;
    root.append(shell);
    const $ = (sel) => shell.querySelector(sel);
    this._shell = shell;
    this._summary = $(".ct-summary");
    this._placeInput = $("#ct-place");
    this._placeList = $("#ct-place-list");
    this._actorInput = $("#ct-actor");
    this._actorList = $("#ct-actor-list");
    this._fromInput = $("#ct-from");
    this._toInput = $("#ct-to");
    this._lanesSelect = $("#ct-lanes");
    this._liveBtn = $(".ct-live");
    this._legend = $(".ct-legend");
    this._plot = $(".ct-plot");
    this._canvas = $("canvas");
    this._ctx = this._canvas.getContext("2d");
    this._tooltip = $(".ct-tooltip");
    this._hint = $(".ct-hint");
    this._status = $(".ct-status");
    this._list = $(".ct-list");
    this._listWrap = $(".ct-listwrap");
    this._announce = $(".ct-announce");
    this._panel = $(".ct-panel");
    this._panelBody = $(".ct-panel-body");
    this._range = $(".ct-range");
    this._title = $(".ct-title");
    this._buildLegend();
    this._bind($);
    const toggle = $(".ct-filters-toggle");
    toggle.addEventListener("click", () => {
      const open = !shell.classList.contains("ct-filters-open");
      shell.classList.toggle("ct-filters-open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  _bind($) {
    this._bindFilters($);
    this._bindPlot($);
    this._bindListAndPanel($);
  }

  _renderSummary() {
    const n = this._items.length + this._undated.length;
    const outlets = new Set();
    for (const it of this._items) for (const s of it.entry.sources || []) if (s.outlet) outlets.add(s.outlet);
    const bits = [`${n} event${n === 1 ? "" : "s"}`];
    if (outlets.size) bits.push(`from ${outlets.size} outlet${outlets.size === 1 ? "" : "s"}`);
    const place = this.getAttribute("place");
    if (place) bits.push(`in ${place}`);
    const f = this.getAttribute("from"), t = this.getAttribute("to");
    if (f || t) bits.push(`${f ? fmtDay(parseDay(f)) : "…"} – ${t ? fmtDay(parseDay(t, true)) : "…"}`);
    const actor = this.getAttribute("actor");
    if (actor) bits.push(`involving ${actor}`);
    const types = this._types();
    if (types.length) bits.push(types.length === 1 ? `${styleOf(types[0]).label} only` : `${types.length} of ${Object.keys(TYPES).length} types`);
    this._summary.textContent = bits.join(" · ");
    this._plot.setAttribute("aria-label", `Timeline chart: ${bits.join(", ")}`);
  }
  _setStatus(text, kind) {
    this._status.textContent = text;
    this._status.dataset.kind = kind || "";
  }
}
