// The client merge, with the cases of tests/unit/test_merge_and_reduce.py, and convergence under
// random delivery orders, duplication and partitions (the Python property tests' claim, in JS).
import assert from "node:assert/strict";
import { test } from "node:test";

import { formatHlc } from "../../pwa/js/hlc.js";
import { fieldKey, mergeOps } from "../../pwa/js/merge.js";
import { reduceSessions } from "../../pwa/js/reduce.js";
import { seeded } from "../support/seeded.mjs";

const A = "aaaaaaaaaaaaaaaa";
const B = "bbbbbbbbbbbbbbbb";
const S1 = "00000000-0000-4000-8000-000000000001";
const X1 = "00000000-0000-4000-8000-0000000000a1";

const hlc = (wall, node = A, counter = 0) => formatHlc(wall, counter, node);
const op = (h, entity, entity_id, field, value) => ({ hlc: h, entity, entity_id, field, value });

function entities(state) {
  const result = { session: {}, set: {} };
  for (const o of state.values()) (result[o.entity][o.entity_id] ??= {})[o.field] = o.value;
  return result;
}

test("concurrent edit keeps latest hlc", () => {
  const early = op(hlc(1000, B), "set", X1, "reps", 8);
  const late = op(hlc(1000, A, 1), "set", X1, "reps", 10);
  assert.deepEqual(mergeOps(mergeOps(new Map(), [early]), [late]), mergeOps(mergeOps(new Map(), [late]), [early]));
  assert.equal(mergeOps(new Map(), [early, late]).get(fieldKey(late)), late);
});

test("merge ignores duplicate op", () => {
  const once = op(hlc(1), "session", S1, "notes", "a");
  assert.deepEqual(mergeOps(new Map(), [once, once]), mergeOps(new Map(), [once]));
});

test("merge returns a new state and keeps its input", () => {
  const state = mergeOps(new Map(), [op(hlc(1), "session", S1, "notes", "a")]);
  mergeOps(state, [op(hlc(2), "session", S1, "notes", "b")]);
  assert.equal(state.get(`session|${S1}|notes`).value, "a");
});

test("deleted session hides its sets and restoring brings them back", () => {
  const base = [
    op(hlc(1), "session", S1, "started_at", "2026-11-24T09:00:00Z"),
    op(hlc(2), "set", X1, "session_id", S1),
    op(hlc(3), "session", S1, "deleted", true),
  ];
  const hidden = entities(mergeOps(new Map(), base));
  assert.deepEqual(reduceSessions(hidden.session, hidden.set), []);
  const back = entities(mergeOps(new Map(), [...base, op(hlc(4), "session", S1, "deleted", false)]));
  assert.deepEqual(reduceSessions(back.session, back.set)[0].sets.map((s) => s.id), [X1]);
});

test("replicas converge whatever the delivery order, duplication and partition", () => {
  for (let seed = 1; seed <= 200; seed += 1) {
    const random = seeded(seed);
    const pick = (list) => list[Math.floor(random() * list.length)];
    const nodes = ["1111111111111111", "2222222222222222", "3333333333333333"];
    const ids = [S1, X1];
    const ops = [];
    for (let i = 0; i < 30; i += 1) {
      const node = pick(nodes);
      ops.push(op(hlc(Math.floor(random() * 20), node, i), pick(["session", "set"]), pick(ids), pick(["notes", "deleted"]), random() < 0.5));
    }
    const reference = new Map();
    for (const o of ops) {
      const key = fieldKey(o);
      if (!reference.has(key) || reference.get(key).hlc < o.hlc) reference.set(key, o);
    }
    for (let replica = 0; replica < 4; replica += 1) {
      const delivery = ops.flatMap((o) => (random() < 0.3 ? [o, o] : [o])).sort(() => random() - 0.5);
      const cut = Math.floor(random() * delivery.length);
      const state = mergeOps(mergeOps(new Map(), delivery.slice(cut)), delivery.slice(0, cut));
      assert.deepEqual(new Map([...state].sort()), new Map([...reference].sort()), `seed ${seed}`);
    }
  }
});
