// What the lifter does, as changes to the log: pure functions from sessions, the program and the
// verdict to field changes and to the plain words the screens show. No DOM, no storage, no clock.

import { ownExercise } from "./display.js";
import { formatKg, formatVolume } from "./format.js";
import { newId } from "./ids.js";
import { rfc3339Instant } from "./reduce.js";

// A set joins the open session when the lifter was active in it within the last hour; after a
// longer break (or Finish session) the next set starts a new session.
export const SESSION_GAP_MS = 60 * 60 * 1000;

/** @param {unknown} value */
export function instantMs(value) {
  const instant = rfc3339Instant(value);
  return instant === null ? null : instant[0] * 1000 + Math.floor(instant[1] / 1000);
}

/** @param {SessionView} session */
export function lastActivityMs(session) {
  let last = instantMs(session.started_at) ?? -Infinity;
  for (const set of session.sets) last = Math.max(last, instantMs(set.performed_at) ?? -Infinity);
  return last;
}

// The session a new set joins: the newest one, not finished, active within SESSION_GAP_MS.
// Reopening one (`resumed`: Undo or Resume session, and when) counts as activity in it, so a
// session resumed after a long break is open for the next hour, not for ever.
/** @typedef {{ id: string, atMs: number }} Resumed */
/** @param {SessionView[]} sessions @param {number} nowMs @param {Resumed | null} [resumed] */
export function currentSession(sessions, nowMs, resumed = null) {
  const session = newestSession(sessions);
  if (session === null || session.ended_at !== null) return null;
  const resumedAt = session.id === resumed?.id ? resumed.atMs : -Infinity;
  return nowMs - Math.max(lastActivityMs(session), resumedAt) <= SESSION_GAP_MS ? session : null;
}

/** @param {SessionView[]} sessions */
const newestSession = (sessions) => sessions.find((session) => instantMs(session.started_at) !== null) ?? null;

// What Resume session reopens: the newest session, finished.
/** @param {SessionView[]} sessions */
export function resumableSession(sessions) {
  const session = newestSession(sessions);
  return session?.ended_at ? session : null;
}

// The newest set of `exercise` (sessions come newest first, sets in order).
/** @param {SessionView[]} sessions @param {string} exercise @returns {SetView | null} */
export function lastSetOf(sessions, exercise) {
  for (const session of sessions) {
    for (let i = session.sets.length - 1; i >= 0; i -= 1) {
      if (session.sets[i].exercise === exercise) return session.sets[i];
    }
  }
  return null;
}

/** @param {number} ms */
export function isoAt(ms) {
  return new Date(ms).toISOString();
}

// The changes of logging one set: a new session first when none is open.
/** @param {LoggedValues & {session: SessionView | null, nowMs: number, program: Program, ids?: (ms: number) => string}} log */
export function logSetChanges({ session, nowMs, exercise, loadKg, reps, rpe, cues, pain, notes, kind, program, ids = newId }) {
  const changes = [];
  let sessionId = session?.id;
  let position = 0;
  if (session) {
    for (const set of session.sets) if (typeof set.position === "number") position = Math.max(position, set.position + 1);
  } else {
    sessionId = ids(nowMs);
    changes.push({ entity: "session", entity_id: sessionId, field: "started_at", value: isoAt(nowMs) });
  }
  const setId = ids(nowMs);
  /** @param {string} field @param {unknown} value */
  const put = (field, value) => changes.push({ entity: "set", entity_id: setId, field, value });
  put("session_id", sessionId);
  put("exercise", exercise);
  put("load_kg", loadKg);
  put("reps", reps);
  put("rpe", rpe);
  for (const cue of exerciseOf(program, exercise).cues) put(`form.${cue}`, cues[cue] === true);
  put("pain", pain === true);
  put("performed_at", isoAt(nowMs));
  put("position", position);
  if (notes) put("notes", notes);
  if (kind && kind !== "working") put("kind", kind); // absent is a working set
  return { changes, setId, sessionId };
}

