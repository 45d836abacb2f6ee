/* util.js: constants and pure helpers shared by every part: dates (parse, format), counts, country names,
 * safe links, binary search, and h(), which builds DOM from text only (data is never parsed as HTML). */
const DAY = 86400000;
const FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", "Liberation Sans", Arial, sans-serif';
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];
const MON = MONTHS.map((m) => m.slice(0, 3));

// ---- small pure helpers
function parseDay(s, end) {
  const m = /^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$/.exec(String(s || "").trim());
  if (!m) return NaN;
  const y = +m[1];
  if (!m[2]) return end ? Date.UTC(y, 11, 31) : Date.UTC(y, 0, 1);
  const mo = +m[2] - 1;
  if (!m[3]) return end ? Date.UTC(y, mo + 1, 0) : Date.UTC(y, mo, 1);
  return Date.UTC(y, mo, +m[3]);
}
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const fmtDay = (ms) => {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MON[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
};
function fmtWhen(it) {
  if (!it) return "Date unknown";
  if (it.open === "start") return `before ${fmtDay(it.t1 - DAY)}`;
  if (it.open === "end") return `after ${fmtDay(it.t0)}`;
  const d = new Date(it.t0), e = new Date(it.t1 - DAY);
  const p = it.precision;
  if (it.t1 - it.t0 <= DAY) return fmtDay(it.t0);
  if (p === "year" && d.getUTCMonth() === 0 && e.getUTCMonth() === 11) return String(d.getUTCFullYear());
  if (p === "month" && d.getUTCDate() === 1 && d.getUTCMonth() === e.getUTCMonth()) {
    return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  }
  if (d.getUTCFullYear() === e.getUTCFullYear() && d.getUTCMonth() === e.getUTCMonth()) {
    return `${d.getUTCDate()}–${e.getUTCDate()} ${MON[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  }
  return `${fmtDay(it.t0)} – ${fmtDay(it.t1 - DAY)}`;
}
const fmtCount = (n) => (n >= 10000 ? Math.round(n / 1000) + "k" : n >= 1000 ? (n / 1000).toFixed(1) + "k" : String(n));
let regionNames = null;
function countryName(code) {
  if (!code) return "";
  try {
    regionNames = regionNames || new Intl.DisplayNames(["en"], { type: "region" });
    return regionNames.of(String(code).toUpperCase()) || String(code);
  } catch (_err) {
    return String(code);
  }
}
function safeHref(url) {
  try {
    const u = new URL(String(url));
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch (_err) {
    return null;
  }
}
// Build DOM without ever parsing data as HTML: strings become text nodes.
function h(tag, props, ...kids) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === "class") n.className = v;
    else if (k === "text") n.textContent = String(v);
    else n.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of kids) if (c != null && c !== false) n.append(c instanceof Node ? c : String(c));
  return n;
}
function lowerBound(items, t, key) {
  const k = key || "t0";
  let lo = 0, hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid][k] < t) lo = mid + 1; else hi = mid;
  }
  return lo;
}
