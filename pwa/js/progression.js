// The progression verdict: the mirror of server/progression/engine.py and rules.py, step for step.
//
// verdict(program, sessions, { units }) replays visible sessions oldest first (as
// reduceSessions(..., {newestFirst: false}) gives them) against the program JSON object (the body
// of GET /api/v1/program, or program.json read from disk), for a lifter whose profile units are
// "kg" (the default) or "lb". The readings of design.md where it leaves room are listed in
// engine.py's docstring; tests/vectors/ keeps both evaluators identical.
// Pure: no DOM, no clock, runs in Node 20 and the browser.

import { reduceSessions, rfc3339Instant } from "./reduce.js";

const ASSISTANCE = -1;
const WARMUP = "warmup"; // the set kind that counts for nothing (sync/ops.py WARMUP)
const SEE_A_PROFESSIONAL = "Rest, and if the pain persists, see a doctor or physiotherapist.";
/** One pound in kilograms, exactly (server/progression/program.py KG_PER_LB). */
export const KG_PER_LB = 0.45359237;
const MICROGRAMS_PER_KG = 1e9;
// The events whose cap_kg is the exercise's cap, when it has one (engine.py _CAP_EVENTS).
const CAP_EVENTS = new Set(["unlocked", "cap_raised", "cap_lowered", "suspended"]);

// ---- wording (rules.py) ----

/** @param {number} value */
const numberText = (value) => String(value);
/** @param {number} count */
const pluralS = (count) => (count === 1 ? "" : "s");
/** @param {string} text */
const sentence = (text) => text.slice(0, 1).toUpperCase() + text.slice(1);
/** @param {string} plural @param {number} sessions */
const painText = (plural, sessions) =>
  `pain in ${plural} in ${sessions} session${pluralS(sessions)} in a row`;

/** "105 lb", "102.5 kg": a program load in the lifter's units. @param {Rules} rules @param {number} value */
const loadText = (rules, value) => `${numberText(value)} ${rules.units}`;

/** @param {Rules} rules @param {StageRule} stage @param {number} count */
function setsPhrase(rules, stage, count) {
  let text = `${count} clean set${pluralS(count)} of `;
  if (stage.reps) text += `${stage.reps.min}\u2013${stage.reps.max} `;
  text += stage.label;
  if (stage.minLoad !== null) text += ` at ${loadText(rules, stage.minLoad)} or more`;
  if (stage.gated) text += " within the load cap";
  return text;
}

/** @param {number} done @param {number} needed @param {string} sets */
function sessionsPhrase(done, needed, sets) {
  if (done === 0) {
    return needed === 1 ? `1 session with ${sets}` : `${needed} sessions in a row with ${sets}`;
  }
  const left = needed - done;
  return left === 1 ? `1 more session with ${sets}` : `${left} more sessions in a row with ${sets}`;
}

// ---- the program compiled into lookups (rules.py) ----

// A load of the program in the lifter's units, in kg, rounded to the microgram (rules.py in_kg).
/** @param {number} value @param {Units} units */
const inKg = (value, units) =>
  units === "kg" ? value : Math.floor(value * KG_PER_LB * MICROGRAMS_PER_KG + 0.5) / MICROGRAMS_PER_KG;

// The stage's minimum load in the lifter's units, or null.
/** @param {Stage} stage @param {Units} units @returns {number | null} */
const stageMinimum = (stage, units) => (units === "lb" ? stage.min_load_lb : stage.min_load_kg) ?? null;

