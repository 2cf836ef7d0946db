// The other apps' CSV exports (../shared/reference/import-formats.md): which one a file is, told by
// its header line, and one reader per format that turns a row into the fields every format shares.
// Columns are found by name, not by place, so a column an app adds or moves breaks nothing.

import { ImportError, headerOf } from "./csv.js";

/**
 * A row of any format, before the checks every format shares (importing.js). Text stays text here, so
 * the checks and their reasons are written once.
 * @typedef {object} RawRow
 * @property {string[]} workout the cells that make one workout, as the app groups rows
 * @property {number} startMs the workout's start, ms since the epoch (NaN: unreadable)
 * @property {string} startText the start as written, for the reason a row is skipped
 * @property {number | null} endMs
 * @property {string | null} sessionNotes
 * @property {string} exercise
 * @property {string | null} kind working, warmup, drop or failure; null: a type the import does not know
 * @property {string} kindText the set type as written
 * @property {string} weight
 * @property {string | null} unit "kg", "lb", or what the file says when it is neither; null: not known yet
 * @property {string} reps
 * @property {string} rpe
 * @property {boolean} timed the row has a time or a distance
 * @property {string | null} notes the set's own note
 * @property {string | null} exerciseNotes a note the app repeats on every row of an exercise
 */

/**
 * A local date and time, as the file writes it (no zone).
 * @typedef {{year: number, month: number, day: number, hour: number, minute: number, second: number}} LocalParts
 */

/**
 * What a reader needs from the caller.
 * @typedef {object} ReadContext
 * @property {(parts: LocalParts) => number} localToUtcMs
 * @property {"kg" | "lb" | null} units Strong's first generation: the unit its weights are in
 */

/**
 * A detected format: its name and the reader of its rows, fitted to the header's columns.
 * @typedef {object} Format
 * @property {string} format
 * @property {string} formatName
 * @property {string} delimiter
 * @property {boolean} needsUnits
 * @property {(cells: string[], context: ReadContext) => RawRow | string} read a row, or why it is no set
 */

/** @typedef {(name: string) => number} Columns the index of a column by its lower-case name, -1 when absent */

/** @param {string[]} header @returns {Columns} */
function columnsOf(header) {
  /** @type {Map<string, number>} */
  const index = new Map();
  header.forEach((name, i) => {
    const key = name.trim().toLowerCase();
    if (!index.has(key)) index.set(key, i);
  });
  return (name) => index.get(name) ?? -1;
}

/** @param {Columns} col @param {string[]} names */
function hasAll(col, names) {
  return names.every((name) => col(name) >= 0);
}

/** A cell by index, "" when the row is short. @param {string[]} cells @param {number} i */
function cell(cells, i) {
  return i < 0 || i >= cells.length ? "" : cells[i].trim();
}

/** @param {string} text */
function orNull(text) {
  return text === "" ? null : text;
}

/** A positive amount of seconds, minutes or distance present? @param {string} text */
function present(text) {
  const value = Number(text);
  return text !== "" && Number.isFinite(value) && value > 0;
}

/** "kg", "kgs", "lbs" … as "kg" or "lb"; anything else as written. @param {string} text */
export function unitOf(text) {
  const unit = text.trim().toLowerCase();
  if (unit === "kg" || unit === "kgs" || unit === "kilograms") return "kg";
  if (unit === "lb" || unit === "lbs" || unit === "pounds") return "lb";
  return text.trim();
}

/** The workout's title and its note as one session note. @param {string} title @param {string} notes */
function sessionNote(title, notes) {
  return orNull([title, notes].filter((part) => part !== "").join("\n\n"));
}

// ---- dates ----

