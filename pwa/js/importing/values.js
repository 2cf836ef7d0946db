// The value rules of sync/values.py and sync/ops.py that imported values must meet, so nothing the
// import writes is refused by the server later (where one bad op would be set aside, not synced).

import { isUuid } from "../ids.js";
import { rfc3339Instant } from "../reduce.js";

export const MAX_TEXT = 2000;
export const MAX_NAME = 80;
export const MAX_LOAD_KG = 1000;
export const MAX_REPS = 1000;
export const SET_KINDS = new Set(["working", "warmup", "drop", "failure"]);
export const EXERCISE_KINDS = new Set(["barbell", "dumbbell", "kettlebell", "machine", "band", "bodyweight", "other"]);

export { isUuid };

/** A string the server stores: lone surrogates become U+FFFD (no UTF-8 store takes them). @param {string} text */
export function wellFormed(text) {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

/** Length in code points, as the protocol counts it. @param {string} text */
export function codePoints(text) {
  let n = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 === text.length) n += 1;
    else {
      n += 1;
      i += 1;
    }
  }
  return n;
}

/**
 * Text cut to `max` code points: a note longer than the protocol allows keeps its first 2,000
 * characters rather than costing the lifter the whole set.
 * @param {string} text @param {number} max
 */
export function clip(text, max) {
  const clean = wellFormed(text);
  return codePoints(clean) <= max ? clean : [...clean].slice(0, max).join("");
}

/** @param {unknown} value @returns {value is number} */
export function isNumber(value) {
  return typeof value === "number" && Number.isFinite(value);
}

/** @param {unknown} value */
export function isDateTime(value) {
  return rfc3339Instant(value) !== null;
}

/** @param {unknown} value */
export function isLoad(value) {
  return value === null || (isNumber(value) && value >= 0 && value <= MAX_LOAD_KG);
}

/** @param {unknown} value */
export function isReps(value) {
  return Number.isInteger(value) && /** @type {number} */ (value) >= 0 && /** @type {number} */ (value) <= MAX_REPS;
}

/** @param {unknown} value */
export function isRpe(value) {
  return value === null || (isNumber(value) && value >= 1 && value <= 10 && Number.isInteger(value / 0.5));
}

/** @param {unknown} value */
export function isPosition(value) {
  return isNumber(value) && Math.abs(value) <= 2 ** 53;
}

/** @param {unknown} value @param {number} max @param {number} [min] */
export function isText(value, max, min = 0) {
  if (typeof value !== "string" || wellFormed(value) !== value) return false;
  const length = codePoints(value);
  return length >= min && length <= max;
}
