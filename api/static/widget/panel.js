/* panel.js: the details panel: an event's facts, every source with its evidence quote and a link (http(s)
 * only), contradicting accounts side by side, and the panel for a cluster of events. */
const PRECISION_TEXT = {
  day: "exact day", week: "known only to the week", month: "known only to the month",
  season: "known only to the season", year: "known only to the year", range: "somewhere in this range",
  "before-publication": "only known to be before the report was published", unknown: "uncertain",
};

class PanelPart {
  _bindListAndPanel($) {
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
    // The API shows the first few conflicting accounts of a page and counts them all.
    const contraTotal = Math.max(it.entry.contradictions_total || 0, contra.length);
    if (contra.length) {
      const grid = h("div", { class: "ct-contra-grid" });
      grid.append(h("div", { class: "ct-contra-col" }, h("h4", { text: "This account" }), this._entryView(it.entry, it, false)));
      for (const c of contra) {
        grid.append(h("div", { class: "ct-contra-col" }, h("h4", { text: "Conflicting account" }), this._entryView(c, prepare(c), false)));
      }
      body.append(h("section", { class: "ct-contra", "aria-label": "Conflicting accounts" },
        h("h3", { class: "ct-section", text: contraTotal > contra.length
          ? `Sources disagree (${contraTotal}; ${contra.length} shown)` : `Sources disagree (${contra.length})` }),
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
}
