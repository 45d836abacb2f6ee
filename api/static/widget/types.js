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

// Colour AND shape per type, so colour is never the only cue (Tableau-like palette, colour-blind aware).
const TYPES = {
  town_captured: { label: "Town captured", color: "#c8323c", shape: "square" },
  offensive_launched: { label: "Offensive launched", color: "#e07b1a", shape: "triRight" },
  attack: { label: "Attack", color: "#7b3294", shape: "cross" },
  airstrike: { label: "Air strike", color: "#2b6cb0", shape: "triDown" },
  clash: { label: "Clash", color: "#b7860b", shape: "diamond" },
  withdrawal: { label: "Withdrawal", color: "#2f8f8a", shape: "triLeft" },
  deployment: { label: "Deployment", color: "#1f3a5f", shape: "triUp" },
  displacement: { label: "Displacement", color: "#c2417f", shape: "plus" },
  designation_announced: { label: "Designation", color: "#3d8b3d", shape: "hexagon" },
  visit: { label: "Visit", color: "#8c6a4f", shape: "circle" },
  appointment: { label: "Appointment", color: "#5f6b7a", shape: "star" },
};
const OTHER = { label: "Other", color: "#9aa0a6", shape: "circle" };
const styleOf = (kind) => TYPES[kind] || OTHER;
const rgba = (hex, a) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
};
for (const st of [...Object.values(TYPES), OTHER]) {
  st.fillSpan = rgba(st.color, 0.16);
  st.strokeSpan = rgba(st.color, 0.6);
}
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
