/* api.js: talking to the API: URLs for the `src` host, paged loading of /timeline, error messages, and
 * live mode (/stream via EventSource) with the filters applied to incoming entries. */
const SCRIPT_URL = document.currentScript ? document.currentScript.src : "";
const MAX_ENTRIES = 50000;
const PAGE_LIMIT = 500;
const TYPE_REQUESTS = new Map();  // API base -> promise of its GET /types

class ApiPart {
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

  // ---------- event types (labels, colours, shapes) from GET /types, fetched once per API host
  async _loadTypes() {
    const base = this._apiBase();
    if (!TYPE_REQUESTS.has(base)) {
      TYPE_REQUESTS.set(base, fetch(this._apiUrl("/types"), { headers: { Accept: "application/json" } })
        .then((res) => (res.ok ? res.json() : []))
        .catch(() => []));  // without /types the chips stay empty and entries use a neutral style
    }
    registerTypes(await TYPE_REQUESTS.get(base));
    if (!this._connected) return;
    this._buildLegend();
    this._syncControls();
    this._invalidate();
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
