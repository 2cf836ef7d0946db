// A number field between large − and + buttons, the number in big tabular figures. The field keeps
// its accessible name (its <label>); the buttons' names never repeat it, so "Reps" finds one field.

import { h, uid } from "./dom.js";

export class Stepper {
  // step(direction, current) -> the next value (or null for empty); parse(text) -> number | null
  /** @param {StepperOptions} options */
  constructor({ label, less, more, step, inputmode = "decimal", min, max, stepAttr = "any", placeholder = "" }) {
    const id = uid("field");
    this.step = step;
    this.input = h("input", {
      id,
      type: "number",
      inputmode,
      min,
      max,
      step: stepAttr,
      placeholder,
      autocomplete: "off",
      class: "stepper-input",
    });
    /** @param {string} name @param {string} text @param {number} direction */
    const button = (name, text, direction) =>
      h("button", {
        type: "button",
        class: "step",
        "aria-label": name,
        onclick: () => {
          this.set(this.step(direction, this.get()));
          this.input.dispatchEvent(new Event("input", { bubbles: true }));
        },
      }, text);
    this.label = h("label", { for: id, class: "stepper-label" }, label);
    this.el = h(
      "div",
      { class: "stepper" },
      this.label,
      h("div", { class: "stepper-row" }, button(less, "−", -1), this.input, button(more, "+", 1)),
    );
  }

  get() {
    const text = this.input.value.trim();
    if (text === "") return null;
    const value = Number(text);
    return Number.isFinite(value) ? value : NaN;
  }

  /** @param {number | null | undefined} value */
  set(value) {
    this.input.value = value === null || value === undefined || Number.isNaN(value) ? "" : String(value);
  }
}