const LOCAL = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const HEVY = /^(\d{1,2}) ([A-Za-z]{3})[A-Za-z]*\.? (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))? ?([AaPp][Mm])?$/;
const UTC_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** @param {number} year @param {number} month */
function daysInMonth(year, month) {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * `read` remembered for the last text it was given: every row of a workout repeats its date and
 * length, so a long export reads each only once.
 * @template T @param {(text: string) => T} read @returns {(text: string) => T}
 */
function lastOf(read) {
  /** @type {string | null} */
  let text = null;
  /** @type {T} */
  let value;
  return (next) => {
    if (next !== text) {
      value = read(next);
      text = next;
    }
    return value;
  };
}

/** Checked parts, or null for a date no calendar has (or before any of these apps). @param {number[]} n */
function partsOf([year, month, day, hour = 0, minute = 0, second = 0]) {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return { year, month, day, hour, minute, second };
}

/** "2025-09-15 07:48:00" (Strong), "2025-09-15" (FitNotes). @param {string} text */
export function localParts(text) {
  const match = LOCAL.exec(text.trim());
  return match === null ? null : partsOf(match.slice(1).map((part) => Number(part ?? 0)));
}

/** "15 Sep 2025, 07:48" (Hevy), also with seconds or AM/PM. @param {string} text */
export function hevyParts(text) {
  const match = HEVY.exec(text.trim());
  if (match === null) return localParts(text);
  const month = MONTHS.indexOf(match[2].toLowerCase()) + 1;
  let hour = Number(match[4]);
  if (match[7] !== undefined) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (match[7].toLowerCase() === "pm" ? 12 : 0);
  }
  if (month === 0) return null;
  return partsOf([Number(match[3]), month, Number(match[1]), hour, Number(match[5]), Number(match[6] ?? 0)]);
}

/** @param {LocalParts | null} parts @param {ReadContext} context */
function localMs(parts, context) {
  return parts === null ? Number.NaN : context.localToUtcMs(parts);
}

/** An ISO 8601 time with its zone (Liftosaur: "2026-03-01T10:00:00.000Z"), as ms. @param {string} text */
export function utcMs(text) {
  const match = UTC_TIME.exec(text.trim());
  if (match === null) return Number.NaN;
  const parts = partsOf(match.slice(1, 7).map((part) => Number(part ?? 0)));
  if (parts === null) return Number.NaN;
  const millis = Number((match[7] ?? "").slice(0, 3).padEnd(3, "0"));
  const offset = match[8] === undefined ? (Number(match[10]) * 60 + Number(match[11])) * (match[9] === "-" ? -1 : 1) : 0;
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, millis) - offset * 60_000;
}

/**
 * A workout's length: seconds ("3900"), "1h 5m", "65m 10s" or "1:05:00"; null when absent or unreadable.
 * @param {string} text
 */
export function durationSeconds(text) {
  const value = text.trim().toLowerCase();
  if (value === "") return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const clock = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(value);
  if (clock !== null) return Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  const units = /^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?$/.exec(value);
  if (units === null || units.slice(1).every((part) => part === undefined)) return null;
  return Number(units[1] ?? 0) * 3600 + Number(units[2] ?? 0) * 60 + Number(units[3] ?? 0);
}

/** @param {number} startMs @param {number | null} seconds */
function endAfter(startMs, seconds) {
  return seconds === null || seconds <= 0 || !Number.isFinite(startMs) ? null : startMs + seconds * 1000;
}

// ---- the formats ----

/** @type {Record<string, string>} */
const STRONG_KINDS = { w: "warmup", d: "drop", f: "failure" };