// The program compiled for one lifter's units: a "lb" lifter's caps, steps, bells and minimum load
// are the file's pound numbers (rules.py Rules).
/** @param {Program} program @param {Units} units @returns {Rules} */
function compileRules(program, units) {
  if (units !== "kg" && units !== "lb") throw new Error(`units: expected 'kg' or 'lb', got ${JSON.stringify(units)}`);
  const lb = units === "lb";
  const tolerance = program.load_tolerance_kg;
  const startKg = program.load_caps.start_kg;
  const starts = lb ? program.load_caps.start_lb : startKg;
  /** @type {Table<string, number>} */
  const stageOf = new Map();
  program.stages.forEach((stage, index) => {
    for (const exercise of stage.exercises) stageOf.set(exercise, index);
  });
  const order = program.exercises.map((exercise) => exercise.id);
  /** @type {Table<string, ExerciseRule>} */
  const exercises = new Map();
  for (const exercise of program.exercises) {
    const index = stageOf.has(exercise.id) ? stageOf.get(exercise.id) : ASSISTANCE;
    const stage = index === ASSISTANCE ? null : program.stages[index];
    const reps = stage === null ? null : (stage.reps ?? null);
    const minimum = stage === null ? null : stageMinimum(stage, units);
    exercises.set(exercise.id, {
      id: exercise.id,
      name: exercise.name,
      plural: exercise.plural,
      cues: exercise.cues,
      stage: index,
      start: Object.hasOwn(starts, exercise.id) ? starts[exercise.id] : null,
      minReps: reps === null ? null : reps.min,
      maxReps: reps === null ? null : reps.max,
      // In kilograms, less the tolerance: what a set's load_kg must reach.
      minLoad: minimum === null ? null : inKg(minimum, units) - tolerance,
    });
  }
  const stages = program.stages.map((stage, index) => ({
    index,
    id: stage.id,
    name: stage.name,
    label: stage.label,
    reps: stage.reps ?? null,
    exercises: stage.exercises,
    minLoad: stageMinimum(stage, units),
    needed: stage.mastery ? stage.mastery.sessions_in_a_row : null,
    minSets: stage.mastery ? stage.mastery.min_sets : null,
    gated: stage.exercises.some((exercise) => Object.hasOwn(startKg, exercise)),
  }));
  const caps = program.load_caps;
  const bells = program.kettlebell;
  return {
    units,
    tolerance,
    order,
    exercises,
    stages,
    gated: order.filter((exercise) => exercises.get(exercise).start !== null),
    steps: lb
      ? caps.steps_lb.map((step) => [step.below_lb ?? null, step.step_lb])
      : caps.steps.map((step) => [step.below_kg ?? null, step.step_kg]),
    raiseSets: caps.raise.min_working_sets,
    raiseReps: caps.raise.min_reps,
    raiseRpe: caps.raise.max_rpe,
    sloppySessions: caps.lower.sloppy_sessions_in_a_row,
    painSessions: program.pain.sessions_in_a_row,
    resumeSets: program.pain.resume_min_sets,
    bellExercise: bells.exercise,
    bellSizes: lb ? bells.sizes_lb : bells.sizes_kg,
    bellReps: bells.next_bell_reps,
  };
}

// A load in the lifter's units (a cap, a bell) in kilograms, as the verdict gives it.
/** @param {Rules} rules @param {number} value */
const toKg = (rules, value) => inKg(value, rules.units);

/** @param {Rules} rules @param {number} cap */
function capUp(rules, cap) {
  for (const [below, step] of rules.steps) {
    if (below === null || cap < below) return cap + step;
  }
  throw new Error("the last step is unbounded");
}

/** @param {Rules} rules @param {number} cap @param {number} start */
function capDown(rules, cap, start) {
  for (const [below, step] of rules.steps) {
    if (below === null || cap <= below) return Math.max(cap - step, start);
  }
  throw new Error("the last step is unbounded");
}

// The smallest bell (in the lifter's units) heavier than loadKg by more than the tolerance.
/** @param {Rules} rules @param {number} loadKg */
function nextBell(rules, loadKg) {
  for (const size of rules.bellSizes) if (inKg(size, rules.units) - loadKg > rules.tolerance) return size;
  return null;
}

/** @param {Record<string, boolean>} form @param {string[]} cues */
function clean(form, cues) {
  for (const cue of cues) if (form[cue] !== true) return false;
  return true;
}

// ---- the replay (engine.py) ----

class Replay {
  /** @param {Rules} rules */
  constructor(rules) {
    this.rules = rules;
    const count = rules.stages.length;
    /** @type {boolean[]} */
    this.mastered = new Array(count).fill(false);
    /** @type {number[]} */
    this.run = new Array(count).fill(0);
    /** @type {(string | null)[]} */
    this.suspendedBy = new Array(count).fill(null);
    // Caps in the lifter's units (the program's own numbers), turned into kg to compare and to show.
    this.caps = /** @type {Table<string, number>} */ (new Map(rules.gated.map((e) => [e, rules.exercises.get(e).start]))); // gated: start set
    this.sloppyRun = /** @type {Table<string, number>} */ (new Map(rules.gated.map((e) => [e, 0])));
    this.painRun = /** @type {Table<string, number>} */ (new Map(rules.order.map((e) => [e, 0])));
    /** @type {string[]} */
    this.aboveCap = [];
    /** @type {HistoryEvent[]} */
    this.history = [];
    /** @type {number | null} */
    this.bell = null;
  }

