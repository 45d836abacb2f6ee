/* types.js: what each event type looks like: its label, colour AND shape (colour is never the only cue),
 * the shapes as SVG paths shared by the canvas (Path2D) and the legend/list icons. */
const SVGNS = "http://www.w3.org/2000/svg";

// ---- marker shapes: one SVG path (unit radius) per shape, shared by the canvas and the legend icons
const poly = (pts) => "M" + pts.map((p) => p[0].toFixed(3) + "," + p[1].toFixed(3)).join("L") + "Z";
const regular = (n, r, rot) => Array.from({ length: n }, (_, i) => {
  const a = rot + (i * 2 * Math.PI) / n;
  return [r * Math.cos(a), r * Math.sin(a)];
});
const starPts = Array.from({ length: 10 }, (_, i) => {
  const a = -Math.PI / 2 + (i * Math.PI) / 5;
  const r = i % 2 ? 0.55 : 1.25;
  return [r * Math.cos(a), r * Math.sin(a)];
});
const plusPts = [[-0.38, -1.1], [0.38, -1.1], [0.38, -0.38], [1.1, -0.38], [1.1, 0.38], [0.38, 0.38],
  [0.38, 1.1], [-0.38, 1.1], [-0.38, 0.38], [-1.1, 0.38], [-1.1, -0.38], [-0.38, -0.38]];
const rot45 = (pts) => pts.map(([x, y]) => [(x - y) * Math.SQRT1_2, (x + y) * Math.SQRT1_2]);
const SHAPES = {
  circle: "M1,0A1,1 0 1 1 -1,0A1,1 0 1 1 1,0Z",
  square: poly([[-0.88, -0.88], [0.88, -0.88], [0.88, 0.88], [-0.88, 0.88]]),
  diamond: poly([[0, -1.25], [1.25, 0], [0, 1.25], [-1.25, 0]]),
  triUp: poly([[0, -1.25], [1.15, 0.9], [-1.15, 0.9]]),
  triDown: poly([[0, 1.25], [1.15, -0.9], [-1.15, -0.9]]),
  triRight: poly([[1.25, 0], [-0.9, 1.15], [-0.9, -1.15]]),
  triLeft: poly([[-1.25, 0], [0.9, 1.15], [0.9, -1.15]]),
  plus: poly(plusPts),
  cross: poly(rot45(plusPts.map(([x, y]) => [x * 1.15, y * 1.15]))),
  hexagon: poly(regular(6, 1.1, 0)),
  star: poly(starPts),
};
const PATHS = {};
const pathFor = (shape) => PATHS[shape] || (PATHS[shape] = new Path2D(SHAPES[shape] || SHAPES.circle));

// Colour AND shape per type, so colour is never the only cue. The types, their labels and styles come from
// the API's GET /types (each type's class on the server defines them); `registerTypes` fills this table.
const TYPES = {};
const OTHER = { label: "Other", color: "#9aa0a6", shape: "circle" };
const rgba = (hex, a) => {
  const n = parseInt(String(hex).slice(1), 16) || 0;
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
};
const withSpans = (st) => Object.assign(st, { fillSpan: rgba(st.color, 0.16), strokeSpan: rgba(st.color, 0.6) });
withSpans(OTHER);
const HEX = /^#[0-9a-fA-F]{6}$/;
/** Adds types in the shape of GET /types ([{type, label, style: {color, shape}}]); keeps the API's order. */
function registerTypes(list) {
  for (const t of list || []) {
    if (!t || typeof t.type !== "string") continue;
    const style = t.style || {};
    TYPES[t.type] = withSpans({
      label: typeof t.label === "string" && t.label ? t.label : t.type,
      color: HEX.test(style.color || "") ? style.color : OTHER.color,
      shape: Object.prototype.hasOwnProperty.call(SHAPES, style.shape) ? style.shape : OTHER.shape,
    });
  }
}
const prettyKind = (kind) => { const s = String(kind || "").replace(/_/g, " "); return s.charAt(0).toUpperCase() + s.slice(1); };
const styleOf = (kind) => TYPES[kind] || { ...OTHER, label: kind ? prettyKind(kind) : OTHER.label };
function shapeIcon(kind, size) {
  const st = styleOf(kind);
  const svg = document.createElementNS(SVGNS, "svg");
  svg.setAttribute("viewBox", "-1.6 -1.6 3.2 3.2");
  svg.setAttribute("width", String(size || 14));
  svg.setAttribute("height", String(size || 14));
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", "ct-icon");
  const p = document.createElementNS(SVGNS, "path");
  p.setAttribute("d", SHAPES[st.shape]);
  p.setAttribute("fill", st.color);
  svg.append(p);
  return svg;
}
