// The exercise's form cues as a two-column grid of large toggle chips, one checkbox each, named by
// the cue's display name; its short explanation is the checkbox's description and shows in the
// hint line when the cue is touched, or all at once under "Cue tips".

import { h, replaceChildren, uid } from "./dom.js";
import { cueOf } from "../workout.js";

const HINT = "Tick each cue you held on every rep: a set counts only with all of them.";

export class CueGrid {
  /** @param {Program} program */
  constructor(program) {
    this.program = program;
    /** @type {Map<string, HTMLInputElement>} */
    this.boxes = new Map();
    this.grid = h("div", { class: "cue-grid" });
    this.hint = h("p", { class: "cue-hint" }, HINT);
    this.tips = h("ul", { class: "cue-tips", hidden: true });
    this.toggle = h(
      "button",
      { type: "button", class: "link-button", "aria-expanded": "false", onclick: () => this.showTips() },
      "Cue tips",
    );
    this.el = h(
      "fieldset",
      { class: "cues" },
      h("legend", { class: "section-title" }, "Form cues ", this.toggle),
      this.grid,
      this.hint,
      this.tips,
    );
  }

  showTips() {
    const open = this.tips.hidden;
    this.tips.hidden = !open;
    this.toggle.setAttribute("aria-expanded", String(open));
  }

  // Show the cues of `exercise`, ticked as `ticks` says.
  /** @param {Exercise} exercise @param {Record<string, boolean>} [ticks] */
  setExercise(exercise, ticks = {}) {
    this.boxes.clear();
    const chips = [];
    const tips = [];
    for (const cueId of exercise.cues) {
      const cue = cueOf(this.program, cueId);
      const helpId = uid("cue-help");
      const box = h("input", {
        type: "checkbox",
        checked: ticks[cueId] === true,
        "aria-describedby": helpId,
        onchange: () => (this.hint.textContent = `${cue.name}: ${cue.explanation}`),
        onfocus: () => (this.hint.textContent = `${cue.name}: ${cue.explanation}`),
      });
      this.boxes.set(cueId, box);
      chips.push(h("label", { class: "chip" }, box, h("span", {}, cue.name)));
      tips.push(h("li", { id: helpId }, h("strong", {}, cue.name), " ", cue.explanation));
    }
    replaceChildren(this.grid, chips);
    replaceChildren(this.tips, tips);
    this.hint.textContent = HINT;
  }

  /** @returns {Record<string, boolean>} */
  values() {
    return Object.fromEntries([...this.boxes].map(([cue, box]) => [cue, box.checked]));
  }

  /** @param {Record<string, boolean>} ticks */
  set(ticks) {
    for (const [cue, box] of this.boxes) box.checked = ticks[cue] === true;
  }
}
