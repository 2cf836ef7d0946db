// Hinge's own JSON export (export.js exportJson) read back losslessly: the sessions and sets keep
// their ids, so re-importing an export on a new account restores the log as it was, and on the
// same account adds nothing. Every value is checked against the protocol's rules first, since a
// file may have been edited by hand.

import { compareText, rfc3339Instant } from "../reduce.js";
import { ImportError } from "./csv.js";
import {
  EXERCISE_KINDS,
  MAX_NAME,
  MAX_TEXT,
  SET_KINDS,
  isDateTime,
  isLoad,
  isNumber,
  isPosition,
  isReps,
  isRpe,
  isText,
  isUuid,
} from "./values.js";

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** @param {unknown} value */
function isNullableText(value) {
  return value === null || value === undefined || isText(value, MAX_TEXT);
}

/**
 * @param {string} text
 * @param {{program: Program, exercises: import("../importing.js").CustomExercise[]}} options
 * @returns {import("../importing.js").ImportPlan}
 */
export function hingePlan(text, { program, exercises }) {
  /** @type {unknown} */
  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ImportError(`This file looks like JSON but cannot be read: ${/** @type {Error} */ (error).message}.`);
  }
  if (!isObject(data) || data.format !== "hinge-export" || !Array.isArray(data.sessions)) {
    throw new ImportError('This JSON file is not a Hinge export: expected an object with "format": "hinge-export" and a list of "sessions".');
  }
  const programIds = new Set(program.exercises.map((exercise) => exercise.id));
  const cueIds = new Set(program.cues.map((cue) => cue.id));
  const known = new Set(exercises.map((exercise) => exercise.id));
  /** @type {import("../importing.js").ImportPlan["skipped"]} */
  const skipped = [];
  /** @param {string} reason */
  const skip = (reason) => skipped.push({ line: 0, reason });

  /** @type {import("../importing.js").CustomExercise[]} */
  const created = [];
  for (const entry of Array.isArray(data.exercises) ? data.exercises : []) {
    if (!isObject(entry) || !isUuid(entry.id) || !isText(entry.name, MAX_NAME, 1) || typeof entry.kind !== "string" || !EXERCISE_KINDS.has(entry.kind)) {
      skip(`an exercise that is not a valid custom exercise: ${JSON.stringify(entry).slice(0, 80)}`);
      continue;
    }
    const id = /** @type {string} */ (entry.id);
    // A deleted exercise comes only because exported sets still name it: it stays deleted.
    if (!known.has(id)) created.push({ id, name: /** @type {string} */ (entry.name), kind: entry.kind, ...(entry.deleted === true ? { deleted: true } : {}) });
  }

  /** @type {import("../importing.js").ImportSession[]} */
  const sessions = [];
  let count = 0;
  for (const entry of data.sessions) {
    if (!isObject(entry) || !isUuid(entry.id)) {
      skip("a session without a valid id");
      continue;
    }
    const id = /** @type {string} */ (entry.id);
    const started = entry.started_at ?? null;
    const ended = entry.ended_at ?? null;
    if ((started !== null && !isDateTime(started)) || (ended !== null && !isDateTime(ended)) || !isNullableText(entry.notes)) {
      skip(`session ${id}: its start, end or notes are not valid`);
      continue;
    }
    /** @type {import("../importing.js").ImportSet[]} */
    const sets = [];
    for (const set of Array.isArray(entry.sets) ? entry.sets : []) {
      const checked = checkSet(set, programIds, cueIds);
      if (typeof checked === "string") skip(checked);
      else sets.push(checked);
    }
    count += sets.length;
    sessions.push({
      id,
      started_at: /** @type {string | null} */ (started),
      ended_at: /** @type {string | null} */ (ended),
      notes: /** @type {string | null} */ (entry.notes ?? null),
      sets,
    });
  }
  // Oldest first, as the other formats' plans; undated sessions last.
  sessions.sort((a, b) => {
    const [x, y] = [rfc3339Instant(a.started_at), rfc3339Instant(b.started_at)];
    if (x === null || y === null) return x === y ? compareText(a.id, b.id) : x === null ? 1 : -1;
    return x[0] - y[0] || x[1] - y[1] || compareText(a.id, b.id);
  });
  const profile = isObject(data.profile) ? profileOf(data.profile) : null;
  return { format: "hinge", formatName: "Hinge", needsUnits: false, sessions, exercises: created, mapped: [], skipped, sets: count, profile };
}

