// Personal records per exercise, re-derived from the sets: the mirror of sync/records.py, whose
// docstring states the rule; tests/vectors/records/ keeps the two identical to the bit.
// Pure: no DOM, no clock.

import { compareText, rfc3339Instant } from "./reduce.js";

/** @typedef {{set_id: string, session_id: string, started_at: string | null, load_kg: number, reps: number}} RecordSet */
/** @typedef {RecordSet & {e1rm_kg: number}} E1rmRecord */
/** @typedef {{session_id: string, started_at: string | null, volume_kg: number}} SessionVolume */
/** @typedef {{heaviest: RecordSet, best_e1rm: E1rmRecord | null, best_by_reps: Record<number, RecordSet>, volume: SessionVolume[]}} ExerciseRecords */

// Epley's estimated one-rep max, null beyond 12 reps; the operations and their order are Python's.
/** @param {number} load @param {number} reps */
export const e1rm = (load, reps) => (reps > 12 ? null : reps === 1 ? load : (load * (30 + reps)) / 30);

/** @param {SetView} a @param {SetView} b */
const bySetOrder = (a, b) =>
  a.position === b.position ? compareText(a.id, b.id) : a.position === null ? 1 : b.position === null ? -1 : a.position - b.position;

// Sessions oldest first (undated last, ties by id), sets by position then id: the log order.
/** @param {SessionView[]} sessions */
function replay(sessions) {
  const keyed = sessions.map((s) => {
    const at = rfc3339Instant(s.started_at);
    return { s, k: at === null ? [1, 0, 0] : [0, at[0], at[1]] };
  });
  keyed.sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.k[2] - b.k[2] || compareText(a.s.id, b.s.id));
  /** @type {Map<string, ExerciseRecords>} */
  const byExercise = new Map();
  /** @type {Map<string, string[]>} */
  const earned = new Map();
  for (const { s } of keyed) {
    const { id: session_id, started_at } = s;
    for (const set of [...s.sets].sort(bySetOrder)) {
      const { exercise, load_kg: load, reps } = set;
      if (typeof exercise !== "string" || set.kind === "warmup" || typeof load !== "number" || !(load > 0 && load < Infinity)) continue;
      if (typeof reps !== "number" || !Number.isInteger(reps) || reps < 1) continue;
      const best = { set_id: set.id, session_id, started_at, load_kg: load, reps };
      const estimate = e1rm(load, reps);
      let held = byExercise.get(exercise);
      // The first set sets every record it can, beating none.
      if (!held) byExercise.set(exercise, (held = { heaviest: best, best_e1rm: null, best_by_reps: {}, volume: [] }));
      /** @type {string[]} */
      const won = [];
      if (load > held.heaviest.load_kg) {
        won.push("heaviest");
        held.heaviest = best;
      }
      const top = held.best_e1rm;
      if (estimate !== null && (top === null || estimate > top.e1rm_kg)) {
        if (top) won.push("e1rm");
        held.best_e1rm = { ...best, e1rm_kg: estimate };
      }
      const atReps = /** @type {RecordSet | undefined} */ (held.best_by_reps[reps]);
      if (!atReps || load > atReps.load_kg) {
        if (atReps) won.push("reps");
        held.best_by_reps[reps] = best; // integer keys: the object keeps them ascending
      }
      const last = held.volume.at(-1);
      if (last?.session_id === session_id) last.volume_kg += load * reps;
      else held.volume.push({ session_id, started_at, volume_kg: load * reps });
      if (won.length) earned.set(set.id, won);
    }
  }
  return { byExercise, earned };
}

/** Each exercise's records over the whole log, by exercise (code-point order).
 * @param {SessionView[]} sessions @returns {Record<string, ExerciseRecords>} */
export const records = (sessions) =>
  Object.fromEntries([...replay(sessions).byExercise].sort(([a], [b]) => compareText(a, b)));

/** The badges ("heaviest", "e1rm", "reps") the set earned when it was logged.
 * @param {SessionView[]} sessions @param {string} setId @returns {string[]} */
export const badges = (sessions, setId) => replay(sessions).earned.get(setId) ?? [];

/** Every set that earned a badge, in log order: one replay for a whole history.
 * @param {SessionView[]} sessions @returns {Record<string, string[]>} */
export const badgesBySet = (sessions) => Object.fromEntries(replay(sessions).earned);