/** @param {Columns} col @returns {Format | null} */
function strong(col) {
  if (!hasAll(col, ["date", "workout name", "exercise name", "set order", "reps"])) return null;
  const date = col("date");
  const name = col("workout name");
  const number = col("workout #");
  const exercise = col("exercise name");
  const order = col("set order");
  const reps = col("reps");
  const rpe = col("rpe");
  const notes = col("notes");
  const workoutNotes = col("workout notes");
  const seconds = col("seconds");
  const distance = col("distance") >= 0 ? col("distance") : col("distance (meters)");
  const duration = [col("duration (sec)"), col("duration"), col("workout duration")].find((i) => i >= 0) ?? -1;
  const rowUnit = col("weight unit");
  let weight = col("weight");
  /** @type {"kg" | "lb" | null} */
  let headerUnit = null;
  // "Weight (lbs)" is likely but unconfirmed (import-formats.md); "(lb)" costs nothing to read too.
  for (const [column, unit] of /** @type {const} */ ([["weight (kg)", "kg"], ["weight (lbs)", "lb"], ["weight (lb)", "lb"]])) {
    if (weight < 0 && col(column) >= 0) [weight, headerUnit] = [col(column), unit];
  }
  if (weight < 0) return null;
  const firstGeneration = rowUnit < 0 && headerUnit === null;
  const dateOf = lastOf(localParts);
  const lengthOf = lastOf(durationSeconds);
  return {
    format: "strong",
    formatName: "Strong",
    delimiter: "",
    needsUnits: firstGeneration,
    read(cells, context) {
      const orderText = cell(cells, order);
      const orderKey = orderText.toLowerCase();
      if (orderKey === "rest timer") return "Rest Timer row: a rest, not a set";
      if (orderKey === "note") return "Note row: a note on the exercise, not a set";
      const dateText = cell(cells, date);
      const startMs = localMs(dateOf(dateText), context);
      const kind = /^\d+$/.test(orderText) ? "working" : (STRONG_KINDS[orderKey] ?? null);
      return {
        workout: number >= 0 ? [cell(cells, number), dateText] : [dateText, cell(cells, name)],
        startMs,
        startText: dateText,
        endMs: endAfter(startMs, lengthOf(cell(cells, duration))),
        sessionNotes: sessionNote(cell(cells, name), cell(cells, workoutNotes)),
        exercise: cell(cells, exercise),
        kind,
        kindText: orderText,
        weight: cell(cells, weight),
        unit: firstGeneration ? context.units : (headerUnit ?? unitOf(cell(cells, rowUnit))),
        reps: cell(cells, reps),
        rpe: cell(cells, rpe),
        timed: present(cell(cells, seconds)) || present(cell(cells, distance)),
        notes: orNull(cell(cells, notes)),
        exerciseNotes: null,
      };
    },
  };
}

/** @type {Record<string, string>} */
const HEVY_KINDS = { normal: "working", warmup: "warmup", failure: "failure", dropset: "drop" };

/** Hevy writes a line break in a note as the two characters \ and n. @param {string} text */
function hevyText(text) {
  return orNull(text.replaceAll("\\n", "\n").trim());
}

/** @param {Columns} col @returns {Format | null} */
function hevy(col) {
  if (!hasAll(col, ["title", "start_time", "exercise_title", "set_type", "reps"])) return null;
  const pounds = col("weight_lbs") >= 0;
  const weight = pounds ? col("weight_lbs") : col("weight_kg");
  if (weight < 0) return null;
  const [title, start, end, description] = ["title", "start_time", "end_time", "description"].map(col);
  const [exercise, notes, type, reps, rpe] = ["exercise_title", "exercise_notes", "set_type", "reps", "rpe"].map(col);
  const distance = pounds ? col("distance_miles") : col("distance_km");
  const duration = col("duration_seconds");
  const startOf = lastOf(hevyParts);
  const endOf = lastOf(hevyParts);
  return {
    format: "hevy",
    formatName: "Hevy",
    delimiter: "",
    needsUnits: false,
    read(cells, context) {
      const startText = cell(cells, start);
      const endText = cell(cells, end);
      const startMs = localMs(startOf(startText), context);
      const endMs = endText === "" ? Number.NaN : localMs(endOf(endText), context);
      const typeText = cell(cells, type);
      return {
        workout: [startText, endText, cell(cells, title)],
        startMs,
        startText,
        endMs: Number.isFinite(endMs) && endMs > startMs ? endMs : null,
        sessionNotes: sessionNote(cell(cells, title), hevyText(cell(cells, description)) ?? ""),
        exercise: cell(cells, exercise),
        kind: HEVY_KINDS[typeText.toLowerCase() || "normal"] ?? null,
        kindText: typeText,
        weight: cell(cells, weight),
        unit: pounds ? "lb" : "kg",
        reps: cell(cells, reps),
        rpe: cell(cells, rpe),
        timed: present(cell(cells, distance)) || present(cell(cells, duration)),
        notes: null,
        exerciseNotes: hevyText(cell(cells, notes)),
      };
    },
  };
}

