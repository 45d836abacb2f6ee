/* scale.js: the time axis: tick scales from 50 years to a day, tick positions and labels, and drawing
 * the axis (the finest scale whose labels fit is used; month/year labels stick to the left edge). */
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

class ScalePart {
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
}
