// Import a lifter's history: Strong, Hevy, FitNotes and Liftosaur CSV exports, and Hinge's own JSON
// export, read into a plan the screen can preview, then turned into field changes for Local.write.
// Pure: no DOM, no storage, no clock (the time zone comes in as an argument), so it runs offline in
// the browser and in Node tests. Ids come from the file's content, so importing a file twice adds
// nothing and a later, longer export of the same app adds only the new workouts.

import { ImportError, parseCsv } from "./importing/csv.js";
import { contentId } from "./importing/content-id.js";
import { detectFormat } from "./importing/formats.js";
import { hingePlan } from "./importing/hinge-json.js";
import { guessKind, programMatcher, tidyName } from "./importing/names.js";
import { MAX_LOAD_KG, MAX_NAME, MAX_REPS, MAX_TEXT, clip } from "./importing/values.js";

export { ImportError };
export { EXERCISE_NAMES } from "./importing/names.js";

/** 1 lb in kg, exactly (the international pound). */
export const KG_PER_LB = 0.45359237;

/**
 * @typedef {object} ImportSet
 * @property {string} id
 * @property {string} exercise a program exercise id or a custom exercise's UUID
 * @property {number | null} load_kg
 * @property {number | null} reps null only from a Hinge export of a set with no reps
 * @property {number | null} rpe
 * @property {string} kind working, warmup, drop or failure
 * @property {string | null} notes
 * @property {number | null} position 1-based order in the session (a Hinge export keeps its own, null included)
 * @property {string | null} performed_at
 * @property {boolean | null} pain only a Hinge export says
 * @property {Record<string, boolean>} form cue ticks: only a Hinge export has any
 */

/**
 * @typedef {object} ImportSession
 * @property {string} id
 * @property {string | null} started_at RFC 3339 in UTC ("…Z"); a Hinge export's own text is kept as it
 *   was, null included (an undated session)
 * @property {string | null} ended_at
 * @property {string | null} notes
 * @property {ImportSet[]} sets
 */

/** @typedef {{id: string, name: string, kind: string, deleted?: true}} CustomExercise */

/** @typedef {{units?: string, bar_kg?: number, plates_kg?: number[]}} ImportedProfile */

/**
 * What a file holds, for the preview and for importChanges.
 * @typedef {object} ImportPlan
 * @property {string} format "strong", "hevy", "fitnotes", "liftosaur" or "hinge"
 * @property {string} formatName the app's name, for the screen
 * @property {boolean} needsUnits the file does not say kg or lb (Strong's first export format):
 *   parse again with `units`; until then every load_kg is null and importChanges refuses the plan
 * @property {ImportSession[]} sessions oldest first
 * @property {CustomExercise[]} exercises custom exercises to create
 * @property {{name: string, exercise: string}[]} mapped names in the file taken as program exercises
 * @property {{line: number, reason: string}[]} skipped rows not imported, and why (line 0: a JSON export's entry)
 * @property {number} sets how many sets the sessions hold
 * @property {ImportedProfile | null} profile a Hinge export's units, bar and plates (never written by importChanges)
 */

/**
 * What parseImport needs.
 * @typedef {object} ImportOptions
 * @property {Program} program
 * @property {CustomExercise[]} [exercises] the lifter's own exercises, reused by name (any case)
 * @property {"kg" | "lb" | null} [units] for a file that does not say (Strong's first format)
 * @property {number | ((parts: import("./importing/formats.js").LocalParts) => number)} [timeZoneOffsetMinutes]
 *   the device's zone for files written in local time, as minutes east of UTC (Berlin in winter
 *   60, New York in winter -300: the negative of Date's getTimezoneOffset), or a function of the
 *   local date and time giving that offset, so a file spanning daylight-saving changes reads right.
 *   Default: localZoneOffset, the zone this JavaScript runs in.
 * @property {Record<string, string>} [names] the lifter's own spellings: file name -> program exercise id
 */