  unlockedStages() {
    const result = [];
    let openSoFar = true;
    for (let index = 0; index < this.rules.stages.length; index += 1) {
      /** @type {boolean} */
      const thisOpen = openSoFar && this.suspendedBy[index] === null;
      result.push(thisOpen);
      openSoFar = thisOpen && this.mastered[index];
    }
    return result;
  }

  /** @param {DatedSession} session @param {string} event @param {string} exercise @param {string} detail @returns {HistoryEvent} */
  event(session, event, exercise, detail) {
    const capKg = CAP_EVENTS.has(event) && this.caps.has(exercise) ? toKg(this.rules, this.caps.get(exercise)) : null;
    const added = { session_id: session.id, date: session.started_at, event, exercise, detail, cap_kg: capKg };
    this.history.push(added);
    return added;
  }

  /** @param {ExerciseRule} rule @param {boolean[]} unlocked */
  isOpen(rule, unlocked) {
    return rule.stage === ASSISTANCE || unlocked[rule.stage];
  }

  /** @param {DatedSession} session @param {boolean[]} unlocked */
  facts(session, unlocked) {
    const rules = this.rules;
    /** @type {Map<string, SetView[]>} */
    const groups = new Map();
    for (const set of session.sets) {
      const exercise = set.exercise;
      // A warm-up counts for nothing and is never above the cap; only its pain is heard.
      const warmup = set.kind === WARMUP;
      if (typeof exercise !== "string" || (warmup && set.pain !== true)) continue;
      /** @type {ExerciseRule | undefined} */
      const rule = rules.exercises.get(exercise);
      if (rule === undefined) continue;
      // Above-cap sets in replay order: the cap and lock state are those at the session's start.
      if (rule.start !== null && !warmup && this.isOpen(rule, unlocked)) {
        const load = set.load_kg;
        const capHigh = toKg(rules, this.caps.get(exercise)) + rules.tolerance;
        if (load !== null && load > capHigh) this.aboveCap.push(set.id);
      }
      const list = groups.get(exercise);
      if (list === undefined) groups.set(exercise, [set]);
      else list.push(set);
    }
    /** @type {Map<string, Facts>} */
    const result = new Map();
    for (const exercise of rules.order) {
      const sets = groups.get(exercise);
      if (sets !== undefined) {
        const rule = rules.exercises.get(exercise);
        result.set(exercise, this.exerciseFacts(rule, sets, this.isOpen(rule, unlocked)));
      }
    }
    return result;
  }

  /** @param {ExerciseRule} rule @param {SetView[]} sets @param {boolean} isOpen */
  exerciseFacts(rule, sets, isOpen) {
    const rules = this.rules;
    const facts = { pain: false, qualifying: 0, working: false, sloppy: false, raising: 0 };
    const capKg = isOpen && this.caps.has(rule.id) ? toKg(rules, this.caps.get(rule.id)) : null;
    // A load above capHigh is above the cap; one from capLow up to capHigh is at it.
    const capHigh = capKg === null ? null : capKg + rules.tolerance;
    const capLow = capKg === null ? null : capKg - rules.tolerance;
    const bell = rule.id === rules.bellExercise;
    let bellOk = isOpen;
    let bellLoad = null;
    for (const set of sets) {
      const pain = set.pain === true;
      const isClean = clean(set.form, rule.cues);
      const load = set.load_kg;
      const reps = set.reps;
      if (pain) facts.pain = true;
      if (set.kind === WARMUP) continue;
      if (bell) {
        if (pain || !isClean || reps === null || reps < rules.bellReps) bellOk = false;
        if (load !== null && (bellLoad === null || load > bellLoad)) bellLoad = load;
      }
      if (capHigh !== null && load !== null && load > capHigh) continue;
      const qualifying =
        isOpen &&
        !pain &&
        isClean &&
        reps !== null &&
        (rule.minReps === null || rule.minReps <= reps) &&
        (rule.maxReps === null || reps <= rule.maxReps) &&
        (rule.minLoad === null || (load !== null && load >= rule.minLoad));
      if (qualifying) facts.qualifying += 1;
      if (capLow !== null && load !== null && load >= capLow) {
        facts.working = true;
        if (!isClean) facts.sloppy = true;
        const rpe = set.rpe;
        if (qualifying && reps !== null && reps >= rules.raiseReps && (rpe === null || rpe <= rules.raiseRpe)) {
          facts.raising += 1;
        }
      }
    }
    if (bell) this.bell = bellOk && bellLoad !== null ? nextBell(rules, bellLoad) : null;
    return facts;
  }

