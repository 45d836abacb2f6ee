/* view.js: the visible time window: clamped set/zoom, fit to the events, animation, and the `view`
 * attribute (committed after the reader stops moving, so a view can be shared by link). */
const MIN_SPAN = 3 * DAY;
const MAX_SPAN = 80 * 365.25 * DAY;

class ViewPart {
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
}
