// This session's sets so far, as compact rows: load × reps, cues ticked, RPE, pain.

import { h, replaceChildren } from "./dom.js";
import { cueCount, formatTime, setLoadReps } from "../format.js";
import { exerciseOf } from "../workout.js";

export class SessionSets {
  /** @param {{program: Program, onFinish: () => unknown}} options */
  constructor({ program, onFinish }) {
    this.program = program;
    this.title = h("h2", { class: "section-title" }, "This session");
    this.meta = h("span", { class: "section-meta" });
    this.finish = h("button", { type: "button", class: "btn btn-ghost btn-small", onclick: () => onFinish(), hidden: true }, "Finish session");
    this.list = h("ol", { class: "set-rows" });
    this.empty = h("p", { class: "empty" }, "No sets yet. Your first set starts the session.");
    this.el = h("section", { class: "session-sets" }, h("div", { class: "section-head" }, h("div", { class: "section-head-text" }, this.title, this.meta), this.finish), this.list, this.empty);
  }

  /** @param {SessionView | null} session @param {string[]} aboveCap */
  update(session, aboveCap) {
    const sets = session?.sets ?? [];
    this.finish.hidden = !session;
    this.empty.hidden = sets.length > 0;
    this.meta.textContent = session ? `${formatTime(session.started_at)} · ${sets.length} set${sets.length === 1 ? "" : "s"}` : "";
    const above = new Set(aboveCap);
    replaceChildren(
      this.list,
      sets.map((set, index) => {
        const exercise = exerciseOf(this.program, set.exercise);
        const [ticked, total] = cueCount(set, exercise);
        const clean = total > 0 && ticked === total;
        return h(
          "li",
          { class: "set-row", dataset: { setId: set.id } },
          h("span", { class: "set-index" }, String(index + 1)),
          h("span", { class: "set-main" }, h("span", { class: "set-load" }, setLoadReps(set, exercise)), h("span", { class: "set-exercise" }, exercise.name)),
          h("span", { class: clean ? "badge badge-ok" : "badge" }, `${clean ? "✓" : ""} ${ticked}/${total} cues`.trim()),
          set.rpe !== null ? h("span", { class: "badge" }, `RPE ${set.rpe}`) : null,
          set.pain ? h("span", { class: "badge badge-danger" }, "Pain") : null,
          above.has(set.id) ? h("span", { class: "badge badge-warn" }, "Above cap") : null,
        );
      }),
    );
  }
}
