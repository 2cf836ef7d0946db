// Live progress (pwa/js/live-progress.js): the open session's clean sets and why one does not
// count, on hand-made logs, and held to the progression engine over the shared vectors.
import assert from "node:assert/strict";
import { test } from "node:test";

import { LB_KG, setDisplay } from "../../pwa/js/display.js";
import { liveProgress, whyNot } from "../../pwa/js/live-progress.js";
import { verdict } from "../../pwa/js/progression.js";
import { reduceSessions, rfc3339Instant } from "../../pwa/js/reduce.js";
import { program, vectors as vectorsOf } from "./fixtures.mjs";

const vectors = vectorsOf("progression");

const PULL = ["hips_back", "neutral_spine", "chest_up", "soft_knees", "glute_squeeze"];
const SWING = ["hips_back", "neutral_spine", "hip_snap", "soft_knees", "glute_squeeze"];
const DEAD = ["neutral_spine", "hips_back", "spread_floor", "drive_heels", "bar_close"];

let nextId = 0;
function set({ exercise = "pull_through", reps = 12, load = null, cues = PULL, pain = false, kind = "working" } = {}) {
  nextId += 1;
  const form = Object.fromEntries(cues.map((cue) => [cue, true]));
  return { id: `s${nextId}`, exercise, load_kg: load, reps, rpe: null, form, performed_at: null, position: nextId, notes: null, pain, kind };
}
const session = (/** @type {any[]} */ sets) => ({ id: "open", started_at: "2026-03-01T10:00:00Z", ended_at: null, notes: null, sets });
const fresh = verdict(program, []);

test("clean pull-through sets count up to the stage's min_sets", () => {
  assert.deepEqual(liveProgress(program, fresh, session([]), 0), { done: 0, needed: 3, why: null });
  assert.deepEqual(liveProgress(program, fresh, session([set()]), 0), { done: 1, needed: 3, why: null });
  assert.deepEqual(liveProgress(program, fresh, session([set(), set(), set()]), 0), { done: 3, needed: 3, why: null });
});

test("the latest set that does not count says why; a clean set after it clears the reason", () => {
  const unticked = set({ cues: PULL.slice(1) });
  assert.deepEqual(liveProgress(program, fresh, session([set(), unticked]), 0), { done: 1, needed: 3, why: "Hips back not ticked" });
  assert.equal(liveProgress(program, fresh, session([set(), unticked, set()]), 0).why, null);
  assert.equal(whyNot(program, fresh, program.stages[0], set({ cues: PULL.slice(2) })), "Hips back not ticked (+1)");
  assert.equal(whyNot(program, fresh, program.stages[0], set({ pain: true })), "Pain: this set does not count");
  assert.equal(whyNot(program, fresh, program.stages[0], set({ reps: 9 })), "9 reps: outside 10\u201320");
  assert.equal(whyNot(program, fresh, program.stages[0], set({ reps: 21 })), "21 reps: outside 10\u201320");
  assert.equal(whyNot(program, fresh, program.stages[0], set({ reps: null })), "No reps logged");
});

test("a warm-up says at once that it does not count, other exercises say nothing, a painful warm-up is pain", () => {
  const s = session([set(), set({ kind: "warmup" }), set({ exercise: "hip_thrust", cues: [] })]);
  assert.deepEqual(liveProgress(program, fresh, s, 0), { done: 1, needed: 3, why: "Warm-up: it does not count" });
  assert.deepEqual(liveProgress(program, fresh, session([set({ kind: "warmup" }), set()]), 0), { done: 1, needed: 3, why: null });
  assert.equal(whyNot(program, fresh, program.stages[0], set({ kind: "warmup", pain: true })), "Pain: this set does not count");
});

test("the cap and the minimum load come from the verdict and the program", () => {
  const open = { ...fresh, unlocked: ["pull_through", "kettlebell_swing", "deadlift"], load_caps: { deadlift: 40 } };
  assert.equal(whyNot(program, open, program.stages[3], set({ exercise: "deadlift", cues: DEAD, reps: 5, load: 42.5 })), "Above the 40 kg cap");
  assert.equal(whyNot(program, open, program.stages[3], set({ exercise: "deadlift", cues: DEAD, reps: 5, load: 40 })), null);
  assert.equal(whyNot(program, open, program.stages[1], set({ exercise: "kettlebell_swing", cues: SWING, load: 8 })), "Below the 12 kg minimum");
  assert.equal(whyNot(program, open, program.stages[1], set({ exercise: "kettlebell_swing", cues: SWING, load: 12 })), null);
  assert.equal(whyNot(program, fresh, program.stages[1], set({ exercise: "kettlebell_swing", cues: SWING, load: 12 })), "Not unlocked yet");
  assert.equal(liveProgress(program, open, session([set({ exercise: "deadlift", cues: DEAD, reps: 5, load: 40 })]), 3).needed, null);
});