// The changes that turn set `before` into `after` (only fields that differ).
/** @param {SetView} before @param {EditedValues} after @param {Program} program */
export function editSetChanges(before, after, program) {
  /** @type {FieldChange[]} */
  const changes = [];
  /** @param {string} field @param {unknown} value */
  const put = (field, value) => changes.push({ entity: "set", entity_id: before.id, field, value });
  for (const field of /** @type {const} */ (["exercise", "load_kg", "reps", "rpe", "pain"])) {
    if (after[field] !== before[field]) put(field, after[field]);
  }
  for (const cue of exerciseOf(program, after.exercise).cues) {
    const ticked = after.form[cue] === true;
    if (ticked !== (before.form[cue] === true) || !(cue in before.form)) put(`form.${cue}`, ticked);
  }
  if (after.notes !== undefined && after.notes !== (before.notes ?? "")) put("notes", after.notes);
  return changes;
}

/** @param {string} setId @returns {FieldChange[]} */
export function deleteSetChanges(setId, deleted = true) {
  return [{ entity: "set", entity_id: setId, field: "deleted", value: deleted }];
}

/** @param {SessionView} session @param {number} nowMs @returns {FieldChange[]} */
export function finishSessionChanges(session, nowMs) {
  return [{ entity: "session", entity_id: session.id, field: "ended_at", value: isoAt(nowMs) }];
}

// Undo and Resume session: ended_at null. Or the session's notes.
/** @param {SessionView} session @returns {FieldChange[]} */
export function sessionChanges(session, field = "ended_at", value = /** @type {unknown} */ (null)) {
  return [{ entity: "session", entity_id: session.id, field, value }];
}

// "42 min · 6 sets · 1,250 kg · 4 counted" (working sets, no pain, every cue ticked).
/** @param {SessionView} session @param {Program} program */
export function sessionSummary(session, program) {
  const start = instantMs(session.started_at) ?? 0;
  const end = instantMs(session.ended_at) ?? lastActivityMs(session);
  const minutes = Math.max(0, Math.round((end - start) / 60000));
  let volume = 0;
  let counted = 0;
  for (const set of session.sets) {
    if (set.kind === "warmup") continue;
    volume += (set.load_kg ?? 0) * (set.reps ?? 0);
    const cues = exerciseOf(program, set.exercise).cues;
    if (set.pain !== true && cues.every((cue) => set.form[cue] === true)) counted += 1;
  }
  const n = session.sets.length;
  return `${minutes} min · ${n} set${n === 1 ? "" : "s"} · ${formatVolume(volume)} · ${counted} counted`;
}

// ---- one set as a logbook row ----

// "60 kg × 10" (or "Band × 12" / "Bodyweight × 12" without a load, from the exercise's equipment),
// "✓" when every cue is ticked or "missed: Hips back" (and "+1", the others missed), "Pain", "RPE 8".
/** @param {SetView} set @param {Program} program @returns {SetRowText} */
export function setRowText(set, program) {
  const exercise = exerciseOf(program, set.exercise);
  const load = formatKg(set.load_kg) ?? ((exercise.equipment ?? []).includes("band") ? "Band" : "Bodyweight");
  const missed = exercise.cues.filter((cue) => set.form?.[cue] !== true);
  const clean = exercise.cues.length > 0 && missed.length === 0;
  const cues = exercise.cues.length === 0 ? null : clean ? "✓" : `missed: ${cueOf(program, missed[0]).name}`;
  const more = missed.length > 1 ? `+${missed.length - 1}` : null;
  const rpe = set.rpe === null || set.rpe === undefined ? null : `RPE ${set.rpe}`;
  const loadReps = `${load} × ${set.reps ?? "–"}`;
  return { loadReps, exercise: exercise.name, cues, more, clean, pain: set.pain === true, rpe };
}

// ---- the bar ----

// A warm-up ramp to a barbell working load: the empty bar, then about 40, 60 and 80 % of it, each
// rounded down to what the plates make (`loadable`), lighter steps dropped when they repeat one.
// [{load, reps}] in the load's units; empty when the working load is not above the bar.
/** @param {number} working @param {number} bar @param {(load: number) => number} loadable */
export function warmupRamp(working, bar, loadable) {
  if (!(working > bar)) return [];
  const ramp = [{ load: bar, reps: 10 }];
  for (const [share, reps] of [[0.4, 5], [0.6, 3], [0.8, 2]]) {
    const load = loadable(working * share);
    if (load > ramp[ramp.length - 1].load && load < working) ramp.push({ load, reps });
  }
  return ramp;
}

