// Logging a set: Exercise, Load (kg), Reps and RPE prefilled from the last set of that exercise,
// the cue chips, Pain, and the full-width Log set button at the thumb. Repeating the last set is
// one tap on Log set; the form keeps what was logged so the next repeat is one tap again.

import { h, uid } from "./dom.js";
import { CueGrid } from "./cue-grid.js";
import { RestTimer } from "./rest-timer.js";
import { Stepper } from "./stepper.js";
import { exerciseOf, lastSetOf } from "../workout.js";

const LOAD_STEP = 2.5;

/** @param {number} value @param {number} step */
function roundTo(value, step) {
  return Math.round(value / step) * step;
}

export class LogPanel {
  /** @param {{program: Program, onLog: (values: LoggedValues) => unknown}} options */
  constructor({ program, onLog }) {
    this.program = program;
    this.onLog = onLog;
    /** @type {string | null} */
    this.exercise = null;
    this.chosen = false; // the lifter picked an exercise this session
    /** @type {string | null | undefined} */
    this.sessionKey = undefined;
    /** @type {Record<string, number>} */
    this.caps = {};

    const selectId = uid("exercise");
    this.select = h("select", {
      id: selectId,
      class: "select",
      onchange: () => {
        this.chosen = true;
        this.choose(this.select.value);
      },
    });
    this.load = new Stepper({
      label: "Load (kg)",
      less: "Less weight",
      more: "More weight",
      min: 0,
      max: 1000,
      step: (direction, current) => this.stepLoad(direction, current),
    });
    this.reps = new Stepper({
      label: "Reps",
      less: "One rep fewer",
      more: "One rep more",
      inputmode: "numeric",
      min: 0,
      max: 1000,
      stepAttr: 1,
      step: (direction, current) => Math.max(0, Math.min(1000, Math.round((current ?? 0) + direction))),
    });
    this.rpe = new Stepper({
      label: "RPE",
      less: "Lower effort",
      more: "Higher effort",
      min: 1,
      max: 10,
      stepAttr: 0.5,
      placeholder: "–",
      step: (direction, current) => {
        if (current === null || Number.isNaN(current)) return direction > 0 ? 7 : null;
        const next = roundTo(current, 0.5) + direction * 0.5;
        return next < 1 ? null : Math.min(10, next);
      },
    });
    this.cues = new CueGrid(program);
    this.pain = h("input", { type: "checkbox", "aria-describedby": uid("pain-help") });
    const painHelp = h(
      "span",
      { id: this.pain.getAttribute("aria-describedby"), class: "chip-note" },
      "A set that hurt never counts.",
    );
    // Each number field's error sits right under it, describes it, and goes once it is fixed.
    /** @type {Record<PanelField, {stepper: Stepper, error: HTMLParagraphElement}>} */
    this.fields = { load: this.field(this.load), reps: this.field(this.reps), rpe: this.field(this.rpe) };
    const noteId = uid("set-note");
    this.note = h("input", { id: noteId, class: "input", maxlength: 2000 });
    this.button = h("button", { type: "submit", class: "btn btn-primary btn-log" }, "Log set");
    this.rest = new RestTimer({ program });

    this.el = h(
      "form",
      { class: "log-panel card", "aria-label": "Log a set", novalidate: true, onsubmit: (event) => this.submit(event) },
      h("div", { class: "field" }, h("label", { for: selectId, class: "field-label" }, "Exercise"), this.select),
      h("div", { class: "steppers" }, Object.values(this.fields).map(({ stepper, error }) => [stepper.el, error])),
      this.cues.el,
      h("div", { class: "pain-row" }, h("label", { class: "chip chip-pain" }, this.pain, h("span", {}, "Pain")), painHelp),
      h("div", { class: "field note-field" }, h("label", { for: noteId, class: "field-label" }, "Set note (optional)"), this.note),
      h("div", { class: "log-bar" }, this.rest.el, this.button),
    );
  }

  // Fresh data: which exercises are open, the sessions, the open session and today's focus.
  /** @param {PanelData} data */
  update({ unlocked, sessions, session, focus, caps }) {
    this.sessions = sessions;
    this.caps = caps;
    const options = unlocked.map((id) => exerciseOf(this.program, id));
    const current = [...this.select.options].map((option) => option.value).join();
    if (current !== unlocked.join()) {
      this.select.replaceChildren(...options.map((exercise) => h("option", { value: exercise.id }, exercise.name)));
    }
    const sessionKey = session?.id ?? null;
    if (sessionKey !== this.sessionKey) {
      // A new session starts from today's focus, or from what this session was doing.
      this.sessionKey = sessionKey;
      this.chosen = false;
      this.clearErrors();
    }
    const lastInSession = session?.sets.at(-1)?.exercise;
    let wanted = this.exercise;
    if (!this.chosen || wanted === null || !unlocked.includes(wanted)) {
      wanted = lastInSession && unlocked.includes(lastInSession) ? lastInSession : focus;
      if (!unlocked.includes(wanted)) wanted = unlocked[0];
    }
    if (wanted !== this.exercise) this.choose(wanted);
    else this.select.value = wanted;
  }

