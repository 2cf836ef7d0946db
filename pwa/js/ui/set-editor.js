// Editing one logged set in History: the same fields as logging, then Save or Cancel. Only the
// fields that changed become ops, so an edit on one device and a tick on another both survive.

import { h, uid } from "./dom.js";
import { CueGrid } from "./cue-grid.js";
import { Stepper } from "./stepper.js";
import { displayUnits, fromUnits, toUnits } from "../display.js";
import { formatNumber } from "../format.js";
import { exerciseOf } from "../workout.js";

export class SetEditor {
  /** @param {{program: Program, set: SetView, onSave: (values: EditedValues) => unknown, onCancel: () => void}} options */
  constructor({ program, set, onSave, onCancel }) {
    this.before = set;
    this.program = program;
    this.set = set;
    const selectId = uid("edit-exercise");
    this.select = h(
      "select",
      { id: selectId, class: "select", onchange: () => this.cues.setExercise(exerciseOf(program, this.select.value), this.cues.values()) },
      program.exercises.map((exercise) => h("option", { value: exercise.id, selected: exercise.id === set.exercise }, exercise.name)),
    );
    /** @param {number} direction @param {number | null} current @param {number} step @param {number} min @param {number} max */
    const plain = (direction, current, step, min, max) =>
      current === null || Number.isNaN(current) ? null : Math.max(min, Math.min(max, current + direction * step));
    // In the lifter's units, as on Today; kept as kg.
    const units = displayUnits();
    const most = Math.floor(toUnits(1000));
    this.load = new Stepper({ label: `Load (${units})`, less: "Less weight", more: "More weight", min: 0, max: most, placeholder: "none", step: (d, c) => plain(d, c ?? 0, units === "lb" ? 5 : 2.5, 0, most) });
    this.reps = new Stepper({ label: "Reps", less: "One rep fewer", more: "One rep more", inputmode: "numeric", min: 0, max: 1000, stepAttr: 1, step: (d, c) => plain(d, c ?? 0, 1, 0, 1000) });
    this.rpe = new Stepper({ label: "RPE", less: "Lower effort", more: "Higher effort", min: 1, max: 10, stepAttr: 0.5, placeholder: "–", step: (d, c) => plain(d, c ?? 7, 0.5, 1, 10) });
    this.load.set(set.load_kg === null ? null : Number(formatNumber(toUnits(set.load_kg))));
    this.reps.set(set.reps);
    this.rpe.set(set.rpe);
    this.cues = new CueGrid(program);
    this.cues.setExercise(exerciseOf(program, set.exercise), set.form);
    this.pain = h("input", { type: "checkbox", checked: set.pain === true });
    const noteId = uid("edit-note");
    this.note = h("input", { id: noteId, class: "input", maxlength: 2000, value: set.notes ?? "" });
    this.error = h("p", { class: "form-error", role: "alert" });
    this.el = h(
      "form",
      {
        class: "set-editor",
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          const values = this.read();
          if (values.error !== undefined) this.error.textContent = values.error;
          else onSave(values);
        },
      },
      h("div", { class: "field" }, h("label", { for: selectId, class: "field-label" }, "Exercise"), this.select),
      h("div", { class: "steppers" }, this.load.el, this.reps.el, this.rpe.el),
      this.cues.el,
      h("div", { class: "pain-row" }, h("label", { class: "chip chip-pain" }, this.pain, h("span", {}, "Pain"))),
      h("div", { class: "field note-field" }, h("label", { for: noteId, class: "field-label" }, "Set note (optional)"), this.note),
      this.error,
      h(
        "div",
        { class: "button-row" },
        h("button", { type: "button", class: "btn btn-ghost", onclick: () => onCancel() }, "Cancel"),
        h("button", { type: "submit", class: "btn btn-primary" }, "Save"),
      ),
    );
  }

  read() {
    const typed = this.load.get();
    // Unchanged, the stored kg stay exact (a rounded lb figure would move them).
    const same = typed !== null && this.before.load_kg !== null && typed === Number(formatNumber(toUnits(this.before.load_kg)));
    const loadKg = typed === null || Number.isNaN(typed) ? typed : same ? this.before.load_kg : fromUnits(typed);
    const reps = this.reps.get();
    const rpe = this.rpe.get();
    if (reps === null || !Number.isInteger(reps) || reps < 0 || reps > 1000) return { error: "Reps: a whole number, 0 to 1000." };
    if (loadKg !== null && (Number.isNaN(loadKg) || loadKg < 0 || loadKg > 1000)) return { error: `Load (${displayUnits()}): 0 to ${Math.floor(toUnits(1000))}, or empty.` };
    if (rpe !== null && (Number.isNaN(rpe) || rpe < 1 || rpe > 10 || !Number.isInteger(rpe * 2))) return { error: "RPE: 1 to 10 in half steps, or empty." };
    return { exercise: this.select.value, load_kg: loadKg, reps, rpe, pain: this.pain.checked, form: this.cues.values(), notes: this.note.value.trim() };
  }

  focus() {
    this.reps.input.focus();
  }
}
