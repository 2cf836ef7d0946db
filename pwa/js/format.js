// Numbers, dates and sets in the words and figures the screens show.

import { displayUnits, toUnits } from "./display.js";

const DAY = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short" });
const TIME = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const SHORT = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });

// A load stored in kg, in the lifter's units (display.js) rounded to 0.1: "102.5 kg", "225 lb".
/** @param {number | null | undefined} kg */
export function formatKg(kg) {
  if (kg === null || kg === undefined) return null;
  return `${formatNumber(toUnits(kg))} ${displayUnits()}`;
}

// A number as a load field shows it: at most one decimal (a plate: two, 1.25), none when whole.
/** @param {number} value */
export const formatNumber = (value, decimals = 1) => String(Math.round(value * 10 ** decimals) / 10 ** decimals);

// A session's volume (kg × reps), whole, with the thousands grouped: "1,250 kg".
/** @param {number} kg */
export const formatVolume = (kg) => `${Math.round(toUnits(kg)).toLocaleString("en")} ${displayUnits()}`;

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

// A sign-in or sign-up failure in our own words, next to the field it is about. The server's
// detail ("password: must be 8 to 256 characters, got 5") only says which field (the part before
// its first ':'); its wording never reaches the screen.
/** @typedef {"username" | "password" | "name"} AuthField */
/**
 * @param {number} status 0 when there was no answer @param {string} detail
 * @param {number | null} [retryAfterS] the answer's Retry-After, in seconds
 * @returns {{field: AuthField | null, text: string}}
 */
export function authProblem(status, detail, retryAfterS = null) {
  const named = /^\s*([A-Za-z_]+)\s*:/.exec(detail)?.[1]?.toLowerCase();
  const field = named === "username" || named === "password" || named === "name" ? named : null;
  if (status === 0) return { field: null, text: "No connection. Signing in needs the internet once; after that Hinge works offline." };
  if (status === 409) return { field: "username", text: "That username is taken. Pick another, or sign in." };
  if (status === 401) return { field: "password", text: "Wrong username or password." };
  if (status === 429) return { field: null, text: `Too many tries; wait ${waitText(retryAfterS ?? 15 * 60)} and try again.` };
  if (status === 503) return { field: null, text: "The server is busy right now. Try again in a moment." };
  if (status === 400 || status === 422) {
    if (field === "password") return { field, text: "Use a password of 8 to 256 characters, not only spaces." };
    if (field === "username") return { field, text: "Use 3 to 64 characters for the username: a–z, 0–9, dot, dash or underscore." };
    if (field === "name") return { field, text: "Give this device a name of 1 to 64 characters." };
  }
  if (status >= 500) return { field: null, text: "The server had a problem. Try again in a minute." };
  return { field: null, text: "That did not work. Check the form and try again." };
}

/** @param {number} seconds */
function waitText(seconds) {
  if (seconds < 90) return "a minute";
  const minutes = Math.ceil(seconds / 60);
  return minutes < 90 ? `${minutes} minutes` : `${Math.ceil(minutes / 60)} hours`;
}
