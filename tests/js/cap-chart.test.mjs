// The cap chart's series comes from the history's numbers (cap_kg), never from its sentences.
import assert from "node:assert/strict";
import { test } from "node:test";

import { capSeries } from "../../pwa/js/ui/cap-chart.js";
import { vectors } from "./fixtures.mjs";

/** @param {string} date @param {string} event @param {string} exercise @param {number | null} capKg */
const at = (date, event, exercise, capKg, detail = "") => ({ session_id: "s", date, event, exercise, detail, cap_kg: capKg });

test("the cap series follows the verdict's history and ends at the cap as it stands now", () => {
  const verdict = {
    history: [
      at("2026-01-01T00:00:00Z", "mastered", "romanian_deadlift", null),
      at("2026-01-01T00:00:00Z", "unlocked", "deadlift", 40),
      at("2026-01-03T00:00:00Z", "cap_raised", "deadlift", 45),
      at("2026-01-04T00:00:00Z", "cap_raised", "romanian_deadlift", 35),
      at("2026-01-05T00:00:00Z", "cap_lowered", "deadlift", 40),
    ],
    load_caps: { deadlift: 40 },
  };
  assert.deepEqual(capSeries(verdict, "deadlift", "2026-01-09T00:00:00Z"), [
    { date: "2026-01-01T00:00:00Z", kg: 40 },
    { date: "2026-01-03T00:00:00Z", kg: 45 },
    { date: "2026-01-05T00:00:00Z", kg: 40 },
    { date: "2026-01-09T00:00:00Z", kg: 40 },
  ]);
});

test("the cap series never reads a sentence: a detail in pounds or any wording changes nothing", () => {
  const verdict = {
    history: [at("2026-01-03T00:00:00Z", "cap_raised", "deadlift", 47.62719885, "Deadlift cap raised from 95 to 105 lb")],
    load_caps: { deadlift: 47.62719885 },
  };
  assert.deepEqual(capSeries(verdict), [{ date: "2026-01-03T00:00:00Z", kg: 47.62719885 }]);
});

test("a suspension's point is the cap after its drop; a locked exercise has no point for now", () => {
  const verdict = {
    history: [
      at("2026-01-01T00:00:00Z", "unlocked", "deadlift", 40),
      at("2026-01-02T00:00:00Z", "cap_raised", "deadlift", 45),
      at("2026-01-04T00:00:00Z", "suspended", "deadlift", 40),
      at("2026-01-04T00:00:00Z", "cap_lowered", "deadlift", 40),
    ],
    load_caps: {},
  };
  assert.deepEqual(
    capSeries(verdict, "deadlift", "2026-01-09T00:00:00Z").map((point) => point.kg),
    [40, 45, 40, 40],
  );
});

test("every cap change in the shared vectors gives a point at the verdict's own cap", () => {
  for (const vector of vectors("progression")) {
    const { expected } = vector;
    const series = capSeries(expected, "deadlift", "2030-01-01T00:00:00Z");
    if (expected.load_caps.deadlift !== undefined && series.length > 0) {
      assert.equal(series.at(-1).kg, expected.load_caps.deadlift, vector.name);
    }
  }
});
