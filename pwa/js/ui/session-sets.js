// This session's sets so far, as logbook rows on one line: load × reps, cues, pain, RPE.

import { h, replaceChildren } from "./dom.js";
import { formatTime } from "../format.js";
import { setRowText } from "../workout.js";

// The pieces of one logbook row (History uses them too): "60 kg × 10", the exercise (cut short
// with an ellipsis when the line is full), "✓" or "missed: Hips back +1", "Pain", "RPE 8".
/** @param {SetRowText} row */
export function setRowPieces(row) {
  return [
    h("span", { class: "set-load" }, row.loadReps),
    h("span", { class: "set-exercise" }, row.exercise),
    row.cues === null
      ? null
      : row.clean
        ? h("span", { class: "badge badge-ok set-cues" }, h("span", { "aria-hidden": "true" }, row.cues), h("span", { class: "visually-hidden" }, "all cues"))
        : h("span", { class: "badge badge-warn set-cues" }, h("span", { class: "set-missed" }, row.cues), row.more === null ? null : h("span", { class: "set-more" }, row.more)),
    row.pain ? h("span", { class: "badge badge-danger set-pain" }, "Pain") : null,
    row.rpe !== null ? h("span", { class: "badge set-rpe" }, row.rpe) : null,
  ];
}

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
      sets.map((set, index) =>
        h(
          "li",
          { class: "set-row", dataset: { setId: set.id } },
          h("span", { class: "set-index" }, String(index + 1)),
          h("span", { class: "logrow" }, setRowPieces(setRowText(set, this.program))),
          above.has(set.id) ? h("span", { class: "badge badge-warn" }, "Above cap") : null,
        ),
      ),
    );
  }
}