// The engine's qualifying count of a session is not exposed, but its run is: with the stage's
// min_sets set to m, the session extends the run exactly when it has at least m qualifying sets.
// So for every m, "our count >= m" must equal "the run grew" (and so our count is the engine's).
/** @param {number} index @param {number} minSets */
function withMinSets(index, minSets) {
  const copy = structuredClone(program);
  copy.stages[index].mastery.min_sets = minSets;
  return copy;
}
/** @param {any} prog @param {any[]} prior @param {any} s @param {number} index */
function runGrew(prog, prior, s, index) {
  const before = verdict(prog, prior);
  const after = verdict(prog, [...prior, s]);
  const frozen = after.history.some(
    (/** @type {any} */ e) => e.session_id === s.id && e.event === "suspended" && program.stages.findIndex((st) => st.exercises.includes(e.exercise)) <= index,
  );
  const grew = after.stages[index].progress.qualifying_sessions === before.stages[index].progress.qualifying_sessions + 1;
  return { before, frozen, grew, active: before.stages[index].status === "active" };
}

test("over the shared vectors, our count for each active stage is the engine's qualifying count", () => {
  let checked = 0;
  let counted = 0;
  let perSet = 0;
  for (const vector of vectors) {
    const sessions = reduceSessions(vector.log.sessions, vector.log.sets, { newestFirst: false }).filter(
      (s) => rfc3339Instant(s.started_at) !== null,
    );
    sessions.forEach((s, i) => {
      const prior = sessions.slice(0, i);
      program.stages.forEach((stage, index) => {
        if (!stage.mastery) return;
        for (let m = 1; m <= s.sets.length + 1; m += 1) {
          const prog = withMinSets(index, m);
          const { before, frozen, grew, active } = runGrew(prog, prior, s, index);
          if (!active || frozen) continue;
          const mine = liveProgress(prog, before, s, index).done;
          assert.equal(mine >= m, grew, `${vector.name}: session ${s.id}, stage ${stage.id}, min_sets ${m}, ours ${mine}`);
          checked += 1;
          if (mine !== m) continue;
          counted += 1;
          // Brute force per set: without a set we say counts the run no longer grows; without
          // one we say does not count, it still does.
          for (const one of s.sets) {
            const reason = whyNot(prog, before, prog.stages[index], one);
            if (reason === undefined) continue;
            const without = { ...s, sets: s.sets.filter((/** @type {any} */ x) => x !== one) };
            const r = runGrew(prog, prior, without, index);
            if (r.frozen) continue;
            assert.equal(r.grew, reason !== null, `${vector.name}: set ${one.id} (${reason ?? "counts"})`);
            perSet += 1;
          }
        }
      });
    });
  }
  assert.ok(checked > 200 && counted > 20 && perSet > 50, `only ${checked} checks, ${counted} exact, ${perSet} per set`);
});

test("a lb lifter's swing minimum is 26 lb, and a load a hair over the cap from the conversion is at it", () => {
  setDisplay({ units: "lb", exercises: [] });
  try {
    const open = { ...fresh, unlocked: ["pull_through", "kettlebell_swing", "deadlift"], load_caps: { deadlift: 95 * LB_KG } };
    assert.equal(whyNot(program, open, program.stages[1], set({ exercise: "kettlebell_swing", cues: SWING, load: 26 * LB_KG })), null);
    assert.equal(whyNot(program, open, program.stages[1], set({ exercise: "kettlebell_swing", cues: SWING, load: 18 * LB_KG })), "Below the 26 lb minimum");
    assert.equal(whyNot(program, open, program.stages[3], set({ exercise: "deadlift", cues: DEAD, reps: 5, load: 95 * LB_KG + 0.04 })), null);
    assert.equal(whyNot(program, open, program.stages[3], set({ exercise: "deadlift", cues: DEAD, reps: 5, load: 100 * LB_KG })), "Above the 95 lb cap");
  } finally {
    setDisplay({ units: "kg", exercises: [] });
  }
});