/**
 * @param {unknown} set @param {Set<string>} programIds @param {Set<string>} cueIds
 * @returns {import("../importing.js").ImportSet | string}
 */
function checkSet(set, programIds, cueIds) {
  if (!isObject(set) || !isUuid(set.id)) return "a set without a valid id";
  const id = /** @type {string} */ (set.id);
  /** @param {string} what */
  const bad = (what) => `set ${id}: ${what}`;
  const exercise = set.exercise;
  // A custom exercise's sets may come without the exercise itself (an export from before custom
  // exercises were exported): the UUID is kept, and the set shows once the exercise exists.
  if (typeof exercise !== "string" || !(programIds.has(exercise) || isUuid(exercise))) return bad(`the exercise ${JSON.stringify(exercise)} is not in this program`);
  const load = set.load_kg ?? null;
  if (!isLoad(load)) return bad("the load is not a number from 0 to 1000 kg");
  const reps = set.reps ?? null;
  if (reps !== null && !isReps(reps)) return bad("the reps are not a whole number from 0 to 1000");
  const rpe = set.rpe ?? null;
  if (!isRpe(rpe)) return bad("the RPE is not a half step from 1 to 10");
  const kind = set.kind ?? "working";
  if (typeof kind !== "string" || !SET_KINDS.has(kind)) return bad(`the set kind ${JSON.stringify(kind)} is not working, warmup, drop or failure`);
  const position = set.position ?? null;
  if (position !== null && !isPosition(position)) return bad("the position is not a number");
  const performed = set.performed_at ?? null;
  if (performed !== null && !isDateTime(performed)) return bad("the time it was done is not a date-time");
  if (!isNullableText(set.notes)) return bad("the notes are not text of at most 2,000 characters");
  const pain = set.pain ?? null;
  if (pain !== null && typeof pain !== "boolean") return bad("pain is not true or false");
  /** @type {Record<string, boolean>} */
  const form = {};
  if (set.form !== undefined && set.form !== null) {
    if (!isObject(set.form)) return bad("the form cues are not an object");
    for (const [cue, ticked] of Object.entries(set.form)) {
      if (!cueIds.has(cue) || typeof ticked !== "boolean") return bad(`the form cue ${JSON.stringify(cue)} is not one of this program's`);
      form[cue] = ticked;
    }
  }
  return {
    id,
    exercise,
    load_kg: /** @type {number | null} */ (load),
    reps: /** @type {number | null} */ (reps),
    rpe: /** @type {number | null} */ (rpe),
    kind,
    notes: /** @type {string | null} */ (set.notes ?? null),
    position: /** @type {number | null} */ (position),
    performed_at: /** @type {string | null} */ (performed),
    pain: /** @type {boolean | null} */ (pain),
    form,
  };
}

/** The profile's fields that are valid; the rest are left out. @param {Record<string, unknown>} profile */
function profileOf(profile) {
  /** @type {import("../importing.js").ImportedProfile} */
  const out = {};
  if (profile.units === "kg" || profile.units === "lb") out.units = profile.units;
  /** @param {unknown} value */
  const plate = (value) => isNumber(value) && value >= 0 && value <= 100;
  if (plate(profile.bar_kg)) out.bar_kg = /** @type {number} */ (profile.bar_kg);
  if (Array.isArray(profile.plates_kg) && profile.plates_kg.length <= 20 && profile.plates_kg.every(plate)) out.plates_kg = profile.plates_kg;
  return out;
}