// ---- the program, by id ----

// The program's exercise, else the lifter's own (no cues: never judged), else an id the program
// lacks names itself; a set without one yet (ops on their way) is nameless.
/** @param {Program} program @param {string | null} id @returns {Exercise} */
export function exerciseOf(program, id) {
  const found = program.exercises.find((exercise) => exercise.id === id);
  if (found) return found;
  const own = ownExercise(id);
  if (own) return { id: own.id, name: own.name, plural: own.name, equipment: [own.kind], cues: [] };
  return { id: id ?? "", name: id ?? "", plural: id ?? "", cues: [] };
}

/** @param {Program} program @param {string} id */
export function cueOf(program, id) {
  return program.cues.find((cue) => cue.id === id) ?? { id, name: id, explanation: "" };
}

/** @param {Program} program @param {string} id */
export function stageOf(program, id) {
  return program.stages.find((stage) => stage.id === id);
}

// ---- what to train now, in plain words ----

// {stage, index, exercise, headline, why, progress: [done, needed] | null, advice}
/** @param {Program} program @param {Verdict} verdict @returns {Focus} */
export function trainNow(program, verdict) {
  const stages = verdict.stages;
  const suspended = stages.findIndex((stage) => stage.status === "suspended");
  if (suspended > 0) {
    const stage = program.stages[suspended - 1];
    return {
      stage,
      index: suspended - 1,
      exercise: stage.exercises[0],
      why: stages[suspended].missing[0] ?? "",
      progress: null,
      held: program.stages[suspended].name,
    };
  }
  let index = stages.findIndex((stage) => stage.status === "active");
  if (index < 0) index = stages.length - 1;
  const stage = program.stages[index];
  const verdictStage = stages[index];
  const next = program.stages[index + 1];
  let why = verdictStage.missing[0] ?? "";
  if (why && next && verdictStage.progress.needed_sessions !== null) why = `${why} unlocks ${next.label}`;
  const done = verdictStage.progress.qualifying_sessions;
  const needed = verdictStage.progress.needed_sessions;
  return {
    stage,
    index,
    exercise: stage.exercises[0],
    why: why ? `${why}.` : "",
    progress: needed === null ? null : [done, needed],
    held: null,
  };
}

// One line for the warm-up: the newest mastered exercise, or an easy set of today's work.
/** @param {Program} program @param {Verdict} verdict @param {string} focusExercise */
export function warmupText(program, verdict, focusExercise) {
  const reps = program.warmup?.reps;
  const range = reps ? `${reps.min}\u2013${reps.max} reps` : "easy reps";
  const mastered = verdict.warmup;
  if (mastered.length > 0) {
    const exercise = exerciseOf(program, mastered[mastered.length - 1]);
    return `${capitalise(exercise.plural)}, ${range}, before heavier work.`;
  }
  const exercise = exerciseOf(program, focusExercise);
  return `One light set of ${exercise.plural}, ${range}, before your working sets.`;
}

/** @param {string} text */
export function capitalise(text) {
  return text.slice(0, 1).toUpperCase() + text.slice(1);
}

// The deadlift cap over time from the verdict's history: [{date, kg}], oldest first.
/** @param {Program} program @param {Verdict} verdict @param {string | null} [nowIso] */
export function capSeries(program, verdict, exercise = "deadlift", nowIso = null) {
  const start = program.load_caps.start_kg[exercise];
  const points = [];
  for (const event of verdict.history) {
    if (event.exercise !== exercise) continue;
    if (event.event === "unlocked") points.push({ date: event.date, kg: start });
    else if (["cap_raised", "cap_lowered", "suspended"].includes(event.event)) {
      const match = /to ([0-9]+(?:\.[0-9]+)?) kg/.exec(event.detail);
      if (match) points.push({ date: event.date, kg: Number(match[1]) });
    }
  }
  const current = verdict.load_caps[exercise];
  if (points.length > 0 && current !== undefined && nowIso !== null) points.push({ date: nowIso, kg: current });
  return points;
}
