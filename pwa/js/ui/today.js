// Today, top to bottom as the lifter thinks: what to train now and why, the warm-up, this
// session's sets so far, then the logging panel with Log set at the thumb.

import { h } from "./dom.js";
import { LogPanel } from "./log-panel.js";
import { SessionSets } from "./session-sets.js";
import { TrainNow } from "./train-now.js";
import { currentSession, finishSessionChanges, logSetChanges } from "../workout.js";

// Did the session under way already change something (an unlock, a status, a cap)?
/** @param {Verdict} verdict @param {Verdict} before */
function unlockedMore(verdict, before) {
  return (
    verdict.unlocked.length !== before.unlocked.length ||
    verdict.stages.some((stage, i) => stage.status !== before.stages[i].status) ||
    JSON.stringify(verdict.load_caps) !== JSON.stringify(before.load_caps)
  );
}

export class TodayScreen {
  /** @param {Deps} deps */
  constructor({ local, program }) {
    this.local = local;
    this.program = program;
    this.trainNow = new TrainNow(program);
    this.sets = new SessionSets({ program, onFinish: () => this.finish() });
    this.panel = new LogPanel({ program, onLog: (values) => this.log(values) });
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
    return currentSession(this.local.sessions(), this.local.physicalNow());
  }

  update() {
    const verdict = this.local.verdict(this.program);
    const sessions = this.local.sessions();
    const session = this.session();
    // While a session is under way it does not count yet, and would read as a broken run: show
    // the progress before it, unless it has already unlocked the next step.
    const before = session ? this.local.verdict(this.program, session.id) : verdict;
    const focus = this.trainNow.update(unlockedMore(verdict, before) ? verdict : before, verdict);
    this.sets.update(session, verdict.above_cap);
    this.panel.update({ unlocked: verdict.unlocked, sessions, session, focus: focus.exercise, caps: verdict.load_caps });
  }

  /** @param {LoggedValues} values */
  async log(values) {
    const { changes } = logSetChanges({
      ...values,
      session: this.session(),
      nowMs: this.local.physicalNow(),
      program: this.program,
    });
    await this.local.write(changes);
  }

  async finish() {
    const session = this.session();
    if (session) await this.local.write(finishSessionChanges(session, this.local.physicalNow()));
    this.panel.rest.stop();
    this.panel.clearErrors();
  }

  // Shown again (the tab changed to Today): an error from before is stale.
  refresh() {
    this.panel.clearErrors();
  }
}
