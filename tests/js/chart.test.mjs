// The chart geometry of pwa/js/chart.js, and the exercise screen's series of sessions
// (ui/exercise-screen.js's sessionPoints: the module loads in Node, it draws nothing until asked).
import assert from "node:assert/strict";
import { test } from "node:test";

import { anchorAt, barChart, dateLabels, lineChart, linePath, linear, niceTicks, slots, tickText } from "../../pwa/js/chart.js";
import { records } from "../../pwa/js/records.js";
import { sessionPoints } from "../../pwa/js/ui/exercise-screen.js";
import { ids } from "./fixtures.mjs";

const FRAME = { width: 300, height: 160, left: 36, right: 8, top: 22, bottom: 24 };
const BOTTOM = FRAME.height - FRAME.bottom;

test("ticks are nice steps that cover the values", () => {
  assert.deepEqual(niceTicks(60, 102.5), [60, 80, 100, 120]);
  assert.deepEqual(niceTicks(0, 1250), [0, 500, 1000, 1500]);
  assert.deepEqual(niceTicks(0, 1000), [0, 250, 500, 750, 1000]);
  assert.deepEqual(niceTicks(40, 50), [40, 42.5, 45, 47.5, 50]);
  assert.deepEqual(niceTicks(0.1, 0.3), [0.1, 0.15, 0.2, 0.25, 0.3]);
  assert.deepEqual(niceTicks(0, 12000), [0, 5000, 10000, 15000]);
});

test("ticks always include both ends and stay evenly spaced", () => {
  for (const [min, max] of [[1, 7], [13.3, 13.9], [132.27, 225], [0, 3], [57, 58], [99.9, 100.1], [0, 97531]]) {
    const ticks = niceTicks(min, max);
    assert.ok(ticks[0] <= min && ticks.at(-1) >= max, `${min}–${max}: ${ticks}`);
    assert.ok(ticks.length >= 3 && ticks.length <= 9, `${min}–${max}: ${ticks}`);
    const step = ticks[1] - ticks[0];
    ticks.slice(1).forEach((tick, i) => assert.ok(Math.abs(tick - ticks[i] - step) < 1e-9, `${min}–${max}: ${ticks}`));
    assert.ok(ticks.every((tick) => String(tick).length <= 8), `no float dust: ${ticks}`);
  }
});

test("a single value, or a flat series, gets room either side; zero gets a unit", () => {
  assert.deepEqual(niceTicks(100, 100), [90, 95, 100, 105, 110]);
  assert.deepEqual(niceTicks(0, 0), [-1, -0.5, 0, 0.5, 1]);
  assert.ok(niceTicks(80, 80).every((tick) => tick > 0), "a positive value keeps a positive axis");
});

test("a linear scale maps the domain onto the range, upside down too", () => {
  const y = linear([0, 100], [136, 22]);
  assert.equal(y(0), 136);
  assert.equal(y(100), 22);
  assert.equal(y(50), 79);
  assert.equal(linear([5, 5], [0, 10])(5), 5, "an empty domain maps to the middle");
});

test("a line's path moves to the first point and draws to the rest, rounded to a tenth", () => {
  assert.equal(linePath([[40, 100], [60.04, 80.26], [80, 90]]), "M40,100 L60,80.3 L80,90");
  assert.equal(linePath([[1, 2]]), "M1,2");
  assert.equal(linePath([]), "");
});

test("sessions sit at the centres of equal slots across the plot", () => {
  const { width, x } = slots(4, FRAME);
  assert.equal(width, 64);
  assert.deepEqual([0, 1, 2, 3].map(x), [68, 132, 196, 260]);
  assert.equal(slots(1, FRAME).x(0), 164, "one session in the middle");
});

test("the e1RM line spans the plot, skips sessions without an estimate and knows its best", () => {
  const chart = lineChart([60, null, 80, 102.5, 95], FRAME);
  assert.deepEqual(chart.ticks.map((tick) => tick.value), [60, 80, 100, 120]);
  assert.equal(chart.ticks[0].y, BOTTOM);
  assert.equal(chart.ticks.at(-1).y, FRAME.top);
  assert.deepEqual(chart.dots.map((dot) => dot.index), [0, 2, 3, 4]);
  assert.equal(chart.best, 3);
  assert.equal(chart.dots[0].y, BOTTOM, "the lowest value on the axis's foot");
  assert.equal(chart.path.split(" ").length, 4, "the line runs on past the empty session");
  assert.ok(chart.path.startsWith(`M${chart.dots[0].x},${chart.dots[0].y} L`));
  for (const dot of chart.dots) {
    assert.ok(dot.x > FRAME.left && dot.x < FRAME.width - FRAME.right);
    assert.ok(dot.y >= FRAME.top && dot.y <= BOTTOM);
  }
  // Higher is up: the screen's y grows downwards.
  assert.ok(chart.dots[2].y < chart.dots[1].y);
});

test("the best of equal values is the first; one value makes a line of one point", () => {
  assert.equal(lineChart([100, 100, 90], FRAME).best, 0);
  const one = lineChart([100], FRAME);
  assert.equal(one.dots.length, 1);
  assert.equal(one.dots[0].x, 164);
  assert.equal(one.path, `M164,${one.dots[0].y}`);
  assert.ok(one.dots[0].y > FRAME.top && one.dots[0].y < BOTTOM, "in the middle of its axis");
});

