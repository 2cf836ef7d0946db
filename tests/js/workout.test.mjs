// What logging, editing and deleting a set write, which session a set joins, and the plain words
// of Today and Progress, from the program file the server serves.
import assert from "node:assert/strict";
import { test } from "node:test";

import { csvCell, exportCsv, exportJson } from "../../pwa/js/export.js";
import { verdictFromFields } from "../../pwa/js/progression.js";
import { reduceSessions } from "../../pwa/js/reduce.js";
import {
  SESSION_GAP_MS,
  capSeries,
  currentSession,
  deleteSetChanges,
  editSetChanges,
  logSetChanges,
  trainNow,
  warmupRamp,
  warmupText,
} from "../../pwa/js/workout.js";
import { DEFAULT_BAR_KG, DEFAULT_BAR_LB, DEFAULT_PLATES_KG, DEFAULT_PLATES_LB, loadableAtMost } from "../../pwa/js/plates.js";
import { apply, ids, program } from "./fixtures.mjs";

const CUES = ["hips_back", "neutral_spine", "chest_up", "soft_knees", "glute_squeeze"];
const T0 = Date.parse("2026-03-02T18:00:00Z");

function logCleanSession(state, nowMs, makeId, reps = 12) {
  for (let i = 0; i < 3; i += 1) {
    const sessions = reduceSessions(state.session, state.set);
    const { changes } = logSetChanges({
      session: currentSession(sessions, nowMs + i * 60_000),
      nowMs: nowMs + i * 60_000,
      exercise: "pull_through",
      loadKg: null,
      reps,
      rpe: null,
      cues: Object.fromEntries(CUES.map((cue) => [cue, true])),
      pain: false,
      program,
      ids: makeId,
    });
    apply(state, changes);
  }
}

test("the first set starts a session and the next ones join it", () => {
  const state = { session: {}, set: {} };
  logCleanSession(state, T0, ids());
  const sessions = reduceSessions(state.session, state.set);
  assert.equal(sessions.length, 1);
  assert.deepEqual(sessions[0].sets.map((s) => s.position), [0, 1, 2]);
  assert.equal(sessions[0].started_at, "2026-03-02T18:00:00.000Z");
  const set = sessions[0].sets[0];
  assert.equal(set.exercise, "pull_through");
  assert.equal(set.load_kg, null);
  assert.deepEqual(Object.keys(set.form).sort(), [...CUES].sort());
  assert.equal(set.pain, false);
});

test("a set after a long break, or after Finish session, starts a new session", () => {
  const state = { session: {}, set: {} };
  logCleanSession(state, T0, ids());
  const sessions = reduceSessions(state.session, state.set);
  assert.equal(currentSession(sessions, T0 + 2 * 60_000 + SESSION_GAP_MS - 1)?.id, sessions[0].id);
  assert.equal(currentSession(sessions, T0 + 2 * 60_000 + SESSION_GAP_MS + 1), null);
  state.session[sessions[0].id].ended_at = "2026-03-02T18:30:00Z";
  assert.equal(currentSession(reduceSessions(state.session, state.set), T0 + 5 * 60_000), null);
});

test("two clean pull-through sessions unlock the swing, and Today says so", () => {
  const state = { session: {}, set: {} };
  const makeId = ids();
  logCleanSession(state, T0, makeId);
  let verdict = verdictFromFields(program, state.session, state.set);
  let focus = trainNow(program, verdict);
  assert.equal(focus.stage.id, "pull_through");
  assert.deepEqual(focus.progress, [1, 2]);
  assert.equal(focus.why, "1 more session with 3 clean sets of 10\u201320 pull-throughs unlocks kettlebell swings.");
  logCleanSession(state, T0 + 86_400_000, makeId);
  verdict = verdictFromFields(program, state.session, state.set);
  focus = trainNow(program, verdict);
  assert.ok(verdict.unlocked.includes("kettlebell_swing"));
  assert.equal(focus.stage.id, "kettlebell_swing");
  assert.equal(warmupText(program, verdict, focus.exercise), "Pull-throughs, 10\u201320 reps, before heavier work.");
});

