/* conflict-timeline: the embeddable timeline widget, a dependency-free web component.
 * Usage: <script src="http://host:8000/widget.js"></script>
 *        <conflict-timeline src="http://host:8000" place="Diyala" from="2014-01-01" to="2014-12-31"></conflict-timeline>
 * Safety rule: every string that comes from the API is rendered with textContent / createTextNode /
 * canvas fillText, never parsed as HTML; links are only made for http(s) URLs. */
(() => {
  "use strict";
  if (!window.customElements || customElements.get("conflict-timeline")) return;

  // The server inlines widget.css here (api/routes/widget.py); opened as a plain file, a <link> is used.
  const CSS_TEXT = "__CONFLICT_TIMELINE_CSS__";
  const SCRIPT_URL = document.currentScript ? document.currentScript.src : "";
  const DAY = 86400000;
  const MIN_SPAN = 3 * DAY;
  const MAX_SPAN = 80 * 365.25 * DAY;
  const MAX_ENTRIES = 50000;
  const PAGE_LIMIT = 500;
  const LIST_LIMIT = 150;
  const URL_KEYS = ["place", "from", "to", "types", "actor", "lanes", "view"];
  const SVGNS = "http://www.w3.org/2000/svg";
  const FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", "Liberation Sans", Arial, sans-serif';
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  const MON = MONTHS.map((m) => m.slice(0, 3));

  // ---- marker shapes: one SVG path (unit radius) per shape, shared by the canvas and the legend icons
  const poly = (pts) => "M" + pts.map((p) => p[0].toFixed(3) + "," + p[1].toFixed(3)).join("L") + "Z";
  const regular = (n, r, rot) => Array.from({ length: n }, (_, i) => {
    const a = rot + (i * 2 * Math.PI) / n;
    return [r * Math.cos(a), r * Math.sin(a)];
  });
  const starPts = Array.from({ length: 10 }, (_, i) => {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const r = i % 2 ? 0.55 : 1.25;
    return [r * Math.cos(a), r * Math.sin(a)];
  });
  const plusPts = [[-0.38, -1.1], [0.38, -1.1], [0.38, -0.38], [1.1, -0.38], [1.1, 0.38], [0.38, 0.38],
    [0.38, 1.1], [-0.38, 1.1], [-0.38, 0.38], [-1.1, 0.38], [-1.1, -0.38], [-0.38, -0.38]];
  const rot45 = (pts) => pts.map(([x, y]) => [(x - y) * Math.SQRT1_2, (x + y) * Math.SQRT1_2]);
  const SHAPES = {
    circle: "M1,0A1,1 0 1 1 -1,0A1,1 0 1 1 1,0Z",
    square: poly([[-0.88, -0.88], [0.88, -0.88], [0.88, 0.88], [-0.88, 0.88]]),
    diamond: poly([[0, -1.25], [1.25, 0], [0, 1.25], [-1.25, 0]]),
    triUp: poly([[0, -1.25], [1.15, 0.9], [-1.15, 0.9]]),
    triDown: poly([[0, 1.25], [1.15, -0.9], [-1.15, -0.9]]),
    triRight: poly([[1.25, 0], [-0.9, 1.15], [-0.9, -1.15]]),
    triLeft: poly([[-1.25, 0], [0.9, 1.15], [0.9, -1.15]]),
    plus: poly(plusPts),
    cross: poly(rot45(plusPts.map(([x, y]) => [x * 1.15, y * 1.15]))),
    hexagon: poly(regular(6, 1.1, 0)),
    star: poly(starPts),
  };
  const PATHS = {};
  const pathFor = (shape) => PATHS[shape] || (PATHS[shape] = new Path2D(SHAPES[shape] || SHAPES.circle));

  // Colour AND shape per type, so colour is never the only cue (Tableau-like palette, colour-blind aware).
  const TYPES = {
    town_captured: { label: "Town captured", color: "#c8323c", shape: "square" },
    offensive_launched: { label: "Offensive launched", color: "#e07b1a", shape: "triRight" },
    attack: { label: "Attack", color: "#7b3294", shape: "cross" },
    airstrike: { label: "Air strike", color: "#2b6cb0", shape: "triDown" },
    clash: { label: "Clash", color: "#b7860b", shape: "diamond" },
    withdrawal: { label: "Withdrawal", color: "#2f8f8a", shape: "triLeft" },
    deployment: { label: "Deployment", color: "#1f3a5f", shape: "triUp" },
    displacement: { label: "Displacement", color: "#c2417f", shape: "plus" },
    designation_announced: { label: "Designation", color: "#3d8b3d", shape: "hexagon" },
    visit: { label: "Visit", color: "#8c6a4f", shape: "circle" },
    appointment: { label: "Appointment", color: "#5f6b7a", shape: "star" },
  };
  const OTHER = { label: "Other", color: "#9aa0a6", shape: "circle" };
  const styleOf = (kind) => TYPES[kind] || OTHER;
  const rgba = (hex, a) => {
    const n = parseInt(hex.slice(1), 16);
    return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
  };
  for (const st of [...Object.values(TYPES), OTHER]) {
    st.fillSpan = rgba(st.color, 0.16);
    st.strokeSpan = rgba(st.color, 0.6);
  }

  const PRECISION_TEXT = {
    day: "exact day", week: "known only to the week", month: "known only to the month",
    season: "known only to the season", year: "known only to the year", range: "somewhere in this range",
    "before-publication": "only known to be before the report was published", unknown: "uncertain",
  };

  // ---- small pure helpers
  function parseDay(s, end) {
    const m = /^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$/.exec(String(s || "").trim());
    if (!m) return NaN;
    const y = +m[1];
    if (!m[2]) return end ? Date.UTC(y, 11, 31) : Date.UTC(y, 0, 1);
    const mo = +m[2] - 1;
    if (!m[3]) return end ? Date.UTC(y, mo + 1, 0) : Date.UTC(y, mo, 1);
    return Date.UTC(y, mo, +m[3]);
  }
  const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
  const fmtDay = (ms) => {
    const d = new Date(ms);
    return `${d.getUTCDate()} ${MON[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  };
  function fmtWhen(it) {
    if (!it) return "Date unknown";
    if (it.open === "start") return `before ${fmtDay(it.t1 - DAY)}`;
    if (it.open === "end") return `after ${fmtDay(it.t0)}`;
    const d = new Date(it.t0), e = new Date(it.t1 - DAY);
    const p = it.precision;
    if (it.t1 - it.t0 <= DAY) return fmtDay(it.t0);
    if (p === "year" && d.getUTCMonth() === 0 && e.getUTCMonth() === 11) return String(d.getUTCFullYear());
    if (p === "month" && d.getUTCDate() === 1 && d.getUTCMonth() === e.getUTCMonth()) {
      return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
    }
    if (d.getUTCFullYear() === e.getUTCFullYear() && d.getUTCMonth() === e.getUTCMonth()) {
      return `${d.getUTCDate()}–${e.getUTCDate()} ${MON[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
    }
    return `${fmtDay(it.t0)} – ${fmtDay(it.t1 - DAY)}`;
  }
  const fmtCount = (n) => (n >= 10000 ? Math.round(n / 1000) + "k" : n >= 1000 ? (n / 1000).toFixed(1) + "k" : String(n));
  let regionNames = null;
  function countryName(code) {
    if (!code) return "";
    try {
      regionNames = regionNames || new Intl.DisplayNames(["en"], { type: "region" });
      return regionNames.of(String(code).toUpperCase()) || String(code);
    } catch (_err) {
      return String(code);
    }
  }
  function safeHref(url) {
    try {
      const u = new URL(String(url));
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (_err) {
      return null;
    }
  }
  // Build DOM without ever parsing data as HTML: strings become text nodes.
  function h(tag, props, ...kids) {
    const n = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null || v === false) continue;
      if (k === "class") n.className = v;
      else if (k === "text") n.textContent = String(v);
      else n.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of kids) if (c != null && c !== false) n.append(c instanceof Node ? c : String(c));
    return n;
  }
  function shapeIcon(kind, size) {
    const st = styleOf(kind);
    const svg = document.createElementNS(SVGNS, "svg");
    svg.setAttribute("viewBox", "-1.6 -1.6 3.2 3.2");
    svg.setAttribute("width", String(size || 14));
    svg.setAttribute("height", String(size || 14));
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("class", "ct-icon");
    const p = document.createElementNS(SVGNS, "path");
    p.setAttribute("d", SHAPES[st.shape]);
    p.setAttribute("fill", st.color);
    svg.append(p);
    return svg;
  }
  function lowerBound(items, t, key) {
    const k = key || "t0";
    let lo = 0, hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (items[mid][k] < t) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  function prepare(entry) {
    const d = entry && entry.date ? entry.date : {};
    let s = parseDay(d.start), e = parseDay(d.end);
    if (isNaN(s) && isNaN(e)) return null;
    let open = null;  // an interval known only on one side ("before publication") is drawn as a fading line
    if (isNaN(s)) { s = e; open = "start"; }
    if (isNaN(e)) { e = s; open = "end"; }
    if (e < s) [s, e] = [e, s];
    const t1 = e + DAY;
    return { entry, id: String(entry.id), kind: entry.type, t0: s, t1, mid: (s + t1) / 2,
      precision: d.precision || "unknown", open, lane: 0, x: 0 };
  }

  // ---- time axis: tick scales from 50 years to 1 day; the finest one whose labels fit is used
  const SCALES = [
    { u: "y", s: 50, min: 60 }, { u: "y", s: 20, min: 60 }, { u: "y", s: 10, min: 60 }, { u: "y", s: 5, min: 56 },
    { u: "y", s: 2, min: 52 }, { u: "y", s: 1, min: 46 }, { u: "m", s: 6, min: 46 }, { u: "m", s: 3, min: 46 },
    { u: "m", s: 1, min: 40 }, { u: "d", s: 7, min: 30 }, { u: "d", s: 2, min: 28 }, { u: "d", s: 1, min: 26 },
  ];
  const scaleDays = (sc) => (sc.u === "y" ? 365.25 : sc.u === "m" ? 30.44 : 1) * sc.s;
  function ticksFor(sc, v0, v1) {
    const out = [];
    const d = new Date(v0);
    let y = d.getUTCFullYear();
    if (sc.u === "y") {
      y = Math.floor(y / sc.s) * sc.s;
      for (let t = Date.UTC(y, 0, 1); t <= v1; y += sc.s, t = Date.UTC(y, 0, 1)) out.push(t);
    } else if (sc.u === "m") {
      let m = d.getUTCMonth();
      m -= m % sc.s;
      for (let t = Date.UTC(y, m, 1); t <= v1; m += sc.s, t = Date.UTC(y, m, 1)) out.push(t);
    } else {
      for (let t = Date.UTC(y, d.getUTCMonth(), d.getUTCDate()); t <= v1; t += DAY) {
        const dd = new Date(t).getUTCDate();
        if (sc.s === 1 || ((dd - 1) % sc.s === 0 && dd + sc.s <= 32)) out.push(t);
      }
    }
    return out;
  }
  function minorLabel(sc, t) {
    const d = new Date(t);
    if (sc.u === "y") return String(d.getUTCFullYear());
    if (sc.u === "m") return MON[d.getUTCMonth()];
    return String(d.getUTCDate());
  }

  class ConflictTimeline extends HTMLElement {
    static get observedAttributes() {
      return ["src", "place", "from", "to", "types", "actor", "lanes", "live", "view", "heading"];
    }

    constructor() {
      super();
      this._root = this.attachShadow({ mode: "open" });
      this._items = [];
      this._byId = new Map();
      this._undated = [];
      this._lanes = [];
      this._maxDur = DAY;
      this._hits = [];
      this._v0 = Date.UTC(2014, 0, 1);
      this._v1 = Date.UTC(2015, 0, 1);
      this._viewSet = false;
      this._w = 600;
      this._h = 200;
      this._dpr = 1;
      this._focusId = null;
      this._openId = null;
      this._fresh = new Map();
      this._pointers = new Map();
      this._stats = { frames: 0, totalMs: 0, lastMs: 0, maxMs: 0, drawn: 0 };
      this._loaded = false;
      this._firstRender = null;
      this._loadToken = 0;
      this._build();
    }

    // ---------- public API (also used by tests and the benchmark)
    get entries() { return this._items.map((it) => it.entry).concat(this._undated); }
    get view() { return { from: isoDay(this._v0), to: isoDay(this._v1 - 1) , start: this._v0, end: this._v1 }; }
    get renderStats() { return { ...this._stats, firstRender: this._firstRender }; }
    get loaded() { return this._loaded; }
    setView(start, end) {
      this._setView(typeof start === "number" ? start : parseDay(start), typeof end === "number" ? end : parseDay(end, true) + DAY);
    }
    panBy(px) {
      const L = this._layout();
      this._setView(this._v0 - (px * (this._v1 - this._v0)) / (L.x1 - L.x0), this._v1 - (px * (this._v1 - this._v0)) / (L.x1 - L.x0));
    }
    zoomBy(factor, clientX) {
      const L = this._layout();
      const r = this._canvas.getBoundingClientRect();
      const ax = clientX == null ? (L.x0 + L.x1) / 2 : clientX - r.left;
      this._zoomAt(factor, ax);
    }
    drawNow() { this._draw(); }
    /** Tick labels of the last frame: {text, x, w, row} (row 0 = minor ticks, 1 = months/years). */
    axisLabels() { return (this._axisLabels || []).map((l) => ({ ...l })); }
    /** Markers and clusters currently drawn, in viewport coordinates (for tests). */
    visibleMarkers() {
      const r = this._canvas.getBoundingClientRect();
      return this._hits.filter((hh) => !hh.span && !hh.ring).map((hh) => ({
        id: hh.item ? hh.item.id : null, type: hh.item ? hh.item.kind : null,
        count: hh.cluster ? hh.cluster.length : 1, ids: hh.cluster ? hh.cluster.map((it) => it.id) : [hh.item.id],
        x: r.left + hh.x, y: r.top + hh.y,
      }));
    }
    openEvent(id) {
      const it = this._byId.get(String(id));
      if (it) this._openPanel(it);
    }

    // ---------- lifecycle
    connectedCallback() {
      if (this._connected) return;
      this._connected = true;
      if (this._syncUrlEnabled()) this._readUrl();
      this._ro = new ResizeObserver(() => this._resize());
      this._ro.observe(this._plot);
      this._resize();
      this._syncControls();
      this._applyViewAttr();
      this._load();
      if (this.hasAttribute("live")) this._startLive();
    }
    disconnectedCallback() {
      this._connected = false;
      if (this._ro) this._ro.disconnect();
      this._stopLive();
      if (this._abort) this._abort.abort();
    }
    attributeChangedCallback(name, oldV, newV) {
      if (!this._connected || oldV === newV) return;
      if (name === "view") {
        if (!this._selfView) this._applyViewAttr();
        return;
      }
      this._syncControls();
      if (name === "heading") return;
      if (name === "lanes") {
        this._computeLanes();
        this._resize();
        this._scheduleList();
      } else if (name === "live") {
        if (newV === null) this._stopLive(); else this._startLive();
      } else {
        if (name === "from" || name === "to") this._viewSet = false;
        this._scheduleLoad();
      }
      if (this._fromUi) this._writeUrl();
    }

    // ---------- shell
    _build() {
      const root = this._root;
      if (CSS_TEXT.indexOf("__CONFLICT_TIMELINE") === 0) {
        const base = SCRIPT_URL ? SCRIPT_URL.replace(/widget\.js(\?.*)?$/, "") : "";
        root.append(h("link", { rel: "stylesheet", href: base + "widget.css" }));
      } else {
        root.append(h("style", { text: CSS_TEXT }));
      }
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

    _buildLegend() {
      for (const [kind, st] of Object.entries(TYPES)) {
        const b = h("button", { type: "button", class: "ct-chip", "data-type": kind, "aria-pressed": "true",
          title: "Show or hide: " + st.label + " (Shift-click: only this type)" }, shapeIcon(kind, 14), st.label);
        this._legend.append(b);
      }
    }

    _bind($) {
      const plot = this._plot;
      // filters
      this._legend.addEventListener("click", (ev) => {
        const b = ev.target.closest("button[data-type]");
        if (b) this._toggleType(b.dataset.type, ev.shiftKey);
      });
      const applyOnEnter = (input, fn) => {
        input.addEventListener("keydown", (ev) => { if (ev.key === "Enter") { ev.preventDefault(); fn(); } });
        input.addEventListener("change", fn);
      };
      applyOnEnter(this._actorInput, () => this._setAttrFromUi("actor", this._actorInput.value.trim()));
      for (const [input, name] of [[this._fromInput, "from"], [this._toInput, "to"]]) {
        applyOnEnter(input, () => {
          const v = input.value.trim();
          const ok = v === "" || !isNaN(parseDay(v));
          input.setAttribute("aria-invalid", ok ? "false" : "true");
          if (ok) this._setAttrFromUi(name, v);
          else this._setStatus(`“${v}” is not a date: use 2014, 2014-06 or 2014-06-13.`, "error");
        });
      }
      this._lanesSelect.addEventListener("change", () => this._setAttrFromUi("lanes", this._lanesSelect.value === "admin1" ? "" : this._lanesSelect.value));
      this._liveBtn.addEventListener("click", () => this._setAttrFromUi("live", this.hasAttribute("live") ? "" : "on"));
      $(".ct-clear").addEventListener("click", () => {
        this._fromUi = true;
        for (const k of ["place", "actor", "types", "from", "to"]) this.removeAttribute(k);
        this._fromUi = false;
        this._viewSet = false;
        this._writeUrl();
      });
      this._bindPlaceCombo();
      // zoom buttons
      $(".ct-zoom-in").addEventListener("click", () => this._animateZoom(1 / 2));
      $(".ct-zoom-out").addEventListener("click", () => this._animateZoom(2));
      $(".ct-fit").addEventListener("click", () => this._fit(true));
      // plot pointer interaction: drag pans, two pointers pinch-zoom, a click opens
      plot.addEventListener("pointerdown", (ev) => {
        if (ev.button !== 0 && ev.pointerType === "mouse") return;
        plot.setPointerCapture(ev.pointerId);
        this._pointers.set(ev.pointerId, { x: ev.clientX, y: ev.clientY, x0: ev.clientX, y0: ev.clientY });
        this._moved = false;
        this._hideTooltip();
      });
      plot.addEventListener("pointermove", (ev) => {
        const p = this._pointers.get(ev.pointerId);
        if (!p) return this._hover(ev);
        if (this._pointers.size === 2) {
          const [a, b] = [...this._pointers.values()];
          const before = Math.hypot(a.x - b.x, a.y - b.y);
          p.x = ev.clientX; p.y = ev.clientY;
          const after = Math.hypot(a.x - b.x, a.y - b.y);
          if (before > 0 && after > 0) this.zoomBy(before / after, (a.x + b.x) / 2);
          this._moved = true;
          return;
        }
        const dx = ev.clientX - p.x;
        p.x = ev.clientX; p.y = ev.clientY;
        if (Math.abs(ev.clientX - p.x0) > 4 || Math.abs(ev.clientY - p.y0) > 4) this._moved = true;
        if (this._moved && dx) {
          plot.classList.add("ct-dragging");
          this.panBy(dx);
        }
      });
      const up = (ev) => {
        const had = this._pointers.delete(ev.pointerId);
        plot.classList.remove("ct-dragging");
        if (had && !this._moved && ev.type === "pointerup" && this._pointers.size === 0) this._click(ev);
        if (this._pointers.size === 0) this._moved = false;
      };
      plot.addEventListener("pointerup", up);
      plot.addEventListener("pointercancel", up);
      plot.addEventListener("pointerleave", () => this._hideTooltip());
      plot.addEventListener("wheel", (ev) => this._wheel(ev), { passive: false });
      plot.addEventListener("keydown", (ev) => this._key(ev));
      plot.addEventListener("focus", () => this._invalidate());
      plot.addEventListener("blur", () => this._invalidate());
      // list and panel
      this._list.addEventListener("click", (ev) => {
        const b = ev.target.closest("button[data-id]");
        if (b) this._openPanel(this._byId.get(b.dataset.id), b);
      });
      this._list.addEventListener("focusin", (ev) => {
        const b = ev.target.closest("button[data-id]");
        if (b) { this._focusId = b.dataset.id; this._invalidate(); }
      });
      this._listWrap.addEventListener("toggle", () => this._renderList());
      $(".ct-close").addEventListener("click", () => this._closePanel());
      this._panel.addEventListener("keydown", (ev) => { if (ev.key === "Escape") this._closePanel(); });
    }

    _bindPlaceCombo() {
      const input = this._placeInput, list = this._placeList;
      let timer = 0, active = -1, ac = null;
      const close = () => {
        list.hidden = true; active = -1;
        input.setAttribute("aria-expanded", "false");
        input.removeAttribute("aria-activedescendant");
      };
      const choose = (value) => { close(); input.value = value; this._setAttrFromUi("place", value.trim()); };
      const mark = () => {
        [...list.children].forEach((li, i) => li.setAttribute("aria-selected", i === active ? "true" : "false"));
        if (active >= 0) input.setAttribute("aria-activedescendant", list.children[active].id);
      };
      const search = async () => {
        const q = input.value.trim();
        if (ac) ac.abort();
        if (q.length < 2) return close();
        ac = new AbortController();
        try {
          const res = await fetch(this._apiUrl("/places", { q, limit: 8 }), { signal: ac.signal });
          if (!res.ok) return close();
          const rows = await res.json();
          list.textContent = "";
          const found = Array.isArray(rows) ? rows : rows.items || [];
          // places that have events first; otherwise keep the server's (gazetteer) order
          const ranked = found.filter((r) => r.event_count > 0).concat(found.filter((r) => !(r.event_count > 0)));
          ranked.slice(0, 8).forEach((row, i) => {
            const where = [row.level === "admin1" ? "province" : row.level, row.admin1 && row.admin1 !== row.name ? row.admin1 : null,
              countryName(row.country)].filter(Boolean).join(", ");
            const li = h("li", { role: "option", id: "ct-opt-" + i, "aria-selected": "false", "data-value": row.name },
              h("span", { class: "ct-opt-name", text: row.name }), h("span", { class: "ct-opt-meta", text: where }),
              row.event_count != null ? h("span", { class: "ct-opt-count", text: `${row.event_count} events` }) : null);
            li.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(row.name); });
            list.append(li);
          });
          active = -1;
          list.hidden = list.children.length === 0;
          input.setAttribute("aria-expanded", list.hidden ? "false" : "true");
        } catch (err) {
          if (err.name !== "AbortError") close();
        }
      };
      input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, 180); });
      input.addEventListener("keydown", (ev) => {
        const n = list.hidden ? 0 : list.children.length;
        if (ev.key === "ArrowDown" && n) { ev.preventDefault(); active = (active + 1) % n; mark(); }
        else if (ev.key === "ArrowUp" && n) { ev.preventDefault(); active = (active - 1 + n) % n; mark(); }
        else if (ev.key === "Escape") close();
        else if (ev.key === "Enter") {
          ev.preventDefault();
          choose(active >= 0 && n ? list.children[active].dataset.value : input.value);
        }
      });
      input.addEventListener("blur", () => setTimeout(close, 120));
      input.addEventListener("search", () => { if (input.value === "") choose(""); });
    }

    // ---------- attributes, URL
    _syncUrlEnabled() {
      const v = this.getAttribute("sync-url");
      return v === null ? true : !["false", "off", "no", "0"].includes(v.toLowerCase());
    }
    _readUrl() {
      const params = new URLSearchParams(window.location.search);
      for (const k of URL_KEYS) {
        if (!params.has(k)) continue;
        const v = params.get(k);
        if (v) this.setAttribute(k, v); else this.removeAttribute(k);
      }
    }
    _writeUrl() {
      if (!this._syncUrlEnabled()) return;
      const params = new URLSearchParams(window.location.search);
      for (const k of URL_KEYS) {
        const v = this.getAttribute(k);
        if (v) params.set(k, v); else params.delete(k);
      }
      const qs = params.toString();
      const url = window.location.pathname + (qs ? "?" + qs : "") + window.location.hash;
      try { window.history.replaceState(window.history.state, "", url); } catch (_err) { /* sandboxed iframe: no URL sync */ }
    }
    _setAttrFromUi(name, value) {
      this._fromUi = true;
      try {
        if (value) this.setAttribute(name, value); else this.removeAttribute(name);
      } finally {
        this._fromUi = false;
      }
    }
    _types() {
      const v = (this.getAttribute("types") || "").trim();
      return v ? v.split(/[,\s]+/).filter(Boolean) : [];
    }
    _toggleType(kind, only) {
      const all = Object.keys(TYPES);
      let on = this._types();
      if (!on.length) on = all.slice();
      if (only) on = [kind];
      else if (on.includes(kind)) on = on.filter((k) => k !== kind);
      else on.push(kind);
      if (!on.length || all.every((k) => on.includes(k))) on = [];
      this._setAttrFromUi("types", all.filter((k) => on.includes(k)).join(","));
    }
    _syncControls() {
      const heading = this.getAttribute("heading");
      this._title.textContent = heading || "";
      this._title.hidden = !heading;
      if (this._root.activeElement !== this._placeInput) this._placeInput.value = this.getAttribute("place") || "";
      this._actorInput.value = this.getAttribute("actor") || "";
      this._fromInput.value = this.getAttribute("from") || "";
      this._toInput.value = this.getAttribute("to") || "";
      this._lanesSelect.value = this._laneMode();
      const live = this.hasAttribute("live");
      this._liveBtn.setAttribute("aria-pressed", live ? "true" : "false");
      const types = this._types();
      for (const b of this._legend.querySelectorAll("button[data-type]")) {
        b.setAttribute("aria-pressed", !types.length || types.includes(b.dataset.type) ? "true" : "false");
      }
    }
    _laneMode() {
      const v = this.getAttribute("lanes");
      return v === "actor" || v === "none" ? v : "admin1";
    }
    _apiBase() {
      let src = this.getAttribute("src");
      if (src == null || src.trim() === "") src = SCRIPT_URL ? new URL(SCRIPT_URL, window.location.href).origin : "";
      return src.trim().replace(/\/+$/, "");
    }
    _apiUrl(path, params) {
      const u = new URL(this._apiBase() + path, window.location.href);
      for (const [k, v] of Object.entries(params || {})) {
        if (Array.isArray(v)) v.forEach((x) => u.searchParams.append(k, x));
        else if (v != null && v !== "") u.searchParams.set(k, String(v));
      }
      return u.href;
    }

    // ---------- loading
    _scheduleLoad() {
      if (this._loadQueued) return;
      this._loadQueued = true;
      queueMicrotask(() => { this._loadQueued = false; this._load(); });
    }
    async _load() {
      const token = ++this._loadToken;
      if (this._abort) this._abort.abort();
      const ac = new AbortController();
      this._abort = ac;
      this._plot.setAttribute("aria-busy", "true");
      this._setStatus("Loading events…", "busy");
      const params = {
        place: this.getAttribute("place"), from: this.getAttribute("from"), to: this.getAttribute("to"),
        type: this._types(), actor: this.getAttribute("actor"), limit: PAGE_LIMIT,
      };
      const entries = [];
      let total = null;
      try {
        let cursor = null, pages = 0, shownAt = 0;
        do {
          const res = await fetch(this._apiUrl("/timeline", { ...params, cursor }), {
            signal: ac.signal, headers: { Accept: "application/json" } });
          if (!res.ok) throw new Error(await errorText(res));
          const body = await res.json();
          if (total == null && typeof body.total === "number") total = body.total;
          for (const it of body.items || []) entries.push(it);
          cursor = body.next_cursor || null;
          pages += 1;
          if (cursor && token === this._loadToken && (pages === 1 || performance.now() - shownAt > 400)) {
            shownAt = performance.now();
            // draw what has arrived while the rest loads: a large timeline appears at once and fills in
            this._setItems(entries);
            this._setStatus(`Loading events… ${entries.length}${total != null ? ` of ${total}` : ""}`, "busy");
          }
        } while (cursor && entries.length < MAX_ENTRIES && pages < 400);
      } catch (err) {
        if (ac.signal.aborted || token !== this._loadToken) return;
        this._plot.removeAttribute("aria-busy");
        this._setItems([]);
        this._setStatus(`Could not load the timeline: ${err.message}`, "error");
        return;
      }
      if (token !== this._loadToken) return;
      this._plot.removeAttribute("aria-busy");
      this._loaded = true;
      this._setItems(entries);
      try { performance.mark("conflict-timeline:loaded"); } catch (_err) { /* old browsers */ }
      const shown = this._items.length;
      const notes = [];
      if (!entries.length) notes.push("No events match these filters.");
      if (this._undated.length) notes.push(`${this._undated.length} undated event(s) are listed but not drawn.`);
      if (total != null && total > entries.length) notes.push(`Showing the first ${entries.length} of ${total}.`);
      this._setStatus(notes.join(" ") || `${shown} events loaded.`, entries.length ? "ok" : "empty");
      this.dispatchEvent(new CustomEvent("timeline-load", { detail: { count: entries.length }, bubbles: true, composed: true }));
    }

    _setItems(entries) {
      this._items = [];
      this._undated = [];
      this._byId = new Map();
      for (const e of entries) this._addEntry(e);
      this._sortItems();
      this._afterData();
    }
    _addEntry(e) {
      if (!e || e.id == null) return;
      const it = prepare(e);
      if (it) { this._items.push(it); this._byId.set(it.id, it); } else this._undated.push(e);
    }
    _sortItems() {
      this._items.sort((a, b) => a.t0 - b.t0 || a.t1 - b.t1);
      this._maxDur = this._items.reduce((m, it) => Math.max(m, it.t1 - it.t0), DAY);
    }
    _afterData() {
      this._computeLanes();
      const actors = new Set();
      for (const it of this._items) for (const a of it.entry.actors || []) actors.add(a);
      this._actorList.textContent = "";
      [...actors].sort().slice(0, 300).forEach((a) => { const o = document.createElement("option"); o.value = a; this._actorList.append(o); });
      if (!this._viewSet) this._fit(false);
      this._resize();
      this._renderSummary();
      this._scheduleList();
      if (this._openId && !this._byId.has(this._openId)) this._closePanel();
    }
    _computeLanes() {
      const mode = this._laneMode();
      const keyOf = mode === "actor" ? (e) => (e.actors && e.actors[0]) || "Actor not stated"
        : mode === "none" ? () => "All events"
          : (e) => (e.place ? e.place.admin1 || (e.place.country ? countryName(e.place.country) + " (country)" : e.place.name) : null) || "Place not stated";
      const counts = new Map();
      const keys = this._items.map((it) => {
        const k = String(keyOf(it.entry));
        counts.set(k, (counts.get(k) || 0) + 1);
        return k;
      });
      const unstated = (k) => /not stated$/.test(k);
      let names = [...counts.keys()].sort((a, b) => unstated(a) - unstated(b) || counts.get(b) - counts.get(a) || a.localeCompare(b));
      const cap = this._w < 560 ? 6 : 9;
      let other = null;
      if (names.length > cap) {
        const rest = names.slice(cap - 1);
        names = names.slice(0, cap - 1);
        other = `${rest.length} others`;
        names.push(other);
      }
      const index = new Map(names.map((n, i) => [n, i]));
      this._items.forEach((it, i) => { it.lane = index.has(keys[i]) ? index.get(keys[i]) : names.length - 1; });
      this._lanes = names.length ? names.map((n) => ({ name: n, count: counts.get(n) || 0 })) : [{ name: "All events", count: 0 }];
      if (other) this._lanes[this._lanes.length - 1].count = this._items.filter((it) => it.lane === names.length - 1).length;
      this._buckets = this._lanes.map(() => []);
      this._laneItems = this._lanes.map(() => []);
      for (const it of this._items) this._laneItems[it.lane].push(it);
      for (const arr of this._laneItems) arr.sort((p, q) => p.mid - q.mid);
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

    // ---------- view (time window)
    _setView(v0, v1, keepFlag) {
      if (!isFinite(v0) || !isFinite(v1)) return;
      let span = Math.min(MAX_SPAN, Math.max(MIN_SPAN, v1 - v0));
      const mid = (v0 + v1) / 2;
      v0 = mid - span / 2;
      const lo = Date.UTC(1900, 0, 1), hi = Date.UTC(2100, 0, 1);
      if (v0 < lo) v0 = lo;
      if (v0 + span > hi) v0 = hi - span;
      this._v0 = v0;
      this._v1 = v0 + span;
      if (!keepFlag) this._viewSet = true;
      this._invalidate();
      this._scheduleList();
      clearTimeout(this._viewTimer);
      this._viewTimer = setTimeout(() => this._commitView(), 350);
    }
    _commitView() {
      if (!this._viewSet) return;
      const v = `${isoDay(this._v0)}..${isoDay(this._v1 - DAY)}`;
      if (this.getAttribute("view") === v) return;
      this._selfView = true;
      this._fromUi = true;
      try { this.setAttribute("view", v); } finally { this._selfView = false; this._fromUi = false; }
      this._writeUrl();
    }
    _applyViewAttr() {
      const v = this.getAttribute("view");
      if (!v) return;
      const [a, b] = v.split(/\.\.|~|,/);
      const s = parseDay(a), e = parseDay(b, true);
      if (!isNaN(s) && !isNaN(e) && e >= s) this._setView(s, e + DAY);
    }
    _fit(animate) {
      const f = parseDay(this.getAttribute("from")), t = parseDay(this.getAttribute("to"), true);
      let a, b;
      if (this._items.length) {
        a = this._items[0].t0;
        b = this._items.reduce((m, it) => Math.max(m, it.t1), a + DAY);
        const pad = Math.max((b - a) * 0.06, 5 * DAY);
        a -= pad; b += pad;
        if (!isNaN(f)) a = Math.max(a, f);
        if (!isNaN(t)) b = Math.min(b, t + DAY);
      } else {
        a = isNaN(f) ? Date.UTC(new Date().getUTCFullYear(), 0, 1) : f;
        b = isNaN(t) ? a + 365 * DAY : t + DAY;
      }
      if (animate) {
        this._viewSet = false;
        this._animateTo(a, b, false);
        if (this.hasAttribute("view")) {
          this._selfView = true;
          this._fromUi = true;
          try { this.removeAttribute("view"); } finally { this._selfView = false; this._fromUi = false; }
          this._writeUrl();
        }
      } else this._setView(a, b, true);
    }
    _zoomAt(factor, ax) {
      const L = this._layout();
      const span = this._v1 - this._v0;
      const frac = Math.min(1, Math.max(0, (ax - L.x0) / (L.x1 - L.x0)));
      const t = this._v0 + frac * span;
      const ns = Math.min(MAX_SPAN, Math.max(MIN_SPAN, span * factor));
      this._setView(t - frac * ns, t - frac * ns + ns);
    }
    _animateZoom(factor) {
      const L = this._layout();
      const span = this._v1 - this._v0;
      let center = (this._v0 + this._v1) / 2;
      const f = this._focusId && this._byId.get(this._focusId);
      if (f && f.mid > this._v0 && f.mid < this._v1) center = f.mid;
      const ns = Math.min(MAX_SPAN, Math.max(MIN_SPAN, span * factor));
      const frac = (center - this._v0) / span;
      void L;
      this._animateTo(center - frac * ns, center - frac * ns + ns, true);
    }
    _animateTo(a, b, markSet) {
      const reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      const s0 = this._v0, s1 = this._v1, start = performance.now(), dur = reduce ? 0 : 220;
      cancelAnimationFrame(this._anim);
      const step = (now) => {
        const k = dur ? Math.min(1, (now - start) / dur) : 1;
        const e = 1 - Math.pow(1 - k, 3);
        this._setView(s0 + (a - s0) * e, s1 + (b - s1) * e, !markSet);
        if (k < 1) this._anim = requestAnimationFrame(step);
      };
      this._anim = requestAnimationFrame(step);
    }

    // ---------- input
    _wheel(ev) {
      const focused = this._root.activeElement === this._plot;
      if (!focused && !ev.ctrlKey && !ev.metaKey) {
        // Leave page scrolling alone until the reader engages with the chart.
        this._hint.hidden = false;
        clearTimeout(this._hintTimer);
        this._hintTimer = setTimeout(() => { this._hint.hidden = true; }, 1400);
        return;
      }
      ev.preventDefault();
      this._hint.hidden = true;
      const unit = ev.deltaMode === 1 ? 16 : ev.deltaMode === 2 ? 400 : 1;
      if (Math.abs(ev.deltaX) > Math.abs(ev.deltaY) || ev.shiftKey) {
        this.panBy(-(ev.shiftKey ? ev.deltaY : ev.deltaX) * unit);
      } else {
        this.zoomBy(Math.exp(ev.deltaY * unit * 0.0022), ev.clientX);
      }
    }
    _key(ev) {
      const k = ev.key;
      if (k === "ArrowLeft" || k === "ArrowRight") {
        const L = this._layout();
        const px = (L.x1 - L.x0) * (ev.shiftKey ? 0.5 : 0.15);
        this.panBy(k === "ArrowLeft" ? px : -px);
      } else if (k === "+" || k === "=" || k === "Add") this._animateZoom(1 / 1.8);
      else if (k === "-" || k === "_" || k === "Subtract") this._animateZoom(1.8);
      else if (k === "0") this._fit(true);
      else if (k === "ArrowDown" || k === "ArrowUp") this._step(k === "ArrowDown" ? 1 : -1);
      else if (k === "Home" || k === "End") this._step(0, k === "Home" ? 0 : this._items.length - 1);
      else if (k === "Enter" || k === " ") {
        let it = this._focusId && this._byId.get(this._focusId);
        if (!it) { this._step(1); it = this._focusId && this._byId.get(this._focusId); }
        if (it) this._openPanel(it, this._plot);
      } else if (k === "Escape") this._closePanel();
      else return;
      ev.preventDefault();
    }
    _step(dir, absolute) {
      const items = this._items;
      if (!items.length) return;
      let i = absolute;
      if (i == null) {
        const cur = this._focusId ? items.findIndex((it) => it.id === this._focusId) : -1;
        if (cur < 0) {
          i = items.findIndex((it) => it.t1 >= this._v0);
          if (i < 0) i = 0;
          if (dir < 0) i = Math.max(0, i - 1);
        } else i = Math.min(items.length - 1, Math.max(0, cur + dir));
      }
      const it = items[i];
      this._focusId = it.id;
      const span = this._v1 - this._v0;
      if (it.mid < this._v0 + span * 0.08 || it.mid > this._v1 - span * 0.08) {
        this._setView(it.mid - span / 2, it.mid + span / 2);
      }
      this._invalidate();
      const st = styleOf(it.kind);
      const place = it.entry.place ? it.entry.place.name : "place not stated";
      this._announce.textContent = `Event ${i + 1} of ${items.length}: ${fmtWhen(it)}, ${it.entry.label || st.label}, ${place}. ` +
        `${it.entry.headline || ""}. Press Enter for details.`;
    }
    _hit(clientX, clientY) {
      const r = this._canvas.getBoundingClientRect();
      const x = clientX - r.left, y = clientY - r.top;
      let best = null, bestD = Infinity;
      for (const hh of this._hits) {
        if (hh.span) continue;
        const d = Math.hypot(hh.x - x, hh.y - y);
        const reach = hh.r + (this._coarse ? 10 : 5);
        if (d <= reach && d < bestD) { best = hh; bestD = d; }
      }
      if (best) return best;
      for (const hh of this._hits) {
        if (hh.span && x >= hh.x0 && x <= hh.x1 && Math.abs(y - hh.y) <= 7) return hh;
      }
      return null;
    }
    _click(ev) {
      this._coarse = ev.pointerType === "touch";
      const hh = this._hit(ev.clientX, ev.clientY);
      if (!hh) return;
      if (hh.cluster) {
        let a = Infinity, b = -Infinity;
        for (const it of hh.cluster) { a = Math.min(a, it.t0); b = Math.max(b, it.t1); }
        if (b - a <= 2 * DAY || this._v1 - this._v0 <= MIN_SPAN * 1.05) this._openClusterPanel(hh.cluster);
        else {
          const pad = Math.max((b - a) * 0.25, 2 * DAY);
          this._animateTo(a - pad, b + pad, true);
        }
      } else {
        this._focusId = hh.item.id;
        this._openPanel(hh.item, this._plot);
      }
    }
    _hover(ev) {
      this._coarse = ev.pointerType === "touch";
      const hh = this._hit(ev.clientX, ev.clientY);
      this._plot.classList.toggle("ct-pointing", !!hh);
      if (!hh) return this._hideTooltip();
      const tip = this._tooltip;
      tip.textContent = "";
      if (hh.cluster) {
        tip.append(h("strong", { text: `${hh.cluster.length} events` }), h("span", { text: "Click to zoom in" }));
      } else {
        const e = hh.item.entry;
        tip.append(h("span", { class: "ct-tip-date", text: `${fmtWhen(hh.item)} · ${e.label || styleOf(hh.item.kind).label}` }),
          h("strong", { text: e.headline || "(no headline)" }));
      }
      tip.hidden = false;
      const pr = this._plot.getBoundingClientRect();
      const x = Math.min(pr.width - tip.offsetWidth - 4, Math.max(4, ev.clientX - pr.left + 12));
      const y = ev.clientY - pr.top + 16 + tip.offsetHeight > pr.height ? ev.clientY - pr.top - tip.offsetHeight - 10 : ev.clientY - pr.top + 16;
      tip.style.transform = `translate(${Math.round(x)}px, ${Math.round(Math.max(0, y))}px)`;
    }
    _hideTooltip() { this._tooltip.hidden = true; }

    // ---------- layout and drawing
    _layout() {
      const W = this._w;
      const narrow = W < 560;
      const one = this._lanes.length <= 1;
      const gutter = narrow || one ? 0 : Math.round(Math.min(170, Math.max(96, W * 0.18)));
      const n = Math.max(1, this._lanes.length);
      const laneH = Math.max(narrow ? 48 : 44, Math.min(120, 150 / n));
      const top = 6;
      const axisY = top + n * laneH + 2;
      // without a gutter the lane's name is written above its markers
      const markerY = (lane) => top + lane * laneH + (gutter ? laneH / 2 : 16 + (laneH - 16) / 2);
      return { narrow, gutter, x0: gutter + 16, x1: W - 16, top, laneH, axisY, height: axisY + 44, markerY };
    }
    _resize() {
      const r = this._plot.getBoundingClientRect();
      const w = Math.max(240, Math.round(r.width || this.clientWidth || 600));
      const lanesBefore = this._w < 560;
      this._w = w;
      if ((w < 560) !== lanesBefore && this._items.length) this._computeLanes();
      const L = this._layout();
      const dpr = Math.min(2, window.devicePixelRatio || 1);
      if (this._canvas.width !== Math.round(w * dpr) || this._canvas.height !== Math.round(L.height * dpr)) {
        this._canvas.width = Math.round(w * dpr);
        this._canvas.height = Math.round(L.height * dpr);
        this._canvas.style.height = L.height + "px";
      }
      this._h = L.height;
      this._dpr = dpr;
      this._shell.classList.toggle("ct-narrow", L.narrow);
      this._draw();
    }
    _invalidate() {
      if (this._raf) return;
      this._raf = requestAnimationFrame(() => { this._raf = 0; this._draw(); });
    }
    _draw() {
      const t0 = performance.now();
      const ctx = this._ctx, W = this._w, H = this._h, dpr = this._dpr;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, W, H);
      const L = this._layout();
      const v0 = this._v0, v1 = this._v1, k = (L.x1 - L.x0) / (v1 - v0);
      const X = (t) => L.x0 + (t - v0) * k;
      // lane bands
      this._lanes.forEach((_, i) => {
        if (i % 2 === 0) { ctx.fillStyle = "#f5f6f8"; ctx.fillRect(0, L.top + i * L.laneH, W, L.laneH); }
      });
      this._drawAxis(ctx, L, X);
      this._hits = [];
      const focusIt = this._focusId && this._byId.get(this._focusId);
      const openIt = this._openId && this._byId.get(this._openId);
      let drawn = 0;
      ctx.save();
      ctx.beginPath();
      ctx.rect(L.x0 - 14, L.top, L.x1 - L.x0 + 28, L.axisY - L.top);
      ctx.clip();
      const buckets = this._buckets || [];
      const pad = 20 / k, half = this._maxDur / 2 + pad;
      (this._laneItems || []).forEach((arr, li) => {
        // lanes are kept sorted by marker time, so no sorting per frame
        const b = buckets[li];
        b.length = 0;
        for (let i = lowerBound(arr, v0 - half, "mid"); i < arr.length; i++) {
          const it = arr[i];
          if (it.mid > v1 + half) break;
          if (it.t1 < v0 - pad || it.t0 > v1 + pad) continue;
          it.x = X(it.mid);
          b.push(it);
        }
      });
      const r = L.narrow ? 9 : 8;
      const TH = 2 * r + 2;
      const slot = 2 * r + 3;
      const maxStack = Math.max(1, Math.floor((L.laneH - (L.gutter ? 4 : 18)) / slot));
      const frame = (this._frameNo = (this._frameNo || 0) + 1);
      for (let li = 0; li < buckets.length; li++) {
        const b = buckets[li];
        if (!b.length) continue;
        const y = L.markerY(li);
        const singles = [];
        let i = 0;
        while (i < b.length) {
          let j = i + 1;
          while (j < b.length && b[j].x - b[j - 1].x < TH && b[j].x - b[i].x < TH * 4) j++;
          if (j - i === 1) { b[i]._y = y; singles.push(b[i]); }
          else if (j - i <= maxStack) {
            // a few events close together: stack them in the lane rather than hide them in a cluster
            for (let q = i; q < j; q++) { b[q]._y = y + (q - i - (j - i - 1) / 2) * slot; singles.push(b[q]); }
          } else {
            const group = b.slice(i, j);
            let sx = 0;
            for (const g of group) { sx += g.x; g._y = y; }
            this._drawCluster(ctx, sx / group.length, y, group);
            drawn += 1;
          }
          i = j;
        }
        for (const it of singles) {
          const y = it._y;
          const st = styleOf(it.kind);
          const xa = X(it.t0), xb = X(it.t1);
          if (xb - xa > 2 * r + 2) {
            ctx.fillStyle = st.fillSpan;
            ctx.strokeStyle = st.strokeSpan;
            ctx.lineWidth = 1;
            ctx.beginPath();
            ctx.rect(xa, y - 4, xb - xa, 8);
            ctx.fill();
            ctx.stroke();
            ctx.beginPath();
            ctx.moveTo(xa + 0.5, y - 8); ctx.lineTo(xa + 0.5, y + 8);
            ctx.moveTo(xb - 0.5, y - 8); ctx.lineTo(xb - 0.5, y + 8);
            ctx.stroke();
            this._hits.push({ span: true, x0: xa, x1: xb, y, item: it });
          } else if (it.open) {
            const dir = it.open === "start" ? -1 : 1;
            const g = ctx.createLinearGradient(it.x, 0, it.x + dir * 70, 0);
            g.addColorStop(0, st.strokeSpan);
            g.addColorStop(1, "rgba(255,255,255,0)");
            ctx.strokeStyle = g;
            ctx.lineWidth = 3;
            ctx.setLineDash([4, 3]);
            ctx.beginPath();
            ctx.moveTo(it.x, y); ctx.lineTo(it.x + dir * 70, y);
            ctx.stroke();
            ctx.setLineDash([]);
          }
        }
        for (const it of singles) {
          const y = it._y;
          it._frame = frame;
          this._drawMarker(ctx, it, it.x, y, r);
          this._hits.push({ x: it.x, y, r, item: it });
          drawn += 1;
        }
      }
      // highlights drawn last so they are visible even inside a cluster
      const now = performance.now();
      for (const [id, until] of this._fresh) {
        const it = this._byId.get(id);
        if (!it || until < now) { this._fresh.delete(id); continue; }
        this._ring(ctx, it, L, X, r + 6, "rgba(200,50,60,0.55)", 3);
      }
      if (openIt) this._ring(ctx, openIt, L, X, r + 5, "#111", 2.5, true);
      if (focusIt && focusIt !== openIt) {
        const plotFocused = this._root.activeElement === this._plot || this._root.activeElement?.dataset?.id === focusIt.id;
        this._ring(ctx, focusIt, L, X, r + 5, plotFocused ? "#0b57d0" : "#5f6368", 2.5, true);
      }
      ctx.restore();
      if (this._fresh.size) this._invalidate();
      this._drawLaneLabels(ctx, L);
      const range = `${fmtDay(v0)} – ${fmtDay(v1 - DAY)}`;
      if (this._rangeText !== range) { this._rangeText = range; this._range.textContent = range; }
      const ms = performance.now() - t0;
      const s = this._stats;
      s.frames += 1; s.totalMs += ms; s.lastMs = ms; s.maxMs = Math.max(s.maxMs, ms); s.drawn = drawn;
      if ((this._loaded || this._items.length) && this._firstRender == null) {
        this._firstRender = performance.now();
        try { performance.mark("conflict-timeline:first-render"); } catch (_err) { /* old browsers */ }
        this.dispatchEvent(new CustomEvent("timeline-render", { detail: { count: this._items.length }, bubbles: true, composed: true }));
      }
    }
    _ring(ctx, it, L, X, rr, color, width, redraw) {
      const laneY = L.markerY(it.lane);
      const y = it._frame === this._frameNo ? it._y : laneY;
      const x = X(it.mid);
      if (redraw) this._drawMarker(ctx, it, x, y, L.narrow ? 9 : 8);
      ctx.beginPath();
      ctx.arc(x, y, rr, 0, 2 * Math.PI);
      ctx.strokeStyle = color;
      ctx.lineWidth = width;
      ctx.stroke();
      // keep a highlighted event clickable even when it sits inside a cluster
      if (redraw && it._frame !== this._frameNo) this._hits.push({ x, y, r: rr - 4, item: it, ring: true });
    }
    _drawMarker(ctx, it, x, y, r) {
      const st = styleOf(it.kind);
      const dpr = this._dpr, p = pathFor(st.shape);
      ctx.setTransform(dpr * r, 0, 0, dpr * r, dpr * x, dpr * y);
      ctx.lineWidth = 2.4 / r;
      ctx.strokeStyle = "#ffffff";
      ctx.stroke(p);
      ctx.fillStyle = st.color;
      ctx.fill(p);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    }
    _drawCluster(ctx, x, y, group) {
      const n = group.length;
      const r = Math.min(17, 10 + Math.log2(n) * 1.5);
      const counts = new Map();
      for (const g of group) counts.set(g.kind, (counts.get(g.kind) || 0) + 1);
      ctx.beginPath();
      ctx.arc(x, y, r + 1.5, 0, 2 * Math.PI);
      ctx.fillStyle = "#ffffff";
      ctx.fill();
      let a = -Math.PI / 2;
      ctx.lineWidth = 4;
      for (const [kind, c] of counts) {
        const da = (c / n) * 2 * Math.PI;
        ctx.beginPath();
        ctx.arc(x, y, r - 2, a, a + da);
        ctx.strokeStyle = styleOf(kind).color;
        ctx.stroke();
        a += da;
      }
      ctx.fillStyle = "#202124";
      ctx.font = `700 ${n >= 100 ? 10 : 11}px ${FONT}`;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(fmtCount(n), x, y + 0.5);
      this._hits.push({ x, y, r, cluster: group });
    }
    _drawAxis(ctx, L, X) {
      const v0 = this._v0, v1 = this._v1;
      const pxPerDay = (L.x1 - L.x0) / ((v1 - v0) / DAY);
      let sc = SCALES[0];
      for (const cand of SCALES) if (scaleDays(cand) * pxPerDay >= cand.min) sc = cand;
      const ticks = ticksFor(sc, v0 - scaleDays(sc) * DAY, v1);
      const majorU = sc.u === "d" ? "m" : sc.u === "m" ? "y" : null;
      const majors = majorU ? ticksFor({ u: majorU, s: 1 }, v0 - 370 * DAY, v1) : [];
      ctx.lineWidth = 1;
      ctx.strokeStyle = "#e3e5e8";
      ctx.beginPath();
      for (const t of ticks) {
        const x = Math.round(X(t)) + 0.5;
        if (x < L.x0 - 1 || x > L.x1 + 1) continue;
        ctx.moveTo(x, L.top); ctx.lineTo(x, L.axisY + 6);
      }
      ctx.stroke();
      ctx.strokeStyle = "#b9bec5";
      ctx.beginPath();
      for (const t of majors) {
        const x = Math.round(X(t)) + 0.5;
        if (x < L.x0 - 1 || x > L.x1 + 1) continue;
        ctx.moveTo(x, L.top); ctx.lineTo(x, L.axisY + 22);
      }
      ctx.moveTo(L.x0, L.axisY + 0.5); ctx.lineTo(L.x1, L.axisY + 0.5);
      ctx.stroke();
      ctx.textBaseline = "alphabetic";
      ctx.textAlign = "left";
      ctx.font = `12px ${FONT}`;
      ctx.fillStyle = "#4a4f57";
      const labels = [];
      for (const t of ticks) {
        const x = X(t);
        if (x < L.x0 - 1 || x > L.x1 - 14) continue;
        if (sc.u === "m" && new Date(t).getUTCMonth() === 0) continue;  // the year row names January
        const text = minorLabel(sc, t);
        ctx.fillText(text, x + 4, L.axisY + 17);
        labels.push({ text, x: x + 4, w: ctx.measureText(text).width, row: 0 });
      }
      if (majors.length) {
        ctx.font = `600 12px ${FONT}`;
        ctx.fillStyle = "#202124";
        const label = (t) => (majorU === "m" ? `${MONTHS[new Date(t).getUTCMonth()]} ${new Date(t).getUTCFullYear()}` : String(new Date(t).getUTCFullYear()));
        for (let i = 0; i < majors.length; i++) {
          const x = X(majors[i]);
          const next = i + 1 < majors.length ? X(majors[i + 1]) : Infinity;
          if (next < L.x0) continue;
          const text = label(majors[i]);
          const w = ctx.measureText(text).width;
          // sticky: the period under the left edge keeps its label visible
          let lx = Math.max(x + 4, L.x0 + 2);
          if (lx + w > next - 4) lx = next - 4 - w;
          if (lx < L.x0 - 2 || lx > L.x1 - w) continue;
          ctx.fillText(text, lx, L.axisY + 35);
          labels.push({ text, x: lx, w, row: 1 });
        }
      }
      this._axisLabels = labels;
    }
    _drawLaneLabels(ctx, L) {
      if (this._lanes.length <= 1 && this._laneMode() === "none") return;
      ctx.textBaseline = "middle";
      ctx.textAlign = "left";
      this._lanes.forEach((lane, i) => {
        const yTop = L.top + i * L.laneH;
        if (!L.gutter) {
          ctx.font = `600 11px ${FONT}`;
          ctx.fillStyle = "#5f6368";
          ctx.fillText(fitText(ctx, `${lane.name} (${lane.count})`, L.x1 - L.x0), L.x0 - 8, yTop + 10);
        } else {
          ctx.font = `600 12px ${FONT}`;
          ctx.fillStyle = "#202124";
          const text = fitText(ctx, lane.name, L.gutter - 10);
          ctx.fillText(text, 10, yTop + L.laneH / 2 - (L.laneH >= 40 ? 6 : 0));
          if (L.laneH >= 40) {
            ctx.font = `11px ${FONT}`;
            ctx.fillStyle = "#6b7079";
            ctx.fillText(`${lane.count} event${lane.count === 1 ? "" : "s"}`, 10, yTop + L.laneH / 2 + 9);
          }
        }
      });
    }

    // ---------- list of events in view (the accessible, text alternative to the chart)
    _scheduleList() {
      clearTimeout(this._listTimer);
      this._listTimer = setTimeout(() => this._renderList(), 160);
    }
    _renderList() {
      const inView = this._items.filter((it) => it.t1 >= this._v0 && it.t0 <= this._v1);
      const summary = this._listWrap.querySelector("summary");
      summary.textContent = `List of events in view (${inView.length}${this._undated.length ? ` + ${this._undated.length} undated` : ""})`;
      if (!this._listWrap.open) return;
      this._list.textContent = "";
      for (const it of inView.slice(0, LIST_LIMIT)) {
        const e = it.entry;
        const place = e.place ? [e.place.name, e.place.admin1].filter((v, i, a) => v && a.indexOf(v) === i).join(", ") : "";
        this._list.append(h("li", null, h("button", { type: "button", class: "ct-item", "data-id": it.id },
          shapeIcon(it.kind, 14),
          h("span", { class: "ct-item-date", text: fmtWhen(it) }),
          h("span", { class: "ct-item-type", text: e.label || styleOf(it.kind).label }),
          h("span", { class: "ct-item-head", text: e.headline || "" }),
          place ? h("span", { class: "ct-item-place", text: place }) : null)));
      }
      if (inView.length > LIST_LIMIT) {
        this._list.append(h("li", { class: "ct-more", text: `…and ${inView.length - LIST_LIMIT} more: zoom in to list them.` }));
      }
      for (const e of this._undated.slice(0, 50)) {
        this._list.append(h("li", null, h("button", { type: "button", class: "ct-item", "data-undated": "1" },
          shapeIcon(e.type, 14), h("span", { class: "ct-item-date", text: "Date unknown" }),
          h("span", { class: "ct-item-head", text: e.headline || "" }))));
      }
    }

    // ---------- details panel
    _openPanel(it, returnFocus) {
      if (!it) return;
      this._openId = it.id;
      this._focusId = it.id;
      this._returnFocus = returnFocus || this._root.activeElement || this._plot;
      const body = this._panelBody;
      body.textContent = "";
      body.append(this._entryView(it.entry, it, true));
      const contra = it.entry.contradictions || [];
      if (contra.length) {
        const grid = h("div", { class: "ct-contra-grid" });
        grid.append(h("div", { class: "ct-contra-col" }, h("h4", { text: "This account" }), this._entryView(it.entry, it, false)));
        for (const c of contra) {
          grid.append(h("div", { class: "ct-contra-col" }, h("h4", { text: "Conflicting account" }), this._entryView(c, prepare(c), false)));
        }
        body.append(h("section", { class: "ct-contra", "aria-label": "Conflicting accounts" },
          h("h3", { class: "ct-section", text: `Sources disagree (${contra.length})` }),
          h("p", { class: "ct-note", text: "These reports describe the same happening differently. Both are shown; neither is discarded." }),
          grid));
      }
      this._panel.hidden = false;
      this._shell.classList.add("ct-panel-open");
      this._keepClearOfPanel(it);
      const title = this._panelBody.querySelector("#ct-panel-title");
      if (title) title.focus({ preventScroll: true });
      this._invalidate();
      this.dispatchEvent(new CustomEvent("timeline-open", { detail: { id: it.id }, bubbles: true, composed: true }));
    }
    /** On wide screens the panel covers the right of the chart: slide the open event into view. */
    _keepClearOfPanel(it) {
      const L = this._layout();
      const panelW = this._panel.getBoundingClientRect().width;
      if (L.narrow || panelW >= this._w * 0.7) return;
      const span = this._v1 - this._v0;
      const x = L.x0 + ((it.mid - this._v0) / span) * (L.x1 - L.x0);
      const visibleRight = this._w - panelW - 24;
      if (x > L.x0 && x < visibleRight) return;
      const target = (L.x0 + visibleRight) / 2;
      const shift = ((x - target) / (L.x1 - L.x0)) * span;
      this._animateTo(this._v0 + shift, this._v1 + shift, true);
    }
    _openClusterPanel(group) {
      const items = group.slice().sort((p, q) => p.t0 - q.t0);
      this._openId = null;
      this._returnFocus = this._root.activeElement || this._plot;
      const body = this._panelBody;
      body.textContent = "";
      const same = items.every((it) => it.t0 === items[0].t0 && it.t1 === items[0].t1);
      body.append(h("h2", { id: "ct-panel-title", class: "ct-headline", tabindex: "-1",
        text: `${items.length} events ${same ? fmtWhen(items[0]) : "close together"}` }));
      const ol = h("ol", { class: "ct-cluster-list" });
      for (const it of items) {
        const b = h("button", { type: "button", class: "ct-item", "data-id": it.id }, shapeIcon(it.kind, 14),
          h("span", { class: "ct-item-date", text: fmtWhen(it) }),
          h("span", { class: "ct-item-head", text: it.entry.headline || it.entry.label || "" }));
        b.addEventListener("click", () => this._openPanel(it, this._returnFocus));
        ol.append(h("li", null, b));
      }
      body.append(ol);
      this._panel.hidden = false;
      this._shell.classList.add("ct-panel-open");
      body.querySelector("#ct-panel-title").focus({ preventScroll: true });
      this._invalidate();
    }
    _closePanel() {
      if (this._panel.hidden) return;
      this._panel.hidden = true;
      this._shell.classList.remove("ct-panel-open");
      this._openId = null;
      this._invalidate();
      const back = this._returnFocus;
      this._returnFocus = null;
      if (back && back.isConnected) back.focus({ preventScroll: true }); else this._plot.focus({ preventScroll: true });
    }
    _entryView(e, it, full) {
      const st = styleOf(e.type);
      const wrap = h("div", { class: full ? "ct-entry" : "ct-entry ct-entry-compact" });
      wrap.append(h("p", { class: "ct-type" }, shapeIcon(e.type, 16), e.label || st.label));
      wrap.append(h(full ? "h2" : "p", full ? { id: "ct-panel-title", class: "ct-headline", tabindex: "-1" } : { class: "ct-headline-small" },
        e.headline || "(no headline)"));
      const dl = h("dl", { class: "ct-facts" });
      const row = (label, ...value) => dl.append(h("dt", { text: label }), h("dd", null, ...value));
      const d = e.date || {};
      row("When", it ? fmtWhen(it) : "Date unknown",
        h("span", { class: "ct-precision", text: ` (${PRECISION_TEXT[d.precision] || d.precision || "uncertain"})` }),
        d.phrase ? h("span", { class: "ct-phrase" }, " · reported as “", h("q", { text: d.phrase }), "”") : null);
      const p = e.place;
      if (p) {
        const parts = [p.locality || p.name, p.admin1, countryName(p.country)].filter((v, i, a) => v && a.indexOf(v) === i);
        const level = p.precision === "admin1" ? " (province-wide)" : p.precision === "country" ? " (country-wide)" : "";
        const coords = p.lat != null && p.lon != null ? h("span", { class: "ct-coords",
          text: ` · ${Math.abs(p.lat).toFixed(2)}°${p.lat >= 0 ? "N" : "S"} ${Math.abs(p.lon).toFixed(2)}°${p.lon >= 0 ? "E" : "W"}` }) : null;
        row("Where", parts.join(" › ") + level, full ? coords : null);
      } else row("Where", "Not stated in the report");
      if (e.actors && e.actors.length) row("Who", e.actors.join(", "));
      if (e.fatalities) {
        const f = e.fatalities;
        const text = f.low != null && f.high != null && f.high !== f.low ? `${f.low}–${f.high}`
          : f.low != null && f.high == null ? `at least ${f.low}` : String(f.low != null ? f.low : f.high);
        row("Deaths", `${text} reported`);
      }
      wrap.append(dl);
      const sources = e.sources || [];
      wrap.append(h(full ? "h3" : "h5", { class: "ct-section", text: `${sources.length} source${sources.length === 1 ? "" : "s"}` }));
      const ol = h("ol", { class: "ct-sources" });
      for (const s of sources) ol.append(this._sourceView(s, full));
      wrap.append(ol);
      return wrap;
    }
    _sourceView(s, full) {
      const li = h("li", { class: "ct-source" });
      const meta = h("p", { class: "ct-source-meta" }, h("strong", { text: s.outlet || "Unknown outlet" }),
        s.published ? ` · ${fmtDay(parseDay(s.published))}` : " · publication date unknown");
      li.append(meta);
      if (full && s.title) li.append(h("p", { class: "ct-source-title", text: s.title }));
      if (s.evidence && s.evidence.text) li.append(h("blockquote", { class: "ct-evidence", text: s.evidence.text }));
      if (s.url) {
        const href = safeHref(s.url);
        if (href) {
          li.append(h("a", { class: "ct-link", href, target: "_blank", rel: "noopener noreferrer nofollow" }, "Read the report", h("span", { "aria-hidden": "true", text: " ↗" })));
        } else {
          li.append(h("p", { class: "ct-note" }, "Link not shown (not an http/https address): ", h("code", { text: String(s.url) })));
        }
      }
      return li;
    }

    // ---------- live mode
    _startLive() {
      this._stopLive();
      if (typeof EventSource === "undefined") return;
      // The browser resends Last-Event-ID on its own reconnects; after a toggle off/on, `after` resumes.
      const params = this._lastEventId ? { after: this._lastEventId } : {};
      const es = new EventSource(this._apiUrl("/stream", params));
      this._es = es;
      this._liveBtn.classList.add("ct-on");
      es.onopen = () => this._setStatus("Live: new events will appear as they are reported.", "live");
      es.onerror = () => this._setStatus("Live: connection lost, reconnecting…", "busy");
      es.onmessage = (msg) => {
        if (msg.lastEventId) this._lastEventId = msg.lastEventId;
        let data;
        try { data = JSON.parse(msg.data); } catch (_err) { return; }
        this._applyLive(data);
      };
    }
    _stopLive() {
      if (this._es) { this._es.close(); this._es = null; }
      if (this._liveBtn) this._liveBtn.classList.remove("ct-on");
    }
    _applyLive(data) {
      if (!data || !data.entry || data.entry.id == null) return;
      const id = String(data.entry.id);
      const old = this._byId.get(id);
      if (old) { this._items.splice(this._items.indexOf(old), 1); this._byId.delete(id); }
      this._undated = this._undated.filter((e) => String(e.id) !== id);
      if (data.op !== "delete" && this._matches(data.entry)) {
        this._addEntry(data.entry);
        this._sortItems();
        if (!old) {
          this._fresh.set(id, performance.now() + 6000);
          this._announce.textContent = `New event: ${data.entry.headline || data.entry.label || data.entry.type}`;
        }
      } else if (!old) return;
      const keepView = this._viewSet;
      this._viewSet = true;
      this._afterData();
      this._viewSet = keepView;
      this._invalidate();
    }
    _matches(e) {
      const types = this._types();
      if (types.length && !types.includes(e.type)) return false;
      const it = prepare(e);
      const f = parseDay(this.getAttribute("from")), t = parseDay(this.getAttribute("to"), true);
      if (it && !isNaN(f) && it.t1 <= f) return false;
      if (it && !isNaN(t) && it.t0 > t) return false;
      const fold = (s) => String(s || "").toLowerCase();
      const actor = fold(this.getAttribute("actor"));
      if (actor && !(e.actors || []).some((a) => fold(a).includes(actor))) return false;
      const place = fold(this.getAttribute("place"));
      if (place) {
        const p = e.place || {};
        const names = [p.name, p.locality, p.admin1, p.country, p.gazetteer_id, countryName(p.country)].map(fold);
        if (!names.includes(place)) return false;
      }
      return true;
    }
  }

  function fitText(ctx, text, max) {
    if (ctx.measureText(text).width <= max) return text;
    let s = text;
    while (s.length > 1 && ctx.measureText(s + "…").width > max) s = s.slice(0, -1);
    return s + "…";
  }
  async function errorText(res) {
    let msg = `HTTP ${res.status}`;
    try {
      const body = await res.json();
      const d = body.detail != null ? body.detail : body.message != null ? body.message : body.error;
      if (typeof d === "string") msg = d;
      else if (Array.isArray(d)) msg = d.map((x) => (x && x.msg) || JSON.stringify(x)).join("; ");
      else if (d && typeof d === "object") msg = d.message || JSON.stringify(d);
      const sugg = body.suggestions || (d && d.suggestions);
      if (Array.isArray(sugg) && sugg.length) msg += ` Did you mean: ${sugg.map((x) => (x && x.name) || x).join(", ")}?`;
    } catch (_err) { /* not JSON: keep the status */ }
    return msg;
  }

  customElements.define("conflict-timeline", ConflictTimeline);
})();
