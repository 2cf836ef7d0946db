// Progress: the stage ladder, the "why" history under it (every unlock and cap change with the
// session that caused it), and the deadlift cap chart below.

import { h, replaceChildren } from "./dom.js";
import { CapChart } from "./cap-chart.js";
import { StageLadder } from "./stage-ladder.js";
import { formatDay } from "../format.js";

/** @type {Record<string, string>} */
const EVENT = {
  mastered: "Mastered",
  unlocked: "Unlocked",
  cap_raised: "Cap raised",
  cap_lowered: "Cap lowered",
  suspended: "On hold",
  resumed: "Resumed",
};

export class ProgressScreen {
  /** @param {Deps} deps */
  constructor({ local, program }) {
    this.local = local;
    this.program = program;
    this.ladder = new StageLadder(program);
    this.why = h("ol", { class: "why-list" });
    this.advice = h("div", { class: "advice" });
    this.chart = new CapChart(program);
    this.el = h(
      "div",
      { class: "screen screen-progress" },
      h("h1", { class: "screen-title" }, "Progress"),
      this.advice,
      h("section", { class: "card" }, h("h2", { class: "section-title" }, "The hinge ladder"), this.ladder.el),
      h("section", { class: "card" }, h("h2", { class: "section-title" }, "Why: what changed and when"), this.why),
      this.chart.el,
    );
  }

  update() {
    const verdict = this.local.verdict(this.program);
    const today = new Date(this.local.physicalNow()).toISOString().slice(0, 10);
    const key = `${today}${JSON.stringify(verdict)}`;
    if (key === this.shownKey) return; // nothing visible changed (an acknowledgement, say)
    /** @type {string | undefined} */
    this.shownKey = key;
    this.ladder.update(verdict);
    replaceChildren(this.advice, verdict.advice.map((line) => h("p", { class: "notice notice-warn" }, line)));
    const events = [...verdict.history].reverse();
    replaceChildren(
      this.why,
      events.length === 0
        ? h("li", { class: "empty" }, "Nothing has changed yet. Each unlock and cap change will be listed here with the session that caused it.")
        : events.map((event) =>
            h(
              "li",
              { class: `why-item why-${event.event}` },
              h("span", { class: "why-date" }, formatDay(event.date)),
              h("span", { class: "why-event" }, EVENT[event.event] ?? event.event),
              h("span", { class: "why-detail" }, event.detail),
            ),
          ),
    );
    this.chart.update(verdict, new Date(this.local.physicalNow()).toISOString());
  }
}
