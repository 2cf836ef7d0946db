// The shared plate vectors (tests/vectors/plates/*.json), run against pwa/js/plates.js.
// Answers are compared as JSON text: key order and numbers must match sync/plates.py exactly.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  DEFAULT_BAR_KG,
  DEFAULT_BAR_LB,
  DEFAULT_PLATES_KG,
  DEFAULT_PLATES_LB,
  MAX_LOAD,
  plates,
} from "../../pwa/js/plates.js";
import { vectors as vectorsOf } from "./fixtures.mjs";

const vectors = vectorsOf("plates");

const nothing = { exact: false, per_side: [], below: null, above: null };

test("there are at least thirty vectors", () => {
  assert.ok(vectors.length >= 30, `only ${vectors.length} vectors`);
});

for (const vector of vectors) {
  test(`js returns the vector's answer: ${vector.name}`, () => {
    const { target, bar, sizes } = vector.input;
    assert.equal(JSON.stringify(plates(target, bar, sizes)), JSON.stringify(vector.expected), vector.description);
  });
}

test("the defaults are the usual gym sets, and frozen", () => {
  assert.deepEqual([DEFAULT_BAR_KG, DEFAULT_PLATES_KG], [20, [25, 20, 15, 10, 5, 2.5, 1.25]]);
  assert.deepEqual([DEFAULT_BAR_LB, DEFAULT_PLATES_LB], [45, [45, 35, 25, 10, 5, 2.5]]);
  assert.ok(Object.isFrozen(DEFAULT_PLATES_KG) && Object.isFrozen(DEFAULT_PLATES_LB));
});

test("a plate set where greedy fails still loads exactly", () => {
  assert.deepEqual(plates(90, 20, [25, 20, 15]), { exact: true, per_side: [20, 15], below: null, above: null });
});

test("NaN, infinities and numbers out of range give nothing to load", () => {
  for (const [target, bar, sizes] of [
    [NaN, 20, [20]],
    [60, NaN, [20]],
    [60, 20, [NaN]],
    [Infinity, 20, [20]],
    [60, 20, [-Infinity]],
    [-0.001, 0, [20]],
    [MAX_LOAD + 0.01, 20, [20]],
  ]) {
    assert.deepEqual(plates(target, bar, sizes), nothing, `${target} ${bar} ${sizes}`);
  }
});

test("float noise in the input never decides exactness", () => {
  assert.deepEqual(plates(0.1 + 0.2 + 20, 20, [0.15]).per_side, [0.15]);
  assert.deepEqual(plates(142.499, 20, DEFAULT_PLATES_KG), plates(142.5, 20, DEFAULT_PLATES_KG));
});

test("the caller's sizes are left as given", () => {
  const sizes = [5, 25, 5, 0];
  plates(80, 20, sizes);
  assert.deepEqual(sizes, [5, 25, 5, 0]);
});

test("the heaviest target with the finest plates stays quick", () => {
  const started = performance.now();
  assert.equal(plates(MAX_LOAD, 0, [0.01, 0.02, 25]).per_side.length, 50);
  assert.ok(performance.now() - started < 1000);
});
