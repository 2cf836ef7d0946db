// Today, top to bottom as the lifter thinks: what to train now and why, the warm-up, this
// session's sets so far, then the logging panel with Log set at the thumb.

import { newId } from "../ids.js";
import { h } from "./dom.js";
import { LogPanel } from "./log-panel.js";
import { SessionSets } from "./session-sets.js";
import { keepResumed, resumedSession } from "./kept.js";
import { TrainNow } from "./train-now.js";
import { currentSession, finishSessionChanges, logSetChanges, resumableSession, sessionChanges, sessionSummary, setRowText } from "../workout.js";

// How long Finish session offers Undo.
const UNDO_SECONDS = 10;

// Did the session under way already change something (an unlock, a status, a cap)?
/** @param {Verdict} verdict @param {Verdict} before */
function unlockedMore(verdict, before) {
  return (
    verdict.unlocked.length !== before.unlocked.length ||
    verdict.stages.some((stage, i) => stage.status !== before.stages[i].status) ||
    JSON.stringify(verdict.load_caps) !== JSON.stringify(before.load_caps)
  );
}

/** @type {typeof import("../records.js") | undefined} */
let records;
/** @type {Promise<void> | undefined} */
let loadingRecords;

export class TodayScreen {
  /** @param {Deps} deps */
  constructor({ local, program, toast }) {
    this.local = local;
    this.program = program;
    this.toast = toast;
    this.trainNow = new TrainNow(program);
    this.sets = new SessionSets({
      program,
      onFinish: () => this.finish(),
      onResume: () => this.resume(),
      onNote: (session, notes) => this.local.write(sessionChanges(session, "notes", notes)),
    });
    this.panel = new LogPanel({ program, onLog: (values) => this.log(values), onAddExercise: (name, kind) => this.addExercise(name, kind) });
    this.el = h(
      "div",
      { class: "screen screen-today" },
      h("h1", { class: "visually-hidden" }, "Today"),
      this.trainNow.el,
      this.trainNow.warmup,
      this.sets.el,
      this.panel.el,
    );
  }

  session() {
    return currentSession(this.local.sessions(), this.local.physicalNow(), resumedSession());
  }

  update() {
    const verdict = this.local.verdict(this.program);
    const sessions = this.local.sessions();
    const session = this.session();
    // While a session is under way it does not count yet, and would read as a broken run: show
    // the progress before it, unless it has already unlocked the next step.
    const before = session ? this.local.verdict(this.program, session.id) : verdict;
    const focus = this.trainNow.update(unlockedMore(verdict, before) ? verdict : before, verdict);
    this.sets.update(session, verdict.above_cap, session ? null : resumableSession(sessions), this.badges(sessions));
    this.panel.update({
      unlocked: verdict.unlocked,
      sessions,
      session,
      focus: focus.exercise,
      caps: verdict.load_caps,
      profile: this.local.profile(),
      exercises: this.local.exercises(),
    });
  }

  // The PR badges of every set, once records.js (off the first load) is in; then a fresh render.
  /** @param {SessionView[]} sessions */
  badges(sessions) {
    if (!records) {
      loadingRecords ??= import("../records.js").then((module) => {
        records = module;
        this.update();
      });
      return {};
    }
    const module = records;
    return this.local.memoized("badges", () => module.badgesBySet(sessions));
  }

  /** @param {LoggedValues} values */
  async log(values) {
    const session = this.session();
    if (!session) {
      this.toast.hide(); // a new session: the last one's Undo is gone, and what was resumed
      keepResumed(null);
    }
    const { changes, setId } = logSetChanges({
      ...values,
      session,
      nowMs: this.local.physicalNow(),
      program: this.program,
    });
    const written = this.local.write(changes);
    const set = this.session()?.sets.find((s) => s.id === setId);
    if (set) this.sets.reveal(setId, setRowText(set, this.program));
    await written;
  }

  // The lifter's own exercise, written like any change (so it syncs); its id.
  /** @param {string} name @param {string} kind */
  async addExercise(name, kind) {
    const id = newId();
    await this.local.write([
      { entity: "exercise", entity_id: id, field: "name", value: name },
      { entity: "exercise", entity_id: id, field: "kind", value: kind },
    ]);
    return id;
  }

  async finish() {
    const session = this.session();
    this.panel.rest.stop();
    this.panel.clearErrors();
    if (!session) return;
    const changes = finishSessionChanges(session, this.local.physicalNow());
    await this.local.write(changes);
    const ended = { ...session, ended_at: /** @type {string} */ (changes[0].value) };
    this.toast.show(`Session finished: ${sessionSummary(ended, this.program)}.`, () => this.resume(), UNDO_SECONDS);
  }

  async resume() {
    const session = resumableSession(this.local.sessions());
    if (!session) return;
    keepResumed({ id: session.id, atMs: this.local.physicalNow() });
    await this.local.write(sessionChanges(session));
  }

  // Shown again (the tab changed to Today): an error from before is stale.
  refresh() {
    this.panel.clearErrors();
  }
}
