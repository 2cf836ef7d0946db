// What to train now and why: the stage, its progress and the plain words of what is missing,
// straight from the progression verdict on the local log (so an offline unlock shows at once).

import { h, replaceChildren } from "./dom.js";
import { exerciseOf, trainNow, warmupText } from "../workout.js";
import { formatKg } from "../format.js";

export class TrainNow {
  /** @param {Program} program */
  constructor(program) {
    this.program = program;
    this.el = h("section", { class: "card train-now", "aria-labelledby": "train-now-title" });
    this.warmup = h("p", { class: "warmup" });
  }

  // `verdict` says what to show; `current` (the whole log) gives caps, advice and the next bell.
  /** @param {Verdict} verdict */
  update(verdict, current = verdict) {
    const program = this.program;
    const focus = trainNow(program, verdict);
    const stageNumber = `Stage ${focus.index + 1} of ${program.stages.length}`;
    const exercises = focus.stage.exercises.map((id) => exerciseOf(program, id).name).join(" or ");
    const cap = focus.stage.exercises.map((id) => current.load_caps[id]).find((kg) => kg !== undefined);
    const parts = [
      h("p", { class: "eyebrow" }, "Train now · ", stageNumber),
      h("h2", { id: "train-now-title", class: "train-title" }, exercises),
    ];
    if (focus.held) {
      parts.push(h("p", { class: "notice notice-warn" }, `${focus.held} is on hold. `, focus.why));
    } else if (focus.progress) {
      const [done, needed] = focus.progress;
      const bar = h("span", { class: "meter-fill" });
      bar.style.transform = `scaleX(${needed ? done / needed : 0})`;
      parts.push(
        h(
          "div",
          { class: "meter-row" },
          h("span", { class: "meter", "aria-hidden": "true" }, bar),
          h("span", { class: "meter-text" }, `${done} of ${needed} clean sessions`),
        ),
      );
    }
    if (cap !== undefined) parts.push(h("p", { class: "cap-line" }, "Load cap ", h("strong", {}, formatKg(cap))));
    if (!focus.held && focus.why) parts.push(h("p", { class: "why" }, focus.why));
    if (current.next_bell_kg !== null && current.next_bell_kg !== undefined) {
      parts.push(h("p", { class: "notice notice-ok" }, `Every set reached 20 clean reps: try the ${current.next_bell_kg} kg bell.`));
    }
    for (const advice of current.advice) {
      if (!focus.held || !advice.startsWith(focus.why.split(":")[0])) parts.push(h("p", { class: "notice notice-warn" }, advice));
    }
    replaceChildren(this.el, parts);
    replaceChildren(this.warmup, h("strong", {}, "Warm-up: "), warmupText(program, verdict, focus.exercise));
    return focus;
  }
}
