// Numbers, dates and sets in the words and figures the screens show.

const DAY = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short" });
const TIME = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const SHORT = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });

/** @param {number | null | undefined} kg */
export function formatKg(kg) {
  if (kg === null || kg === undefined) return null;
  return `${Number.isInteger(kg) ? kg : kg.toFixed(1).replace(/\.0$/, "")} kg`;
}

// No date (null) is not 1970, as new Date(null) would have it.
/** @param {string | null} iso */
export function formatDay(iso) {
  const date = new Date(iso ?? NaN);
  return Number.isNaN(date.getTime()) ? "Undated" : DAY.format(date);
}

/** @param {string | null} iso */
export function formatTime(iso) {
  const date = new Date(iso ?? NaN);
  return Number.isNaN(date.getTime()) ? "" : TIME.format(date);
}

/** @param {string | null} iso */
export function formatShortDate(iso) {
  const date = new Date(iso ?? NaN);
  return Number.isNaN(date.getTime()) ? "" : SHORT.format(date);
}

/** @param {string | null} iso */
export function formatAgo(iso, nowMs = Date.now()) {
  if (!iso) return "never";
  const seconds = Math.round((nowMs - new Date(iso).getTime()) / 1000);
  if (!Number.isFinite(seconds)) return "never";
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return formatShortDate(iso);
}

/** @param {number} seconds */
export function formatClock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

// "12 × 20 kg" / "12 reps · band"
/** @param {SetView} set @param {Exercise} [exercise] */
export function setLoadReps(set, exercise) {
  const reps = set.reps ?? "–";
  const load = formatKg(set.load_kg);
  if (load) return `${reps} × ${load}`;
  const equipment = exercise?.equipment ?? [];
  const bare = equipment.includes("band") ? "band" : equipment.includes("barbell") ? "bar" : "no load";
  return `${reps} reps · ${bare}`;
}

// How many of the exercise's cues were ticked: [ticked, total].
/** @param {SetView} set @param {Exercise} [exercise] */
export function cueCount(set, exercise) {
  const cues = exercise?.cues ?? [];
  return [cues.filter((cue) => set.form?.[cue] === true).length, cues.length];
}
