// The deadlift load cap over time as a small inline SVG step chart, built from the verdict's
// history (every cap change with the session that caused it). No library, no inline style.

import { h, replaceChildren, svg } from "./dom.js";
import { formatKg, formatShortDate } from "../format.js";
import { capSeries } from "../workout.js";

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
    const points = capSeries(this.program, verdict, this.exercise, nowIso);
    const start = this.program.load_caps.start_kg[this.exercise];
    const title = h("h2", { class: "section-title" }, "Deadlift load cap");
    if (points.length === 0) {
      replaceChildren(this.el, title, h("p", { class: "empty" }, `Deadlifts unlock once the bar hinge stage is mastered; the cap starts at ${formatKg(start)} and rises with clean, easy working sets.`));
      return;
    }
    const times = points.map((point) => new Date(point.date).getTime());
    const t0 = Math.min(...times);
    const t1 = Math.max(...times, t0 + 1);
    const kgs = points.map((point) => point.kg);
    const low = Math.max(0, Math.floor((Math.min(...kgs) - 5) / 5) * 5);
    const high = Math.ceil((Math.max(...kgs) + 5) / 5) * 5;
    /** @param {number} t */
    const x = (t) => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
    /** @param {number} kg */
    const y = (kg) => H - PAD.bottom - ((kg - low) / (high - low)) * (H - PAD.top - PAD.bottom);
    let path = `M${x(times[0]).toFixed(1)},${y(kgs[0]).toFixed(1)}`;
    for (let i = 1; i < points.length; i += 1) {
      path += ` H${x(times[i]).toFixed(1)} V${y(kgs[i]).toFixed(1)}`;
    }
    const label = points.map((point) => `${formatKg(point.kg)} on ${formatShortDate(point.date)}`).join(", ");
    const grid = [low, (low + high) / 2, high].map((kg) =>
      svg(
        "g",
        {},
        svg("line", { x1: PAD.left, x2: W - PAD.right, y1: y(kg), y2: y(kg), class: "chart-grid" }),
        svg("text", { x: PAD.left - 6, y: y(kg) + 4, class: "chart-label", "text-anchor": "end" }, String(kg)),
      ),
    );
    const chart = svg(
      "svg",
      { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `Deadlift load cap over time: ${label}`, class: "chart" },
      grid,
      svg("path", { d: path, class: "chart-line" }),
      points.map((point, i) => svg("circle", { cx: x(times[i]), cy: y(point.kg), r: 3.5, class: "chart-dot" })),
      svg("text", { x: PAD.left, y: H - 6, class: "chart-label" }, formatShortDate(points[0].date)),
      svg("text", { x: W - PAD.right, y: H - 6, class: "chart-label", "text-anchor": "end" }, formatShortDate(points[points.length - 1].date)),
    );
    replaceChildren(this.el, title, chart, h("figcaption", { class: "chart-caption" }, `Now ${formatKg(kgs.at(-1))}, started at ${formatKg(start)}.`));
  }
}
