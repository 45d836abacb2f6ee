/* interaction.js: input on the chart: drag to pan, pinch, wheel, zoom buttons, keyboard, hit testing,
 * clicks (open an event, zoom into a cluster) and the hover tooltip. */
class InteractionPart {
  _bindPlot($) {
    const plot = this._plot;
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
}