  /** @param {Map<string, Facts>} facts @param {number} stage @returns {[boolean, number]} */
  pooled(facts, stage) {
    let present = false;
    let count = 0;
    for (const exercise of this.rules.stages[stage].exercises) {
      const found = facts.get(exercise);
      if (found !== undefined) {
        present = true;
        count += found.qualifying;
      }
    }
    return [present, count];
  }

  /** @param {DatedSession} session */
  session(session) {
    const rules = this.rules;
    const unlocked = this.unlockedStages();
    const facts = this.facts(session, unlocked);
    if (facts.size === 0) return;
    this.resume(session, facts, unlocked);
    const frozenFrom = this.pain(session, facts, unlocked);
    this.mastery(session, facts, unlocked, frozenFrom);
    for (const exercise of rules.gated) {
      const found = facts.get(exercise);
      const rule = rules.exercises.get(exercise);
      if (found !== undefined && unlocked[rule.stage] && rule.stage < frozenFrom) {
        this.cap(session, rule, found);
      }
    }
  }

  /** @param {DatedSession} session @param {Map<string, Facts>} facts @param {boolean[]} unlocked */
  resume(session, facts, unlocked) {
    const rules = this.rules;
    for (let index = 1; index < rules.stages.length; index += 1) {
      const painful = this.suspendedBy[index];
      if (painful === null || !unlocked[index - 1]) continue;
      const [, count] = this.pooled(facts, index - 1);
      if (count >= rules.resumeSets) {
        this.suspendedBy[index] = null;
        const stage = rules.stages[index];
        const before = rules.stages[index - 1];
        this.event(
          session,
          "resumed",
          painful,
          `${stage.name} stage back: a session with ${setsPhrase(rules, before, count)}`,
        );
      }
    }
  }

  /** @param {DatedSession} session @param {Map<string, Facts>} facts @param {boolean[]} unlocked */
  pain(session, facts, unlocked) {
    const rules = this.rules;
    let frozenFrom = rules.stages.length;
    for (const [exercise, found] of facts) {
      if (!found.pain) {
        this.painRun.set(exercise, 0);
        continue;
      }
      const run = this.painRun.get(exercise) + 1;
      this.painRun.set(exercise, run);
      const rule = rules.exercises.get(exercise);
      if (
        run < rules.painSessions ||
        rule.stage === ASSISTANCE ||
        rule.stage === 0 ||
        !unlocked[rule.stage] ||
        this.suspendedBy[rule.stage] !== null
      ) {
        continue;
      }
      const stage = rules.stages[rule.stage];
      this.suspendedBy[rule.stage] = exercise;
      frozenFrom = Math.min(frozenFrom, rule.stage);
      const suspension = this.event(
        session,
        "suspended",
        exercise,
        `${stage.name} stage on hold: ${painText(rule.plural, rules.painSessions)}; ` +
          `back to ${rules.stages[rule.stage - 1].label}`,
      );
      if (rule.start !== null) {
        this.lower(session, rule, painText(rule.plural, rules.painSessions));
        suspension.cap_kg = toKg(rules, this.caps.get(exercise));
      }
    }
    return frozenFrom;
  }

