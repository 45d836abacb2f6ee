/* filters.js: the filter controls (type legend, place search with autocomplete, actor, dates, rows, live)
 * and their two-way sync with the element's attributes and the page URL. */
const URL_KEYS = ["place", "from", "to", "types", "actor", "lanes", "view"];

class FiltersPart {
  _buildLegend() {
    this._legend.replaceChildren();
    for (const [kind, st] of Object.entries(TYPES)) {
      const b = h("button", { type: "button", class: "ct-chip", "data-type": kind, "aria-pressed": "true",
        title: "Show or hide: " + st.label + " (Shift-click: only this type)" }, shapeIcon(kind, 14), st.label);
      this._legend.append(b);
    }
  }

  _bindFilters($) {
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
}