/**
 * The offset of this device's zone at a local date and time, in minutes east of UTC.
 * @param {import("./importing/formats.js").LocalParts} parts
 */
export function localZoneOffset({ year, month, day, hour, minute, second }) {
  return -new Date(year, month - 1, day, hour, minute, second).getTimezoneOffset();
}

/** An instant as RFC 3339 UTC, without a fraction when it has none. @param {number} ms */
export function isoUtc(ms) {
  const text = new Date(ms).toISOString();
  return text.endsWith(".000Z") ? `${text.slice(0, -5)}Z` : text;
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * Read an export into a plan. Throws ImportError when the file is none of the formats.
 * @param {string} text the file's text
 * @param {ImportOptions} options
 * @returns {ImportPlan}
 */
export function parseImport(text, { program, exercises = [], units = null, timeZoneOffsetMinutes = localZoneOffset, names = {} }) {
  const body = text.replace(/^\uFEFF/, "");
  if (/^\s*[{[]/.test(body)) return hingePlan(body, { program, exercises });
  const format = detectFormat(body);
  const { rows, lines } = parseCsv(body, format.delimiter);
  const offset = typeof timeZoneOffsetMinutes === "number" ? () => timeZoneOffsetMinutes : timeZoneOffsetMinutes;
  /** @type {import("./importing/formats.js").ReadContext} */
  const context = {
    units,
    localToUtcMs: (parts) =>
      Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - offset(parts) * 60_000,
  };
  const needsUnits = format.needsUnits && units === null;
  const { exerciseOf, found } = exerciseNamer(program, exercises, names);
  /** @type {Map<string, {session: ImportSession, startMs: number, lastNotes: Map<string, string>}>} */
  const sessions = new Map();
  /** @type {ImportPlan["skipped"]} */
  const skipped = [];
  let count = 0;
  for (let r = 1; r < rows.length; r += 1) {
    const line = lines[r];
    const raw = format.read(rows[r], context);
    if (typeof raw === "string") {
      skipped.push({ line, reason: raw });
      continue;
    }
    const values = setValues(raw, needsUnits);
    if (typeof values === "string") {
      skipped.push({ line, reason: values });
      continue;
    }
    const key = [format.format, ...raw.workout].join("\u0000");
    let workout = sessions.get(key);
    if (workout === undefined) {
      const session = {
        id: contentId(["session", format.format, ...raw.workout]),
        started_at: isoUtc(raw.startMs),
        ended_at: raw.endMs === null ? null : isoUtc(raw.endMs),
        notes: raw.sessionNotes === null ? null : noteOf(raw.sessionNotes),
        sets: [],
      };
      workout = { session, startMs: raw.startMs, lastNotes: new Map() };
      sessions.set(key, workout);
    } else if (workout.session.notes === null && raw.sessionNotes !== null) {
      workout.session.notes = noteOf(raw.sessionNotes);
    }
    const { session, lastNotes } = workout;
    const exercise = exerciseOf(raw.exercise);
    // A note the app repeats on every row of an exercise is kept once, on its first set.
    let exerciseNotes = raw.exerciseNotes;
    if (exerciseNotes !== null) {
      if (lastNotes.get(exercise) === exerciseNotes) exerciseNotes = null;
      else lastNotes.set(exercise, exerciseNotes);
    }
    const notes = [exerciseNotes, raw.notes].filter((part) => part !== null).join("\n");
    const position = session.sets.length + 1;
    session.sets.push({
      id: contentId(["set", session.id, String(position)]),
      exercise,
      ...values,
      notes: notes === "" ? null : noteOf(notes),
      position,
      performed_at: null,
      pain: null,
      form: {},
    });
    count += 1;
  }
  // Oldest first, ties by id, so the plan's order depends on the workouts, not the file's order.
  const ordered = [...sessions.values()]
    .sort((a, b) => a.startMs - b.startMs || (a.session.id < b.session.id ? -1 : 1))
    .map((workout) => workout.session);
  return { format: format.format, formatName: format.formatName, needsUnits, sessions: ordered, ...found, skipped, sets: count, profile: null };
}

/** A note as Hinge keeps it: line breaks as \n, at most 2,000 characters. @param {string} text */
function noteOf(text) {
  return clip(text.replace(/\r\n?/g, "\n"), MAX_TEXT);
}

/**
 * The checks every format shares: a set's numbers as the protocol takes them, or why the row
 * cannot be a set (a row is imported whole or not at all).
 * @param {import("./importing/formats.js").RawRow} raw @param {boolean} needsUnits
 * @returns {{load_kg: number | null, reps: number, rpe: number | null, kind: string} | string}
 */
function setValues(raw, needsUnits) {
  if (tidyName(raw.exercise) === "") return "no exercise name";
  if (!Number.isFinite(raw.startMs)) return `the date "${raw.startText}" is not one this import can read`;
  if (raw.kind === null) return `the set type "${raw.kindText}" is not one this import knows`;
  const noReps = raw.timed ? "a timed or distance set: Hinge logs reps" : "no reps";
  if (raw.reps === "") return noReps;
  if (!DECIMAL.test(raw.reps)) return `reps "${raw.reps}" are not a number`;
  const reps = Number(raw.reps);
  if (!Number.isInteger(reps)) return `reps "${raw.reps}" are not a whole number`;
  if (reps <= 0) return noReps;
  if (reps > MAX_REPS) return `more than ${MAX_REPS.toLocaleString("en")} reps`;
  /** @type {number | null} */
  let load = null;
  if (raw.weight !== "") {
    if (!DECIMAL.test(raw.weight)) return `the weight "${raw.weight}" is not a number`;
    const weight = Number(raw.weight);
    if (weight < 0) return "a weight below zero";
    // An empty or zero weight is a bodyweight, band or timed set: no load.
    if (weight > 0 && !needsUnits) {
      if (raw.unit !== "kg" && raw.unit !== "lb") return `the weight unit "${raw.unit ?? ""}" is neither kg nor lb`;
      load = raw.unit === "lb" ? weight * KG_PER_LB : weight;
      if (load > MAX_LOAD_KG) return `a weight over ${MAX_LOAD_KG.toLocaleString("en")} kg`;
    }
  }
  return { load_kg: load, reps, rpe: rpeOf(raw.rpe), kind: raw.kind };
}

/**
 * An RPE in the protocol's half steps from 1 to 10, or null: a value outside that scale (some apps
 * write 0 for "not rated") is dropped rather than costing the set.
 * @param {string} text
 */
function rpeOf(text) {
  if (!DECIMAL.test(text)) return null;
  const value = Math.round(Number(text) * 2) / 2;
  return value >= 1 && value <= 10 ? value : null;
}

/**
 * Names in the file as exercise ids: program exercises by the mapping table, the lifter's own
 * exercises by name in any case, and a new custom exercise for every other name (its id from the
 * name, so the same name in a Strong and a Hevy file is one exercise).
 * @param {Program} program @param {CustomExercise[]} existing @param {Record<string, string>} names
 */
function exerciseNamer(program, existing, names) {
  const programId = programMatcher(program, names);
  /** @type {Map<string, string>} */
  const own = new Map(existing.map((exercise) => [tidyName(exercise.name).toLowerCase(), exercise.id]));
  /** @type {Map<string, string>} */
  const ids = new Map();
  /** @type {{name: string, exercise: string}[]} */
  const mapped = [];
  /** @type {CustomExercise[]} */
  const created = [];
  /** @type {Map<string, string>} */
  const asWritten = new Map(); // the file's spelling -> id: most rows repeat a name seen before
  /** @param {string} name */
  const exerciseOf = (name) => asWritten.get(name) ?? remember(name);
  /** @param {string} name */
  const remember = (name) => {
    const id = lookUp(name);
    asWritten.set(name, id);
    return id;
  };
  /** @param {string} name */
  const lookUp = (name) => {
    const tidy = clip(tidyName(name), MAX_NAME);
    const key = tidy.toLowerCase();
    let id = ids.get(key);
    if (id !== undefined) return id;
    const inProgram = programId(tidy);
    if (inProgram !== null) {
      id = inProgram;
      mapped.push({ name: tidy, exercise: inProgram });
    } else {
      id = own.get(key);
      if (id === undefined) {
        id = contentId(["exercise", key]);
        created.push({ id, name: tidy, kind: guessKind(tidy) });
      }
    }
    ids.set(key, id);
    return id;
  };
  return { exerciseOf, found: { exercises: created, mapped } };
}

/**
 * The field changes that store a plan, in batches for Local.write: the custom exercises first,
 * then the sessions, oldest first, each whole with its sets in one batch (a batch holds several
 * sessions up to about `batchSize` changes, so a long history costs few storage transactions).
 * Entities whose id is in `existing` are left alone: a second import writes nothing, and an
 * imported set the lifter has since edited keeps the edit.
 * @param {ImportPlan} plan
 * @param {{existing?: Set<string>, batchSize?: number}} [options]
 * @returns {FieldChange[][]}
 */
export function importChanges(plan, { existing = new Set(), batchSize = 1000 } = {}) {
  if (plan.needsUnits) throw new ImportError(`Say whether this ${plan.formatName} file's weights are in kg or lb before importing it.`);
  /** @type {FieldChange[][]} */
  const batches = [];
  /** @type {FieldChange[]} */
  const exercises = [];
  for (const { id, name, kind, deleted } of plan.exercises) {
    if (existing.has(id)) continue;
    exercises.push({ entity: "exercise", entity_id: id, field: "name", value: name });
    exercises.push({ entity: "exercise", entity_id: id, field: "kind", value: kind });
    if (deleted) exercises.push({ entity: "exercise", entity_id: id, field: "deleted", value: true });
  }
  if (exercises.length > 0) batches.push(exercises);
  /** @type {FieldChange[]} */
  let batch = [];
  for (const session of plan.sessions) {
    const changes = sessionChanges(session, existing);
    if (changes.length === 0) continue;
    if (batch.length > 0 && batch.length + changes.length > batchSize) {
      batches.push(batch);
      batch = [];
    }
    for (const change of changes) batch.push(change);
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** @param {ImportSession} session @param {Set<string>} existing @returns {FieldChange[]} */
function sessionChanges(session, existing) {
  /** @type {FieldChange[]} */
  const changes = [];
  /** @param {string} entity @param {string} id @param {string} field @param {unknown} value */
  const put = (entity, id, field, value) => {
    if (value !== null) changes.push({ entity, entity_id: id, field, value });
  };
  if (!existing.has(session.id)) {
    put("session", session.id, "started_at", session.started_at);
    put("session", session.id, "ended_at", session.ended_at);
    put("session", session.id, "notes", session.notes);
  }
  for (const set of session.sets) {
    if (existing.has(set.id)) continue;
    put("set", set.id, "session_id", session.id);
    put("set", set.id, "exercise", set.exercise);
    put("set", set.id, "load_kg", set.load_kg);
    put("set", set.id, "reps", set.reps);
    put("set", set.id, "rpe", set.rpe);
    // Absent reads as working: the field is written only when it says something.
    if (set.kind !== "working") put("set", set.id, "kind", set.kind);
    put("set", set.id, "position", set.position);
    put("set", set.id, "performed_at", set.performed_at);
    put("set", set.id, "notes", set.notes);
    put("set", set.id, "pain", set.pain);
    for (const [cue, ticked] of Object.entries(set.form)) put("set", set.id, `form.${cue}`, ticked);
  }
  return changes;
}