  /** @param {DatedSession} session @param {Map<string, Facts>} facts @param {boolean[]} unlocked @param {number} frozenFrom */
  mastery(session, facts, unlocked, frozenFrom) {
    const rules = this.rules;
    for (const stage of rules.stages) {
      const index = stage.index;
      if (stage.needed === null || stage.minSets === null) continue;
      if (!unlocked[index] || this.mastered[index] || index >= frozenFrom) continue;
      const [present, count] = this.pooled(facts, index);
      if (!present) continue;
      this.run[index] = count >= stage.minSets ? this.run[index] + 1 : 0;
      if (this.run[index] < stage.needed) continue;
      this.mastered[index] = true;
      const detail =
        `${stage.name} stage mastered: ${stage.needed} sessions in a row with ` +
        setsPhrase(rules, stage, stage.minSets);
      for (const exercise of stage.exercises) this.event(session, "mastered", exercise, detail);
      if (index + 1 < rules.stages.length) {
        for (const exercise of rules.stages[index + 1].exercises) {
          const name = rules.exercises.get(exercise).name;
          this.event(session, "unlocked", exercise, `${name} unlocked: ${stage.name} stage mastered`);
        }
      }
    }
  }

  /** @param {DatedSession} session @param {ExerciseRule} rule @param {Facts} found */
  cap(session, rule, found) {
    const rules = this.rules;
    if (!found.working) return;
    const exercise = rule.id;
    if (found.sloppy) {
      const run = this.sloppyRun.get(exercise) + 1;
      this.sloppyRun.set(exercise, run);
      if (run >= rules.sloppySessions) {
        this.lower(
          session,
          rule,
          `an unchecked cue on a working set in ${rules.sloppySessions} sessions in a row`,
        );
      }
      return;
    }
    this.sloppyRun.set(exercise, 0);
    if (found.raising >= rules.raiseSets) {
      const old = this.caps.get(exercise);
      const next = capUp(rules, old);
      this.caps.set(exercise, next);
      this.event(
        session,
        "cap_raised",
        exercise,
        `${rule.name} cap raised from ${numberText(old)} to ${loadText(rules, next)}: ` +
          `${found.raising} clean working sets of at least ${rules.raiseReps} reps ` +
          `at RPE ${numberText(rules.raiseRpe)} or less`,
      );
    }
  }

  /** @param {DatedSession} session @param {ExerciseRule} rule @param {string} reason */
  lower(session, rule, reason) {
    const exercise = rule.id;
    this.sloppyRun.set(exercise, 0);
    const old = this.caps.get(exercise);
    const next = capDown(this.rules, old, /** @type {number} */ (rule.start)); // gated: it has a start
    if (next === old) return;
    this.caps.set(exercise, next);
    this.event(
      session,
      "cap_lowered",
      exercise,
      `${rule.name} cap lowered from ${numberText(old)} to ${loadText(this.rules, next)}: ${reason}`,
    );
  }

  /** @returns {Verdict} */
  verdict() {
    const rules = this.rules;
    const unlocked = this.unlockedStages();
    const openExercises = rules.order.filter((e) => this.isOpen(rules.exercises.get(e), unlocked));
    const stages = rules.stages.map((_, index) => this.stageVerdict(index, unlocked));
    /** @type {string[]} */
    const warmup = [];
    rules.stages.forEach((stage, index) => {
      if (stages[index].status === "mastered") warmup.push(...stage.exercises);
    });
    warmup.sort((a, b) => rules.order.indexOf(a) - rules.order.indexOf(b));
    const openSet = new Set(openExercises);
    /** @type {Record<string, number>} */
    const loadCaps = {};
    for (const exercise of rules.gated) {
      if (openSet.has(exercise)) loadCaps[exercise] = toKg(rules, this.caps.get(exercise));
    }
    return {
      unlocked: openExercises,
      stages,
      load_caps: loadCaps,
      above_cap: this.aboveCap,
      warmup,
      next_bell_kg: openSet.has(rules.bellExercise) && this.bell !== null ? toKg(rules, this.bell) : null,
      advice: this.advice(),
      history: this.history,
      units: rules.units,
    };
  }

