// Chart geometry, pure (no DOM, no clock): nice axis ticks, linear scales, a line's path and a
// bar per value, all in the coordinates of an SVG viewBox. ui/exercise-screen.js draws them.
//
// A chart here plots one value per session, the sessions evenly spaced in slots from left to
// right, oldest first: the e1RM line's dots sit over the centres of the volume chart's bars.

/** @typedef {{width: number, height: number, left: number, right: number, top: number, bottom: number}} Frame */
/** @typedef {{value: number, y: number}} Tick */
/** @typedef {{x: number, y: number, width: number, height: number}} Bar */

// Rounds away the float dust of a sum of steps (0.1 + 0.2) and of the coordinates (path text).
/** @param {number} value */
const tidy = (value, places = 6) => Math.round(value * 10 ** places) / 10 ** places;

// Ticks 1, 2, 2.5 or 5 times a power of ten apart, about `count` steps from one that is at most
// `min` to one that is at least `max`: the axis runs from the first to the last. A flat series (or
// a single value) gets a tenth of its value of room either side, a zero one unit.
/** @param {number} min @param {number} max @returns {number[]} */
export function niceTicks(min, max, count = 4) {
  if (!(max > min)) {
    const room = Math.abs(min) / 10 || 1;
    [min, max] = [min - room, max + room];
  }
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * power;
  const low = Math.floor(tidy(min / step)) * step;
  const high = Math.ceil(tidy(max / step)) * step;
  const ticks = [];
  for (let i = 0; tidy(low + i * step) <= tidy(high); i += 1) ticks.push(tidy(low + i * step));
  return ticks;
}

// The map from [d0, d1] to [r0, r1]; an empty domain maps to the middle of the range.
/** @param {[number, number]} domain @param {[number, number]} range @returns {(value: number) => number} */
export const linear = ([d0, d1], [r0, r1]) => (value) => (d1 === d0 ? (r0 + r1) / 2 : r0 + ((value - d0) / (d1 - d0)) * (r1 - r0));

// A polyline as an SVG path: "M40,100 L60,80 L80,90".
/** @param {[number, number][]} points */
export const linePath = (points) => points.map(([x, y], i) => `${i === 0 ? "M" : "L"}${tidy(x, 1)},${tidy(y, 1)}`).join(" ");

// The centre of the i-th of n slots across the plot, and a slot's width.
/** @param {number} n @param {Frame} frame */
export function slots(n, frame) {
  const width = (frame.width - frame.left - frame.right) / Math.max(n, 1);
  return { width, x: /** @param {number} i */ (i) => frame.left + (i + 0.5) * width };
}

// The vertical scale of the plot for these ticks (the first at the bottom, the last at the top).
/** @param {number[]} ticks @param {Frame} frame */
function vertical(ticks, frame) {
  const y = linear([ticks[0], ticks[ticks.length - 1]], [frame.height - frame.bottom, frame.top]);
  return { y, ticks: ticks.map((value) => ({ value, y: tidy(y(value), 1) })) };
}

// A line over the sessions' values (null: nothing to plot that session; the line runs on past
// it). The axis fits the values closely, not from zero, so that progress shows; `best` is the
// index of the highest value (the first of equals), or -1 when there is none.
/** @param {(number | null)[]} values @param {Frame} frame */
export function lineChart(values, frame) {
  const present = /** @type {number[]} */ (values.filter((value) => value !== null));
  const { y, ticks } = vertical(niceTicks(Math.min(...present), Math.max(...present)), frame);
  const slot = slots(values.length, frame);
  /** @type {{index: number, x: number, y: number, value: number}[]} */
  const dots = [];
  values.forEach((value, index) => {
    if (value !== null) dots.push({ index, x: tidy(slot.x(index), 1), y: tidy(y(value), 1), value });
  });
  const best = dots.reduce((top, dot) => (top === null || dot.value > top.value ? dot : top), /** @type {typeof dots[number] | null} */ (null));
  return { ticks, dots, path: linePath(dots.map((dot) => [dot.x, dot.y])), slot: slot.width, best: best?.index ?? -1 };
}

// A bar per session from zero up to its value (volumes are never negative), at most `widest`
// wide and never wider than 70 % of its slot, so that neighbours stay apart.
/** @param {number[]} values @param {Frame} frame */
export function barChart(values, frame, widest = 28) {
  const { y, ticks } = vertical(niceTicks(0, Math.max(0, ...values)), frame);
  const slot = slots(values.length, frame);
  const width = Math.min(widest, slot.width * 0.7);
  const base = y(0);
  /** @type {Bar[]} */
  const bars = values.map((value, i) => {
    const top = y(Math.max(0, value));
    return { x: tidy(slot.x(i) - width / 2, 1), y: tidy(top, 1), width: tidy(width, 1), height: tidy(base - top, 1) };
  });
  const best = values.reduce((top, value, i) => (top === -1 || value > values[top] ? i : top), -1);
  return { ticks, bars, base: tidy(base, 1), slot: slot.width, best };
}

// Where to write the dates under the plot: the first and last session, and the middle one when
// there are three or more; each anchored so that its text stays inside the frame.
/** @param {number} n @param {Frame} frame @returns {{index: number, x: number, anchor: "start" | "middle" | "end"}[]} */
export function dateLabels(n, frame, room = 24) {
  if (n === 0) return [];
  const slot = slots(n, frame);
  const indices = [...new Set([0, n >= 3 ? Math.floor((n - 1) / 2) : 0, n - 1])];
  return indices.map((index) => ({ index, x: tidy(slot.x(index), 1), anchor: anchorAt(slot.x(index), frame, room) }));
}

// The text anchor that keeps a label about `room` wide either side of x inside the frame.
/** @param {number} x @param {Frame} frame @returns {"start" | "middle" | "end"} */
export const anchorAt = (x, frame, room = 24) => (x - room < 0 ? "start" : x + room > frame.width ? "end" : "middle");

// A tick's label, short enough for the axis: 2.5, 80, 1200, 12k, 12.5k.
/** @param {number} value */
export const tickText = (value) => (Math.abs(value) >= 10000 ? `${tidy(value / 1000, 1)}k` : String(tidy(value, 1)));
