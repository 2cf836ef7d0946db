// Which names in other apps' exports are the program's hinge exercises. Data, not code, so a
// lifter's own spellings can be added (parseImport's `names` option) without touching the matcher.

/** Names seen in Strong, Hevy, FitNotes and Liftosaur exports, by program exercise id. */
export const EXERCISE_NAMES = {
  deadlift: ["Deadlift (Barbell)", "Deadlift", "Conventional Deadlift"],
  romanian_deadlift: ["Romanian Deadlift (Barbell)", "Romanian Deadlift", "RDL"],
  stiff_leg_deadlift: ["Stiff Leg Deadlift", "Straight Leg Deadlift (Barbell)", "Straight Leg Deadlift"],
  kettlebell_swing: ["Kettlebell Swing", "Kettlebell Swings"],
  pull_through: ["Cable Pull Through", "Pull Through (Band)", "Pull Through"],
  hip_thrust: ["Hip Thrust (Barbell)", "Hip Thrust"],
};

const BRACKETS = /\s*[([]([^)\]]*)[)\]]/g;

/**
 * A name as the matcher compares it: lower case, hyphens, underscores and runs of spaces as one
 * space, bracketed parts gone, and a final plural "s" dropped ("Kettlebell Swings (KB)" is
 * "kettlebell swing").
 * @param {string} name
 */
export function nameKey(name) {
  const words = name.replace(BRACKETS, " ").toLowerCase().replace(/[-_\s]+/g, " ").trim();
  return words.length > 3 && words.endsWith("s") && !words.endsWith("ss") ? words.slice(0, -1) : words;
}

/** The equipment named in brackets, lower case ("Deadlift (Trap Bar)" -> ["trap bar"]). @param {string} name */
export function bracketed(name) {
  return [...name.matchAll(BRACKETS)].map((match) => match[1].trim().toLowerCase()).filter((word) => word !== "");
}

/** Spelling of a file's name as the lifter wrote it, tidied: trimmed, one space between words. @param {string} name */
export function tidyName(name) {
  return name.trim().replace(/\s+/g, " ");
}

/**
 * A matcher from a file's exercise names to program exercise ids: the table, the program's own
 * names and plurals, and the lifter's `extra` spellings. Equipment in brackets must be equipment
 * the program's exercise uses: "Romanian Deadlift (Dumbbell)" is another lift, and mapping it onto a
 * load-gated barbell exercise would put dumbbell loads into that exercise's records and caps.
 * @param {Program} program
 * @param {Record<string, string>} [extra] file name -> program exercise id
 * @returns {(name: string) => string | null}
 */
export function programMatcher(program, extra = {}) {
  /** @type {Map<string, string>} */
  const byKey = new Map();
  /** @type {Map<string, Set<string>>} */
  const equipment = new Map();
  // What may stand in brackets: the exercise's equipment, and whatever the program's name or the
  // table's spellings bracket themselves ("Hip thrust (posterior pelvic tilt)").
  /** @param {string} id @param {string} name */
  const add = (id, name) => {
    byKey.set(nameKey(name), id);
    for (const word of bracketed(name)) equipment.get(id)?.add(word);
  };
  for (const exercise of program.exercises) {
    equipment.set(exercise.id, new Set((exercise.equipment ?? []).map((word) => word.toLowerCase())));
    for (const name of [exercise.id, exercise.name, exercise.plural]) add(exercise.id, name);
  }
  for (const [id, names] of Object.entries(EXERCISE_NAMES)) {
    if (!equipment.has(id)) continue; // a program without this exercise
    for (const name of names) add(id, name);
  }
  /** @type {Map<string, string>} */
  const exact = new Map();
  for (const [name, id] of Object.entries(extra)) if (equipment.has(id)) exact.set(tidyName(name).toLowerCase(), id);
  return (name) => {
    const own = exact.get(tidyName(name).toLowerCase());
    if (own !== undefined) return own;
    const id = byKey.get(nameKey(name));
    if (id === undefined) return null;
    const allowed = /** @type {Set<string>} */ (equipment.get(id));
    return bracketed(name).every((word) => allowed.has(word)) ? id : null;
  };
}

/** The kind of a custom exercise, guessed from its name's equipment. @param {string} name */
export function guessKind(name) {
  const text = name.toLowerCase();
  if (/\bbarbell\b|\bsmith\b|\bez bar\b|\btrap bar\b/.test(text)) return "barbell";
  if (/\bdumbbells?\b/.test(text)) return "dumbbell";
  if (/\bkettlebells?\b/.test(text)) return "kettlebell";
  if (/\bmachine\b|\bcable\b|\blever\b/.test(text)) return "machine";
  if (/\bbands?\b/.test(text)) return "band";
  if (/\bbodyweight\b|\bassisted\b|\bweighted\b|\bpull[- ]?ups?\b|\bchin[- ]?ups?\b|\bpush[- ]?ups?\b|\bdips?\b|\bplank\b/.test(text)) return "bodyweight";
  return "other";
}