  /** @param {number} index @param {boolean[]} unlocked @returns {StageVerdict} */
  stageVerdict(index, unlocked) {
    const stage = this.rules.stages[index];
    /** @type {StageStatus} */
    let status;
    if (this.suspendedBy[index] !== null) status = "suspended";
    else if (!unlocked[index]) status = "locked";
    else if (this.mastered[index]) status = "mastered";
    else status = "active";
    const done = this.mastered[index] && stage.needed !== null ? stage.needed : this.run[index];
    /** @type {Record<string, number>} */
    const loadCaps = {};
    for (const exercise of stage.exercises) {
      if (this.caps.has(exercise)) loadCaps[exercise] = toKg(this.rules, this.caps.get(exercise));
    }
    return {
      id: stage.id,
      status,
      progress: { qualifying_sessions: done, needed_sessions: stage.needed, load_caps: loadCaps },
      missing: this.missing(index, status),
    };
  }

  /** @param {number} index @param {StageStatus} status @returns {string[]} */
  missing(index, status) {
    const rules = this.rules;
    const stage = rules.stages[index];
    if (status === "mastered") return [];
    if (status === "suspended") {
      const painful = /** @type {string} */ (this.suspendedBy[index]); // "suspended": held by it
      const before = rules.stages[index - 1];
      return [
        `${sentence(painText(rules.exercises.get(painful).plural, rules.painSessions))}: ` +
          `1 session with ${setsPhrase(rules, before, rules.resumeSets)} lifts the hold`,
      ];
    }
    if (status === "locked") {
      for (let earlier = 0; earlier < index; earlier += 1) {
        if (this.suspendedBy[earlier] !== null) {
          return [`Locked while the ${rules.stages[earlier].name} stage is on hold`];
        }
      }
      return [`Unlocks once the ${rules.stages[index - 1].name} stage is mastered`];
    }
    if (stage.needed !== null && stage.minSets !== null) {
      const sets = setsPhrase(rules, stage, stage.minSets);
      return [sessionsPhrase(this.run[index], stage.needed, sets)];
    }
    const result = [];
    for (const exercise of stage.exercises) {
      if (this.caps.has(exercise)) {
        const cap = this.caps.get(exercise);
        result.push(
          `1 session with ${rules.raiseSets} clean working sets of at least ${rules.raiseReps} ` +
            `reps at ${loadText(rules, cap)}, RPE ${numberText(rules.raiseRpe)} or less, ` +
            `raises the ${rules.exercises.get(exercise).name.toLowerCase()} cap to ` +
            loadText(rules, capUp(rules, cap)),
        );
      }
    }
    return result;
  }

  advice() {
    const rules = this.rules;
    const result = [];
    this.suspendedBy.forEach((painful, index) => {
      if (painful !== null) {
        const stage = rules.stages[index];
        const before = rules.stages[index - 1];
        result.push(
          `${sentence(painText(rules.exercises.get(painful).plural, rules.painSessions))}: ` +
            `the ${stage.name} stage is on hold, so train ${before.label} for now. ` +
            SEE_A_PROFESSIONAL,
        );
      }
    });
    for (const exercise of rules.order) {
      const rule = rules.exercises.get(exercise);
      const run = this.painRun.get(exercise);
      const suspended = rule.stage !== ASSISTANCE && this.suspendedBy[rule.stage] !== null;
      if (run >= rules.painSessions && !suspended) {
        result.push(`${sentence(painText(rule.plural, run))}. ${SEE_A_PROFESSIONAL}`);
      }
    }
    return result;
  }
}

// The verdict on visible sessions in replay order (oldest first); undated ones are ignored.
// `units` is the lifter's profile choice, "kg" when absent: a "lb" lifter is judged by the
// program's pound numbers and told about them in pounds; the verdict's numbers stay kilograms.
/** @param {Program} program @param {SessionView[]} sessions @param {{ units?: Units | null }} [options] @returns {Verdict} */
export function verdict(program, sessions, { units } = {}) {
  const replay = new Replay(compileRules(program, units ?? "kg"));
  for (const session of sessions) {
    if (rfc3339Instant(session.started_at) !== null) replay.session(/** @type {DatedSession} */ (session));
  }
  return replay.verdict();
}

// The verdict on merged entity maps {id: {field: value}}, as the local store holds them.
/** @param {Program} program @param {Record<string, SessionFields>} sessionsFields @param {Record<string, SetFields>} setsFields @param {{ units?: Units | null }} [options] */
export function verdictFromFields(program, sessionsFields, setsFields, { units } = {}) {
  return verdict(program, reduceSessions(sessionsFields, setsFields, { newestFirst: false }), { units });
}

