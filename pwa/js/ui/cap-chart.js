// The deadlift load cap over time as a small inline SVG step chart, built from the verdict's
// history (every cap change with the session that caused it, and its cap_kg). No library, no
// inline style. A lb lifter (verdict.units) sees the chart in pounds.

import { h, replaceChildren, svg } from "./dom.js";
import { formatKg, formatShortDate } from "../format.js";
import { KG_PER_LB } from "../progression.js";

// The cap over time from the history's numbers, never its sentences: [{date, kg}], oldest first.
// A point where the exercise unlocks and at each change of its cap (a suspension's drop included),
// then, with nowIso, the cap as it stands now while the exercise is open.
/** @param {Verdict} verdict @param {string | null} [nowIso] @returns {{date: string, kg: number}[]} */
export function capSeries(verdict, exercise = "deadlift", nowIso = null) {
  const points = [];
  for (const event of verdict.history) {
    if (event.exercise === exercise && event.cap_kg !== null) points.push({ date: event.date, kg: event.cap_kg });
  }
  const current = verdict.load_caps[exercise];
  if (points.length > 0 && current !== undefined && nowIso !== null) points.push({ date: nowIso, kg: current });
  return points;
}

// A load in the lifter's units, as a number rounded to 0.1 (pounds) or as it is (kg).
/** @param {number} kg @param {Units} units */
const inUnits = (kg, units) => (units === "lb" ? Math.round(kg / KG_PER_LB * 10) / 10 : kg);
/** @param {number} value in the lifter's units @param {Units} units */
const loadLabel = (value, units) => (units === "lb" ? `${value} lb` : formatKg(value));

const W = 320;
const H = 150;
const PAD = { left: 40, right: 12, top: 12, bottom: 26 };

export class CapChart {
  /** @param {Program} program */
  constructor(program, exercise = "deadlift") {
    this.program = program;
    this.exercise = exercise;
    this.el = h("figure", { class: "card cap-chart" });
  }

  /** @param {Verdict} verdict @param {string} nowIso */
  update(verdict, nowIso) {
    const units = verdict.units ?? "kg";
    const points = capSeries(verdict, this.exercise, nowIso);
    const caps = this.program.load_caps;
    const start = units === "lb" ? caps.start_lb[this.exercise] : caps.start_kg[this.exercise];
    const title = h("h2", { class: "section-title" }, "Deadlift load cap");
    if (points.length === 0) {
      replaceChildren(this.el, title, h("p", { class: "empty" }, `Deadlifts unlock once the bar hinge stage is mastered; the cap starts at ${loadLabel(start, units)} and rises with clean, easy working sets.`));
      return;
    }
    const times = points.map((point) => new Date(point.date).getTime());
    const t0 = Math.min(...times);
    const t1 = Math.max(...times, t0 + 1);
    // The points in the lifter's units, as the axis and labels show them.
    const values = points.map((point) => inUnits(point.kg, units));
    const low = Math.max(0, Math.floor((Math.min(...values) - 5) / 5) * 5);
    const high = Math.ceil((Math.max(...values) + 5) / 5) * 5;
    /** @param {number} t */
    const x = (t) => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
    /** @param {number} value */
    const y = (value) => H - PAD.bottom - ((value - low) / (high - low)) * (H - PAD.top - PAD.bottom);
    let path = `M${x(times[0]).toFixed(1)},${y(values[0]).toFixed(1)}`;
    for (let i = 1; i < points.length; i += 1) {
      path += ` H${x(times[i]).toFixed(1)} V${y(values[i]).toFixed(1)}`;
    }
    const label = points.map((point, i) => `${loadLabel(values[i], units)} on ${formatShortDate(point.date)}`).join(", ");
    const grid = [low, (low + high) / 2, high].map((value) =>
      svg(
        "g",
        {},
        svg("line", { x1: PAD.left, x2: W - PAD.right, y1: y(value), y2: y(value), class: "chart-grid" }),
        svg("text", { x: PAD.left - 6, y: y(value) + 4, class: "chart-label", "text-anchor": "end" }, String(value)),
      ),
    );
    const chart = svg(
      "svg",
      { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `Deadlift load cap over time: ${label}`, class: "chart" },
      grid,
      svg("path", { d: path, class: "chart-line" }),
      points.map((_, i) => svg("circle", { cx: x(times[i]), cy: y(values[i]), r: 3.5, class: "chart-dot" })),
      svg("text", { x: PAD.left, y: H - 6, class: "chart-label" }, formatShortDate(points[0].date)),
      svg("text", { x: W - PAD.right, y: H - 6, class: "chart-label", "text-anchor": "end" }, formatShortDate(points[points.length - 1].date)),
    );
    replaceChildren(this.el, title, chart, h("figcaption", { class: "chart-caption" }, `Now ${loadLabel(values[values.length - 1], units)}, started at ${loadLabel(start, units)}.`));
  }
}