test("volume bars stand on zero, as high as their values, apart from each other", () => {
  const chart = barChart([600, 1250, 900], FRAME);
  assert.deepEqual(chart.ticks.map((tick) => tick.value), [0, 500, 1000, 1500]);
  assert.equal(chart.base, BOTTOM);
  assert.equal(chart.best, 1);
  const scale = (BOTTOM - FRAME.top) / 1500;
  chart.bars.forEach((bar, i) => {
    assert.ok(Math.abs(bar.y + bar.height - BOTTOM) < 0.15, "on the base");
    assert.ok(Math.abs(bar.height - [600, 1250, 900][i] * scale) < 0.15);
    assert.ok(bar.width <= 28);
  });
  for (let i = 1; i < chart.bars.length; i += 1) assert.ok(chart.bars[i].x > chart.bars[i - 1].x + chart.bars[i - 1].width, "a gap between bars");
});

test("many sessions make narrow bars, never overlapping, inside the plot", () => {
  const chart = barChart(Array.from({ length: 60 }, (_, i) => 1000 + 10 * i), FRAME);
  assert.equal(chart.bars.length, 60);
  assert.ok(chart.bars[0].x >= FRAME.left);
  const last = chart.bars.at(-1);
  assert.ok(last.x + last.width <= FRAME.width - FRAME.right + 0.1);
  for (let i = 1; i < 60; i += 1) assert.ok(chart.bars[i].x >= chart.bars[i - 1].x + chart.bars[i - 1].width);
  assert.equal(barChart([0, 0], FRAME).bars[0].height, 0, "an empty session has no bar");
});

test("dates go under the first, middle and last sessions, anchored inside the frame", () => {
  assert.deepEqual(dateLabels(0, FRAME), []);
  assert.deepEqual(dateLabels(1, FRAME), [{ index: 0, x: 164, anchor: "middle" }]);
  assert.deepEqual(dateLabels(2, FRAME).map((label) => label.index), [0, 1]);
  const many = dateLabels(60, FRAME);
  assert.deepEqual(many.map((label) => label.index), [0, 29, 59]);
  assert.deepEqual(many.map((label) => label.anchor), ["middle", "middle", "end"]);
  assert.equal(anchorAt(10, FRAME), "start");
  assert.equal(anchorAt(290, FRAME), "end");
});

test("tick labels are short", () => {
  assert.equal(tickText(2.5), "2.5");
  assert.equal(tickText(1200), "1200");
  assert.equal(tickText(12000), "12k");
  assert.equal(tickText(12500), "12.5k");
  assert.equal(tickText(0.30000000000000004), "0.3");
});

// ---- the exercise screen's series ----

function log() {
  const id = ids();
  /** sessions newest first, as Local.sessions() gives them */
  const session = (started_at, sets) => ({
    id: id(),
    started_at,
    ended_at: null,
    notes: null,
    sets: sets.map(([exercise, load_kg, reps, kind = "working"], position) => ({
      id: id(),
      exercise,
      load_kg,
      reps,
      rpe: null,
      form: {},
      performed_at: started_at,
      position,
      notes: null,
      pain: false,
      kind,
    })),
  });
  return [
    session("2026-12-02T18:00:00Z", [["deadlift", 20, 10, "warmup"], ["deadlift", 100, 3], ["deadlift", 90, 15], ["hip_thrust", 120, 10]]),
    session("2026-06-01T18:00:00Z", [["deadlift", 80, 15], ["deadlift", null, 5]]),
    session(null, [["deadlift", 200, 1]]),
    session("2026-03-03T18:00:00Z", [["deadlift", 60, 5], ["deadlift", 60, 8]]),
  ];
}

test("each dated session of the exercise, oldest first, with its volume and best e1RM", () => {
  const sessions = log();
  const points = sessionPoints(sessions, "deadlift");
  assert.deepEqual(
    points.map(({ started_at, volume_kg, e1rm_kg }) => [started_at, volume_kg, e1rm_kg]),
    [
      ["2026-03-03T18:00:00Z", 60 * 5 + 60 * 8, (60 * 38) / 30],
      // Only sets of more than 12 reps: a volume, no estimate.
      ["2026-06-01T18:00:00Z", 80 * 15, null],
      // The warm-up counts for neither; 15 reps count for volume only.
      ["2026-12-02T18:00:00Z", 100 * 3 + 90 * 15, (100 * 33) / 30],
    ],
  );
  // The volumes are the records' own (the undated session is theirs too, but has no place in time).
  const volumes = records(sessions).deadlift.volume.filter((v) => v.started_at !== null);
  assert.deepEqual(points.map((p) => p.volume_kg), volumes.map((v) => v.volume_kg));
  assert.deepEqual(sessionPoints(sessions, "hip_thrust").map((p) => p.e1rm_kg), [120 * 40 / 30]);
  assert.deepEqual(sessionPoints(sessions, "kettlebell_swing"), []);
});
