// The four stages as a vertical ladder: mastered ✓, active with a progress bar, suspended with the
// reason, locked greyed; each says in plain words what is still missing, and names its exercises
// as links to their screens (records and charts).

import { h, replaceChildren } from "./dom.js";
import { exerciseLink } from "./exercise-link.js";
import { formatKg } from "../format.js";
import { exerciseOf } from "../workout.js";

const STATUS = { mastered: "Mastered", active: "Active", suspended: "On hold", locked: "Locked" };
const MARK = { mastered: "✓", active: "•", suspended: "‖", locked: "" };

export class StageLadder {
  /** @param {Program} program */
  constructor(program) {
    this.program = program;
    this.el = h("ol", { class: "ladder" });
  }

  /** @param {Verdict} verdict */
  update(verdict) {
    replaceChildren(
      this.el,
      verdict.stages.map((stage, index) => {
        const definition = this.program.stages[index];
        const { qualifying_sessions: done, needed_sessions: needed, load_caps: caps } = stage.progress;
        const details = [];
        if (stage.status === "active" && needed !== null) {
          const fill = h("span", { class: "meter-fill" });
          fill.style.transform = `scaleX(${done / needed})`;
          details.push(
            h("div", { class: "meter-row" }, h("span", { class: "meter", "aria-hidden": "true" }, fill), h("span", { class: "meter-text" }, `${done} of ${needed} clean sessions`)),
          );
        }
        const capText = Object.entries(caps).map(([id, kg]) => `${exerciseOf(this.program, id).name} cap ${formatKg(kg)}`);
        if (capText.length && stage.status !== "locked") details.push(h("p", { class: "rung-caps" }, capText.join(" · ")));
        for (const line of stage.missing) details.push(h("p", { class: "rung-missing" }, line));
        details.push(
          h(
            "div",
            { class: "rung-records" },
            h("span", { class: "rung-records-label", "aria-hidden": "true" }, "Records:"),
            h(
              "ul",
              { class: "exercise-links", "aria-label": `${definition.name} exercises` },
              definition.exercises.map((id) => h("li", {}, exerciseLink(exerciseOf(this.program, id)))),
            ),
          ),
        );
        const mark = h("span", { class: "rung-mark", "aria-hidden": "true" }, MARK[stage.status] ?? "");
        if (stage.status === "locked") mark.append(lockIcon());
        return h(
          "li",
          { class: `rung rung-${stage.status}` },
          mark,
          h(
            "div",
            { class: "rung-body" },
            h("div", { class: "rung-head" }, h("h3", { class: "rung-name" }, `${index + 1}. ${definition.name}`), h("span", { class: `status status-${stage.status}` }, STATUS[stage.status] ?? stage.status)),
            details,
          ),
        );
      }),
    );
  }
}

function lockIcon() {
  const ns = "http://www.w3.org/2000/svg";
  const icon = document.createElementNS(ns, "svg");
  icon.setAttribute("viewBox", "0 0 24 24");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", "M7 10V7a5 5 0 0 1 10 0v3h1v11H6V10zm2 0h6V7a3 3 0 0 0-6 0z");
  icon.append(path);
  return icon;
}
