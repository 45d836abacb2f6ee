/* list.js: the list of events in view, the accessible text alternative to the chart (capped in size). */
const LIST_LIMIT = 150;

class ListPart {
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
}
