/* layout.js: the data model and geometry: API entries -> dated items (t0..t1, precision, open ends),
 * lanes by province, actor or one row, and the plot's layout (gutter, lane heights, axis position). */
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

class LayoutPart {
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
}
