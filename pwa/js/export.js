// The lifter's data as a file: JSON (sessions with their sets, as the API reads them, with the
// lifter's own exercises and profile, so importing.js reads it back losslessly) or CSV (one row
// per set), built from the local replica, so export works offline too.

/** @typedef {{id: string, name: string, kind: string, deleted?: true}} ExportedExercise */
/** @typedef {{units?: string, bar_kg?: number, plates_kg?: number[]}} ExportedProfile */

/**
 * @param {SessionView[]} sessions
 * @param {{username: string | null, nowIso: string, exercises?: ExportedExercise[], profile?: ExportedProfile | null}} about
 */
export function exportJson(sessions, { username, nowIso, exercises = [], profile = null }) {
  // Sets carry their `kind` already (reduce.js); the version stays 1: the new keys are additive.
  const data = { format: "hinge-export", version: 1, username, exported_at: nowIso, profile, exercises, sessions };
  return JSON.stringify(data, null, 2);
}

/**
 * The lifter's exercises an export holds: every one not deleted, and each deleted one that an
 * exported set still names (its sets would otherwise come back nameless).
 * @param {ExportedExercise[]} exercises all of them, deleted ones marked
 * @param {SessionView[]} sessions
 */
export function exercisesToExport(exercises, sessions) {
  const named = new Set(sessions.flatMap((session) => session.sets.map((set) => set.exercise)));
  return exercises.filter((exercise) => !exercise.deleted || named.has(exercise.id));
}

const COLUMNS = [
  "session_id",
  "session_started_at",
  "session_ended_at",
  "set_id",
  "position",
  "performed_at",
  "exercise",
  "load_kg",
  "reps",
  "rpe",
  "pain",
  "cues_ticked",
  "cues_unticked",
  "notes",
  // Added after the first columns, so a sheet built on the old column order keeps working.
  "kind",
  "exercise_name",
];

/** @param {unknown} value */
export function csvCell(value) {
  if (value === null || value === undefined) return "";
  const text = String(value);
  // Quote what would break a row, and defuse spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?[0-9.]+$/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * @param {SessionView[]} sessions
 * @param {{program?: Program | null, exercises?: ExportedExercise[]}} [names] where the exercise_name column comes from
 */
export function exportCsv(sessions, { program = null, exercises = [] } = {}) {
  /** @type {Map<string, string>} */
  const nameOf = new Map([...(program?.exercises ?? []), ...exercises].map((exercise) => [exercise.id, exercise.name]));
  const rows = [COLUMNS.join(",")];
  for (const session of [...sessions].reverse()) {
    for (const set of session.sets) {
      const form = Object.entries(set.form ?? {});
      const row = [
        session.id,
        session.started_at,
        session.ended_at,
        set.id,
        set.position,
        set.performed_at,
        set.exercise,
        set.load_kg,
        set.reps,
        set.rpe,
        set.pain === null ? null : set.pain ? "true" : "false",
        form.filter(([, ticked]) => ticked).map(([cue]) => cue).join(" "),
        form.filter(([, ticked]) => !ticked).map(([cue]) => cue).join(" "),
        set.notes,
        set.kind ?? "working",
        set.exercise === null ? null : (nameOf.get(set.exercise) ?? null),
      ];
      rows.push(row.map(csvCell).join(","));
    }
  }
  return `${rows.join("\r\n")}\r\n`;
}

/** @param {string} filename @param {string} text @param {string} type */
export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
