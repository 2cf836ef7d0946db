// The lifter's data as a file: JSON (sessions with their sets, as the API reads them) or CSV (one
// row per set), built from the local replica, so export works offline too.

/** @param {SessionView[]} sessions @param {{username: string | null, nowIso: string}} about */
export function exportJson(sessions, { username, nowIso }) {
  return JSON.stringify({ format: "hinge-export", version: 1, username, exported_at: nowIso, sessions }, null, 2);
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
];

/** @param {unknown} value */
export function csvCell(value) {
  if (value === null || value === undefined) return "";
  const text = String(value);
  // Quote what would break a row, and defuse spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?[0-9.]+$/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** @param {SessionView[]} sessions */
export function exportCsv(sessions) {
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
