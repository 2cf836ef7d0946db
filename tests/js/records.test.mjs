// The shared records vectors (tests/vectors/records/*.json), run against pwa/js/records.js.
// Answers are compared as JSON text: key order, list order and every double must match exactly.
import assert from "node:assert/strict";
import { test } from "node:test";

import { badges, badgesBySet, e1rm, records } from "../../pwa/js/records.js";
import { vectors as vectorsOf } from "./fixtures.mjs";

const vectors = vectorsOf("records");

const text = (value) => JSON.stringify(value, null, 1);

test("there are at least twenty-five vectors", () => {
  assert.ok(vectors.length >= 25, `only ${vectors.length} vectors`);
});

for (const vector of vectors) {
  test(`records and badges are the vector's: ${vector.name}`, () => {
    assert.equal(text(records(vector.sessions)), text(vector.expected.records), vector.description);
    assert.equal(text(badgesBySet(vector.sessions)), text(vector.expected.badges), vector.description);
    for (const session of vector.sessions) {
      for (const set of session.sets) {
        assert.deepEqual(badges(vector.sessions, set.id), vector.expected.badges[set.id] ?? [], set.id);
      }
    }
  });
}

test("every badge and a missing estimate appear in some vector", () => {
  const earned = new Set(vectors.flatMap((v) => Object.values(v.expected.badges).flat()));
  assert.deepEqual([...earned].sort(), ["e1rm", "heaviest", "reps"]);
  assert.ok(vectors.some((v) => Object.values(v.expected.records).some((r) => r.best_e1rm === null)));
});

test("the estimate is Epley's, a single its load, nothing beyond 12 reps", () => {
  assert.equal(e1rm(100, 1), 100);
  assert.equal(e1rm(100, 3), 110);
  assert.equal(e1rm(100, 5), 116.66666666666667);
  assert.equal(e1rm(60, 12), 84);
  assert.equal(e1rm(60, 13), null);
});

test("a set that is not in the log earned no badge", () => {
  assert.deepEqual(badges(vectors.at(-1).sessions, "not-a-set"), []);
});

test("the caller's sessions and sets keep their order", () => {
  const { sessions } = vectors.find((v) => v.name === "input_order_does_not_matter");
  const before = text(sessions);
  records(sessions);
  badgesBySet(sessions);
  assert.equal(text(sessions), before);
});
