/* render.js: canvas drawing: sizing for the device pixel ratio, lanes, spans for uncertain dates,
 * markers, clusters for dense periods, focus/open/new-event rings, lane labels; hit areas and stats. */
class RenderPart {
  // ---------- drawing
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
}

function fitText(ctx, text, max) {
  if (ctx.measureText(text).width <= max) return text;
  let s = text;
  while (s.length > 1 && ctx.measureText(s + "…").width > max) s = s.slice(0, -1);
  return s + "…";
}