test("an edit writes only the fields that changed; a delete is one op and undo another", () => {
  const before = { id: "x", exercise: "pull_through", load_kg: null, reps: 12, rpe: null, pain: false, form: Object.fromEntries(CUES.map((c) => [c, true])) };
  const after = { ...before, reps: 15, form: { ...before.form, chest_up: false } };
  assert.deepEqual(
    editSetChanges(before, after, program).map((c) => [c.field, c.value]),
    [["reps", 15], ["form.chest_up", false]],
  );
  assert.deepEqual(deleteSetChanges("x"), [{ entity: "set", entity_id: "x", field: "deleted", value: true }]);
  assert.equal(deleteSetChanges("x", false)[0].value, false);
});

test("the cap series follows the verdict's history", () => {
  const verdict = {
    history: [
      { date: "2026-01-01T00:00:00Z", event: "unlocked", exercise: "deadlift", detail: "" },
      { date: "2026-01-03T00:00:00Z", event: "cap_raised", exercise: "deadlift", detail: "Deadlift cap raised from 40 to 45 kg: …" },
      { date: "2026-01-04T00:00:00Z", event: "cap_raised", exercise: "romanian_deadlift", detail: "from 30 to 35 kg" },
    ],
    load_caps: { deadlift: 45 },
  };
  assert.deepEqual(capSeries(program, verdict, "deadlift", "2026-01-09T00:00:00Z"), [
    { date: "2026-01-01T00:00:00Z", kg: 40 },
    { date: "2026-01-03T00:00:00Z", kg: 45 },
    { date: "2026-01-09T00:00:00Z", kg: 45 },
  ]);
});

test("CSV cells are quoted where needed and formulas are defused", () => {
  assert.equal(csvCell('say "hi", then go'), '"say ""hi"", then go"');
  assert.equal(csvCell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
  assert.equal(csvCell(-2.5), "-2.5");
  assert.equal(csvCell(null), "");
});

test("exports hold every visible set, oldest session first in CSV", () => {
  const state = { session: {}, set: {} };
  const makeId = ids();
  logCleanSession(state, T0, makeId, 12);
  logCleanSession(state, T0 + 86_400_000, makeId, 15);
  const sessions = reduceSessions(state.session, state.set);
  const rows = exportCsv(sessions).trim().split("\r\n");
  assert.equal(rows.length, 7);
  assert.deepEqual(rows.slice(1).map((row) => row.split(",")[8]), ["12", "12", "12", "15", "15", "15"]);
  const json = JSON.parse(exportJson(sessions, { username: "ana", nowIso: "2026-03-05T00:00:00Z" }));
  assert.equal(json.sessions.length, 2);
  assert.equal(json.username, "ana");
});

test("a warm-up ramp climbs from the empty bar to under the working load, in loads the plates make", () => {
  const kg = (/** @type {number} */ load) => loadableAtMost(load, DEFAULT_BAR_KG, DEFAULT_PLATES_KG);
  assert.deepEqual(warmupRamp(140, DEFAULT_BAR_KG, kg), [
    { load: 20, reps: 10 },
    { load: 55, reps: 5 },
    { load: 82.5, reps: 3 },
    { load: 110, reps: 2 },
  ]);
  // In lb with the lb plates every step is exact: 90 is the bar and 10 + 10 + 2.5 a side.
  const lb = (/** @type {number} */ load) => loadableAtMost(load, DEFAULT_BAR_LB, DEFAULT_PLATES_LB);
  assert.deepEqual(
    warmupRamp(225, DEFAULT_BAR_LB, lb).map((step) => step.load),
    [45, 90, 135, 180],
  );
});

test("a light working load gets a short ramp, and none at or under the bar", () => {
  const kg = (/** @type {number} */ load) => loadableAtMost(load, DEFAULT_BAR_KG, DEFAULT_PLATES_KG);
  assert.deepEqual(warmupRamp(20, DEFAULT_BAR_KG, kg), []);
  assert.deepEqual(warmupRamp(15, DEFAULT_BAR_KG, kg), []);
  // 40 % of 40 kg is under the bar, so it is dropped; 60 % rounds down to 22.5, 80 % to 30.
  assert.deepEqual(warmupRamp(40, DEFAULT_BAR_KG, kg), [
    { load: 20, reps: 10 },
    { load: 22.5, reps: 3 },
    { load: 30, reps: 2 },
  ]);
  // Only 20 kg plates: every step rounds down to a multiple of 40 above the bar, or the bar.
  const coarse = (/** @type {number} */ load) => loadableAtMost(load, 20, [20]);
  assert.deepEqual(warmupRamp(100, 20, coarse).map((step) => step.load), [20, 60]);
});