  // Show `id` with the values of its last set (or sensible first values).
  /** @param {string} id */
  choose(id) {
    this.exercise = id;
    this.select.value = id;
    const exercise = exerciseOf(this.program, id);
    const last = lastSetOf(this.sessions ?? [], id);
    const stage = this.program.stages.find((s) => s.exercises.includes(id));
    this.load.input.placeholder = exercise.equipment?.includes("band") ? "band" : "–";
    if (last) {
      this.load.set(last.load_kg);
      this.reps.set(last.reps);
      this.rpe.set(last.rpe);
      this.cues.setExercise(exercise, last.form);
    } else {
      this.load.set(this.caps[id] ?? stage?.min_load_kg ?? null);
      // Stages without a rep range (the deadlift) start at 5, assistance at 10.
      this.reps.set(stage?.reps?.min ?? (stage ? 5 : 10));
      this.rpe.set(null);
      this.cues.setExercise(exercise, {});
    }
    this.pain.checked = false;
    this.clearErrors();
  }

  /** @param {Stepper} stepper */
  field(stepper) {
    const error = h("p", { id: uid("error"), class: "form-error field-error", role: "alert" });
    stepper.input.setAttribute("aria-describedby", error.id);
    // Typing or a − / + press: an error shown for a field that is now right goes at once.
    stepper.input.addEventListener("input", () => this.recheck());
    return { stepper, error };
  }

  recheck() {
    const problems = this.problems();
    for (const [name, { error }] of Object.entries(this.fields)) {
      if (error.textContent && !problems[/** @type {PanelField} */ (name)]) this.showError(/** @type {PanelField} */ (name), "");
    }
  }

  /** @param {PanelField} name @param {string} text */
  showError(name, text) {
    const { stepper, error } = this.fields[name];
    error.textContent = text;
    if (text) stepper.input.setAttribute("aria-invalid", "true");
    else stepper.input.removeAttribute("aria-invalid");
  }

  clearErrors() {
    for (const name of Object.keys(this.fields)) this.showError(/** @type {PanelField} */ (name), "");
  }

  /** @param {number} direction @param {number | null} current */
  stepLoad(direction, current) {
    const bells = this.program.kettlebell;
    if (this.exercise === bells.exercise) {
      const sizes = bells.sizes_kg;
      if (current === null || Number.isNaN(current)) return direction > 0 ? sizes[0] : null;
      if (direction > 0) return sizes.find((size) => size > current) ?? current;
      return [...sizes].reverse().find((size) => size < current) ?? current;
    }
    // update() chose the exercise before the panel shows.
    if (current === null || Number.isNaN(current)) return direction > 0 ? (this.caps[/** @type {string} */ (this.exercise)] ?? LOAD_STEP) : null;
    return Math.max(0, Math.min(1000, roundTo(current, LOAD_STEP) + direction * LOAD_STEP));
  }

  // What is wrong with the form, field by field, in sentences (empty when it can be logged).
  /** @returns {Partial<Record<PanelField, string>>} */
  problems() {
    const loadKg = this.load.get();
    const reps = this.reps.get();
    const rpe = this.rpe.get();
    /** @type {Partial<Record<PanelField, string>>} */
    const problems = {};
    if (loadKg !== null && (Number.isNaN(loadKg) || loadKg < 0 || loadKg > 1000)) {
      problems.load = "Enter a load from 0 to 1000 kg, or leave it empty for a band or no weight.";
    }
    if (reps === null || !Number.isInteger(reps) || reps < 0 || reps > 1000) problems.reps = "Enter the reps as a whole number from 0 to 1000.";
    if (rpe !== null && (Number.isNaN(rpe) || rpe < 1 || rpe > 10 || !Number.isInteger(rpe * 2))) {
      problems.rpe = "Enter an RPE from 1 to 10 in half steps, or leave it empty.";
    }
    return problems;
  }

  // The form's values.
  /** @returns {LoggedValues} */
  read() {
    return {
      exercise: this.exercise,
      loadKg: this.load.get(),
      reps: /** @type {number} */ (this.reps.get()),
      rpe: this.rpe.get(),
      cues: this.cues.values(),
      pain: this.pain.checked,
      notes: this.note.value.trim(),
    };
  }

  /** @param {SubmitEvent} event */
  async submit(event) {
    event.preventDefault();
    const problems = this.problems();
    const wrong = /** @type {PanelField[]} */ (Object.keys(this.fields)).filter((name) => problems[name]);
    for (const name of Object.keys(this.fields)) {
      this.showError(/** @type {PanelField} */ (name), problems[/** @type {PanelField} */ (name)] ?? "");
    }
    if (wrong.length > 0) {
      // In view above the Log set bar, with the field to fix focused.
      const { stepper, error } = this.fields[wrong[0]];
      stepper.input.focus({ preventScroll: true });
      error.scrollIntoView({ block: "center", behavior: "instant" });
      return;
    }
    const values = this.read();
    this.pain.checked = false;
    this.note.value = "";
    this.rest.start(values.exercise);
    await this.onLog(values);
  }
}
