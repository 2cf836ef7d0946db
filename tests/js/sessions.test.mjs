// Finish session, its Undo and Resume session, the summary, and notes on sessions and sets.
import assert from "node:assert/strict";
import { test } from "node:test";

import { reduceSessions } from "../../pwa/js/reduce.js";
import {
  SESSION_GAP_MS,
  currentSession,
  editSetChanges,
  finishSessionChanges,
  logSetChanges,
  resumableSession,
  sessionChanges,
  sessionSummary,
} from "../../pwa/js/workout.js";
import { apply, ids, program } from "./fixtures.mjs";

const CUES = ["hips_back", "neutral_spine", "chest_up", "soft_knees", "glute_squeeze"];
const T0 = Date.parse("2026-03-02T18:00:00Z");

const sessionsOf = (state) => reduceSessions(state.session, state.set);

function log(state, nowMs, makeId, { resumed = null, notes, loadKg = 20, clean = true, exercise = "pull_through" } = {}) {
  const { changes, setId } = logSetChanges({
    session: currentSession(sessionsOf(state), nowMs, resumed),
    nowMs,
    exercise,
    loadKg,
    reps: 10,
    rpe: null,
    cues: Object.fromEntries(CUES.map((cue, i) => [cue, clean || i > 0])),
    pain: false,
    notes,
    program,
    ids: makeId,
  });
  apply(state, changes);
  return setId;
}

test("Finish session ends it; Undo (ended_at null) keeps it open for the next set", () => {
  const state = { session: {}, set: {} };
  const makeId = ids();
  log(state, T0, makeId);
  const [session] = sessionsOf(state);
  apply(state, finishSessionChanges(session, T0 + 60_000));
  assert.equal(currentSession(sessionsOf(state), T0 + 70_000), null);
  assert.equal(resumableSession(sessionsOf(state))?.id, session.id);
  apply(state, sessionChanges(session));
  assert.deepEqual(sessionChanges(session), [{ entity: "session", entity_id: session.id, field: "ended_at", value: null }]);
  assert.equal(resumableSession(sessionsOf(state)), null);
  log(state, T0 + 120_000, makeId);
  const sessions = sessionsOf(state);
  assert.equal(sessions.length, 1);
  assert.equal(sessions[0].sets.length, 2);
});

test("Resume session reopens the last one, past the hour, until a new session starts", () => {
  const state = { session: {}, set: {} };
  const makeId = ids();
  log(state, T0, makeId);
  const [first] = sessionsOf(state);
  apply(state, finishSessionChanges(first, T0 + 60_000));
  const later = T0 + 2 * SESSION_GAP_MS;
  apply(state, sessionChanges(/** @type {any} */ (resumableSession(sessionsOf(state)))));
  assert.equal(currentSession(sessionsOf(state), later), null, "without the resume, the gap starts a new one");
  const resumed = { id: first.id, atMs: later };
  assert.equal(currentSession(sessionsOf(state), later, resumed)?.id, first.id);
  log(state, later, makeId, { resumed });
  assert.equal(sessionsOf(state).length, 1);
  apply(state, finishSessionChanges(sessionsOf(state)[0], later + 60_000));
  log(state, later + 120_000, makeId);
  const sessions = sessionsOf(state);
  assert.equal(sessions.length, 2);
  assert.equal(resumableSession(sessions), null, "a new session has started");
});

test("a resumed session is open for the hour after the resume, then the gap starts a new one", () => {
  const state = { session: {}, set: {} };
  log(state, T0, ids());
  const [first] = sessionsOf(state);
  apply(state, finishSessionChanges(first, T0 + 60_000));
  const resumedAt = T0 + 3 * SESSION_GAP_MS;
  apply(state, sessionChanges(first));
  const resumed = { id: first.id, atMs: resumedAt };
  assert.equal(currentSession(sessionsOf(state), resumedAt + SESSION_GAP_MS, resumed)?.id, first.id);
  assert.equal(currentSession(sessionsOf(state), resumedAt + SESSION_GAP_MS + 1, resumed), null);
  assert.equal(currentSession(sessionsOf(state), resumedAt, { id: "another", atMs: resumedAt }), null, "only the session resumed");
});

test("the summary: duration, sets, volume of working sets, and the clean sets that count", () => {
  const state = { session: {}, set: {} };
  const makeId = ids();
  log(state, T0, makeId, { loadKg: 20 });
  log(state, T0 + 10 * 60_000, makeId, { loadKg: 30, clean: false });
  const warmup = log(state, T0 + 20 * 60_000, makeId, { loadKg: 10 });
  apply(state, [{ entity: "set", entity_id: warmup, field: "kind", value: "warmup" }]);
  const [session] = sessionsOf(state);
  apply(state, finishSessionChanges(session, T0 + 42 * 60_000));
  assert.equal(sessionSummary(sessionsOf(state)[0], program), "42 min · 3 sets · 500 kg · 1 counted");
  // Still open: up to the last set.
  assert.equal(sessionSummary(session, program), "20 min · 3 sets · 500 kg · 1 counted");
});

test("notes: a set's note when logged (none when empty), edited or cleared, and the session's", () => {
  const state = { session: {}, set: {} };
  const makeId = ids();
  const noted = log(state, T0, makeId, { notes: "grip slipped" });
  const plain = log(state, T0 + 60_000, makeId, { notes: "" });
  assert.equal(state.set[noted].notes, "grip slipped");
  assert.equal("notes" in state.set[plain], false);
  const [session] = sessionsOf(state);
  const [a, b] = session.sets;
  const same = { exercise: a.exercise, load_kg: a.load_kg, reps: a.reps, rpe: a.rpe, pain: a.pain, form: a.form };
  assert.deepEqual(editSetChanges(a, { ...same, notes: "grip slipped" }, program), []);
  assert.deepEqual(editSetChanges(a, same, program), [], "no note field: left as it is");
  assert.deepEqual(editSetChanges(a, { ...same, notes: "" }, program), [{ entity: "set", entity_id: a.id, field: "notes", value: "" }]);
  assert.deepEqual(editSetChanges(b, { ...same, notes: "tight" }, program), [{ entity: "set", entity_id: b.id, field: "notes", value: "tight" }]);
  assert.deepEqual(sessionChanges(session, "notes", "felt strong"), [{ entity: "session", entity_id: session.id, field: "notes", value: "felt strong" }]);
});
