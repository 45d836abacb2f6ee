/* element.js: the <conflict-timeline> custom element: observed attributes, state, public API and
 * lifecycle; the parts' methods are grafted onto it here, then it is defined. */
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
    this._loadTypes();
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
    } else if (name === "src") {
      this._loadTypes();
      this._scheduleLoad();
    } else if (name === "live") {
      if (newV === null) this._stopLive(); else this._startLive();
    } else {
      if (name === "from" || name === "to") this._viewSet = false;
      this._scheduleLoad();
    }
    if (this._fromUi) this._writeUrl();
  }
}

// Each other file holds a part of the element as a class; its methods are grafted onto the element here
// (non-enumerable, like a class's own), so one class is split across files without a build step.
for (const part of [ShellPart, FiltersPart, ApiPart, LayoutPart, ViewPart, RenderPart, ScalePart, ListPart,
  PanelPart, InteractionPart]) {
  for (const name of Object.getOwnPropertyNames(part.prototype)) {
    if (name === "constructor") continue;
    if (Object.prototype.hasOwnProperty.call(ConflictTimeline.prototype, name)) {
      throw new Error(`conflict-timeline: ${part.name}.${name} is defined twice`);
    }
    Object.defineProperty(ConflictTimeline.prototype, name, Object.getOwnPropertyDescriptor(part.prototype, name));
  }
}

customElements.define("conflict-timeline", ConflictTimeline);
