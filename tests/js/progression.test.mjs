// The shared conformance vectors (tests/vectors/progression/*.json), run against the JS engine.
// Verdicts are compared as JSON text: key order, list order and numbers must match exactly.
import assert from "node:assert/strict";
import { test } from "node:test";

import { KG_PER_LB, verdict, verdictFromFields } from "../../pwa/js/progression.js";
import { reduceSessions, rfc3339Instant } from "../../pwa/js/reduce.js";
import { program, vectors as vectorsOf } from "./fixtures.mjs";

const vectors = vectorsOf("progression");

test("there are at least forty vectors", () => {
  assert.ok(vectors.length >= 40, `only ${vectors.length} vectors`);
});

for (const vector of vectors) {
  test(`js engine returns the vector's verdict: ${vector.name}`, () => {
    const got = verdictFromFields(program, vector.log.sessions, vector.log.sets, { units: vector.units ?? "kg" });
    assert.equal(JSON.stringify(got, null, 1), JSON.stringify(vector.expected, null, 1), vector.description);
  });
}

test("some vectors judge a lb lifter, and every vector names its units", () => {
  const units = vectors.map((vector) => vector.units);
  assert.deepEqual([...new Set(units)].sort(), ["kg", "lb"]);
});

test("units are kg unless the lifter chose lb, and anything else is refused", () => {
  assert.equal(verdict(program, []).units, "kg");
  assert.equal(verdict(program, [], {}).units, "kg");
  assert.equal(verdict(program, [], { units: null }).units, "kg");
  assert.equal(verdictFromFields(program, {}, {}, { units: "lb" }).units, "lb");
  assert.throws(() => verdict(program, [], { units: /** @type {any} */ ("stone") }), /units: expected 'kg' or 'lb', got "stone"/);
});

test("a pound is 0.45359237 kg exactly", () => {
  assert.equal(KG_PER_LB, 0.45359237);
});

test("a lb lifter's missing sentences name the pound numbers", () => {
  const lb = verdict(program, [], { units: "lb" });
  const kg = verdict(program, []);
  assert.deepEqual(lb.stages.map((stage) => stage.missing), kg.stages.map((stage) => stage.missing));
  assert.deepEqual(lb.stages[3].progress.load_caps, { deadlift: 43.09127515 });
});

test("the engine ignores sessions without a valid started_at", () => {
  const sessions = reduceSessions(
    { a: { started_at: "2026-02-30T10:00:00Z" }, b: {} },
    {},
    { newestFirst: false },
  );
  assert.equal(sessions.length, 2);
  assert.deepEqual(verdict(program, sessions).history, []);
});

test("rfc3339 instants follow Python's datetime rules", () => {
  assert.deepEqual(rfc3339Instant("1970-01-01T00:00:00Z"), [0, 0]);
  assert.deepEqual(rfc3339Instant("1970-01-01T01:00:00.5+01:00"), [0, 500000]);
  assert.deepEqual(rfc3339Instant("0001-01-01T00:00:00.1234567z"), [-62135596800, 123456]);
  assert.equal(rfc3339Instant("0001-01-01T00:30:00+01:00"), null);
  assert.equal(rfc3339Instant("2024-02-29T23:59:59Z")[0], 1709251199);
  assert.equal(rfc3339Instant("2023-02-29T00:00:00Z"), null);
  assert.equal(rfc3339Instant("2023-01-01T24:00:00Z"), null);
  assert.equal(rfc3339Instant("2023-01-01T23:59:60Z"), null);
  assert.equal(rfc3339Instant("2023-01-01T00:00:00+24:00"), null);
  assert.equal(rfc3339Instant("2023-01-01 00:00:00Z"), null);
});

test("sessions order by instant then id, undated last, sets by position then id", () => {
  const sessions = {
    c: { started_at: "2026-01-02T00:00:00+01:00" },
    b: { started_at: "2026-01-01T23:00:00Z" },
    a: {},
    d: { started_at: "2026-01-01T22:00:00Z", deleted: true },
  };
  const sets = {
    y: { session_id: "b", position: 1 },
    x: { session_id: "b", position: 1 },
    w: { session_id: "b" },
    v: { session_id: "b", position: 0.5, deleted: true },
    u: { session_id: "d", position: 0 },
  };
  const oldest = reduceSessions(sessions, sets, { newestFirst: false });
  assert.deepEqual(oldest.map((s) => s.id), ["b", "c", "a"]);
  assert.deepEqual(oldest[0].sets.map((s) => s.id), ["x", "y", "w"]);
  const newest = reduceSessions(sessions, sets);
  assert.deepEqual(newest.map((s) => s.id), ["b", "c", "a"]);
});
