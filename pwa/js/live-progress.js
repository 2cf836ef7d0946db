// Live progress of the open session: which of its sets count toward the stage being trained and,
// for one that does not, why in a few words. The rule is progression.js's (a set qualifies when
// not a warm-up, painless, every cue ticked, reps in the stage's range, load at least its minimum
// and not above the cap); the numbers come from the program and from `before`, the verdict on the
// log without this session (the caps and unlocks at its start, as the engine replays it).
// tests/js/live-progress.test.mjs holds it to the engine over the shared vectors. Pure: no DOM.

import { displayUnits, fromUnits } from "./display.js";
import { formatKg } from "./format.js";

// Why `set` does not count toward stage `stage` (null: it counts); undefined: not a set of it.
/** @param {Program} program @param {Verdict} before @param {Stage} stage @param {SetView} set @returns {string | null | undefined} */
export function whyNot(program, before, stage, set) {
  const id = set.exercise;
  if (typeof id !== "string" || !stage.exercises.includes(id)) return undefined;
  const pain = set.pain === true;
  if (set.kind === "warmup" && !pain) return "Warm-up: it does not count";
  if (pain) return "Pain: this set does not count";
  if (!before.unlocked.includes(id)) return "Not unlocked yet";
  const load = set.load_kg;
  const cap = before.load_caps[id];
  // The engine's tolerance: a lb load converted to kg may sit a hair above the cap it is at.
  const tolerance = program.load_tolerance_kg;
  if (cap !== undefined && load !== null && load > cap + tolerance) return `Above the ${formatKg(cap)} cap`;
  const exercise = program.exercises.find((e) => e.id === id);
  const missed = (exercise?.cues ?? []).filter((cue) => set.form[cue] !== true);
  if (missed.length > 0) {
    const name = program.cues.find((cue) => cue.id === missed[0])?.name ?? missed[0];
    return `${name} not ticked${missed.length > 1 ? ` (+${missed.length - 1})` : ""}`;
  }
  const reps = set.reps;
  const range = stage.reps;
  if (reps === null) return "No reps logged";
  if (range && (reps < range.min || reps > range.max)) return `${reps} reps: outside ${range.min}\u2013${range.max}`;
  const min = displayUnits() === "lb" && typeof stage.min_load_lb === "number" ? fromUnits(stage.min_load_lb) : stage.min_load_kg;
  if (min !== null && min !== undefined && (load === null || load < min - tolerance)) return `Below the ${formatKg(min)} minimum`;
  return null;
}

// {done, needed, why}: this session's clean sets toward stage `index`, the stage's min_sets
// (null without mastery) and the reason of the latest set that does not count (if it is newer
// than every set that does).
/** @param {Program} program @param {Verdict} before @param {SessionView} session @param {number} index @returns {LiveProgress} */
export function liveProgress(program, before, session, index) {
  const stage = program.stages[index];
  let done = 0;
  /** @type {string | null} */
  let why = null;
  for (const set of session.sets) {
    const reason = whyNot(program, before, stage, set);
    if (reason === undefined) continue;
    if (reason === null) done += 1;
    why = reason;
  }
  return { done, needed: stage.mastery ? stage.mastery.min_sets : null, why };
}