/** @param {Columns} col @returns {Format | null} */
function fitnotes(col) {
  if (!hasAll(col, ["date", "exercise", "category", "reps"])) return null;
  const rowUnit = col("weight unit");
  /** @type {[number, string | null]} */
  const [weight, headerUnit] =
    col("weight (lbs)") >= 0 ? [col("weight (lbs)"), "lb"] : col("weight (kgs)") >= 0 ? [col("weight (kgs)"), "kg"] : [col("weight"), null];
  if (weight < 0 || (headerUnit === null && rowUnit < 0)) return null;
  const [date, exercise, reps, distance, time, comment] = ["date", "exercise", "reps", "distance", "time", "comment"].map(col);
  const dayOf = lastOf(localParts);
  return {
    format: "fitnotes",
    formatName: "FitNotes",
    delimiter: "",
    needsUnits: false,
    read(cells, context) {
      const dateText = cell(cells, date);
      const day = dayOf(dateText);
      // FitNotes keeps the day only: noon local time keeps the session on that day in the
      // history even when it is read in a zone a few hours away.
      const startMs = localMs(day === null ? null : { ...day, hour: 12, minute: 0, second: 0 }, context);
      return {
        workout: [dateText.slice(0, 10)],
        startMs,
        startText: dateText,
        endMs: null,
        sessionNotes: null,
        exercise: cell(cells, exercise),
        kind: "working",
        kindText: "",
        weight: cell(cells, weight),
        unit: headerUnit ?? unitOf(cell(cells, rowUnit)),
        reps: cell(cells, reps),
        rpe: "",
        timed: present(cell(cells, distance)) || (cell(cells, time) !== "" && durationSeconds(cell(cells, time)) !== 0),
        notes: orNull(cell(cells, comment)),
        exerciseNotes: null,
      };
    },
  };
}

/** @param {Columns} col @returns {Format | null} */
function liftosaur(col) {
  if (!hasAll(col, ["workout datetime", "exercise", "completed reps", "completed weight value"])) return null;
  const [when, programName, dayName, exercise, warmup] = ["workout datetime", "program", "day name", "exercise", "is warmup set?"].map(col);
  const [reps, rpe, weight, unit, notes] = ["completed reps", "completed rpe", "completed weight value", "completed weight unit", "notes"].map(col);
  const whenOf = lastOf(utcMs);
  return {
    format: "liftosaur",
    formatName: "Liftosaur",
    delimiter: "",
    needsUnits: false,
    read(cells) {
      const whenText = cell(cells, when);
      const warmupText = cell(cells, warmup);
      const title = [cell(cells, programName), cell(cells, dayName)].filter((part) => part !== "").join(", ");
      return {
        workout: [whenText],
        startMs: whenOf(whenText),
        startText: whenText,
        endMs: null,
        sessionNotes: orNull(title),
        exercise: cell(cells, exercise),
        kind: warmupText === "1" || warmupText.toLowerCase() === "true" ? "warmup" : "working",
        kindText: warmupText,
        weight: cell(cells, weight),
        unit: unitOf(cell(cells, unit) || "kg"),
        reps: cell(cells, reps),
        rpe: cell(cells, rpe),
        timed: false,
        notes: null,
        exerciseNotes: orNull(cell(cells, notes)),
      };
    },
  };
}

const DETECTORS = [strong, hevy, fitnotes, liftosaur];

/**
 * The format of a CSV export, told by its header line, with the delimiter that reads it.
 * @param {string} text
 * @returns {Format}
 */
export function detectFormat(text) {
  for (const delimiter of [",", ";"]) {
    let header;
    try {
      header = headerOf(text, delimiter);
    } catch {
      continue; // an unclosed quote in the first line: not a header of any of these
    }
    const col = columnsOf(header);
    for (const detect of DETECTORS) {
      const format = detect(col);
      if (format !== null) return { ...format, delimiter };
    }
  }
  const first = (/^[^\r\n]*/.exec(text.replace(/^\uFEFF/, ""))?.[0] ?? "").slice(0, 60);
  throw new ImportError(
    "This file's first line is not a Strong, Hevy, FitNotes or Liftosaur export header, nor is the file a Hinge JSON export. " +
      'Expected a first line starting with "Date,Workout Name" or "Date;Workout Name" or "Workout #" (Strong), ' +
      '"title","start_time" (Hevy), "Date,Exercise,Category" (FitNotes) or "Workout DateTime" (Liftosaur)' +
      (first === "" ? "; this file is empty." : `; this one starts with "${first}". Export in English if the app offers a language.`),
  );
}
