// Logging a set: Exercise (with Add exercise), Load in the lifter's units, Reps and RPE prefilled
// from the last set of that exercise, the plates per side and a warm-up ramp for a barbell, the
// cue chips, Warm-up, Pain, and the full-width Log set button at the thumb. Repeating the last set
// is one tap on Log set; the form keeps what was logged so the next repeat is one tap again.

import { displayUnits, fromUnits, toUnits } from "../display.js";
import { formatNumber } from "../format.js";
import { loadableAtMost, plates } from "../plates.js";
import { exerciseOf, lastSetOf, warmupRamp } from "../workout.js";
import { h, showFieldError, uid } from "./dom.js";
import { CueGrid } from "./cue-grid.js";
import { RestTimer } from "./rest-timer.js";
import { Stepper } from "./stepper.js";

// One press of − or + on the load, in the lifter's units.
const LOAD_STEP = { kg: 2.5, lb: 5 };
const MAX_LOAD_KG = 1000;
// What the lifter's own exercises may be (sync-protocol.md §5a), as the picker names them.
const EXERCISE_KINDS = { barbell: "Barbell", dumbbell: "Dumbbell", kettlebell: "Kettlebell", machine: "Machine", band: "Band", bodyweight: "Bodyweight", other: "Other" };

/** @param {number} value @param {number} step */
function roundTo(value, step) {
  return Math.round(value / step) * step;
}

export class LogPanel {
  /** @param {{program: Program, onLog: (values: LoggedValues) => unknown, onAddExercise: (name: string, kind: string) => Promise<string>}} options */
  constructor({ program, onLog, onAddExercise }) {
    this.program = program;
    this.onLog = onLog;
    this.onAddExercise = onAddExercise;
    /** @type {Profile} */
    this.profile = { units: "kg", bar_kg: 20, plates_kg: [] };
    /** @type {OwnExercise[]} */
    this.own = [];
    /** @type {string | null} what the picker's options were made from */
    this.optionsKey = null;
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
      step: (direction, current) => this.stepLoad(direction, current),
    });
    this.load.input.addEventListener("input", () => this.showBar());
    // For a barbell: the plates per side for the load in the field, and a ramp up to it.
    this.plates = h("p", { class: "plates", role: "note", "aria-label": "Plates", hidden: true });
    this.ramp = h("p", { class: "ramp", hidden: true });
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
    this.warmup = h("input", { type: "checkbox", "aria-describedby": uid("warmup-help") });
    const painHelp = h("span", { id: this.pain.getAttribute("aria-describedby") }, "A set that hurt never counts.");
    // Each number field's error sits right under it, describes it, and goes once it is fixed.
    /** @type {Record<PanelField, {stepper: Stepper, error: HTMLParagraphElement}>} */
    this.fields = { load: this.field(this.load), reps: this.field(this.reps), rpe: this.field(this.rpe) };
    const noteId = uid("set-note");
    this.note = h("input", { id: noteId, class: "input", maxlength: 2000 });
    this.button = h("button", { type: "submit", class: "btn btn-primary btn-log" }, "Log set");
    this.rest = new RestTimer({ program });

    this.adder = this.exerciseAdder();
    // In the document only while open: "Exercise name" would otherwise be one more "Exercise".
    this.adderSlot = h("div", { class: "adder-slot" });
    this.addButton = h("button", { type: "button", class: "btn btn-small btn-ghost", "aria-expanded": "false", onclick: () => this.openAdder() }, "Add exercise");
    this.el = h(
      "form",
      { class: "log-panel card", "aria-label": "Log a set", novalidate: true, onsubmit: (event) => this.submit(event) },
      h(
        "div",
        { class: "field" },
        h(
          "div",
          { class: "field-head" },
          h("label", { for: selectId, class: "field-label" }, "Exercise"),
          this.addButton,
        ),
        this.select,
        this.adderSlot,
      ),
      // The plates and the ramp right under the load they are for.
      h("div", { class: "steppers" }, Object.values(this.fields).map(({ stepper, error }) => [stepper.el, error, stepper === this.load ? [this.plates, this.ramp] : null])),
      this.cues.el,
      h(
        "div",
        { class: "pain-row" },
        h("label", { class: "chip chip-warmup" }, this.warmup, h("span", {}, "Warm-up")),
        h("label", { class: "chip chip-pain" }, this.pain, h("span", {}, "Pain")),
      ),
      h(
        "p",
        { class: "chip-note" },
        h("span", { id: this.warmup.getAttribute("aria-describedby") }, "A warm-up never counts. "),
        painHelp,
      ),
      h("div", { class: "field note-field" }, h("label", { for: noteId, class: "field-label" }, "Set note (optional)"), this.note),
      h("div", { class: "log-bar" }, this.rest.el, this.button),
    );
  }

  // Fresh data: which exercises are open, the sessions, the open session and today's focus.
  /** @param {PanelData} data */
  update({ unlocked, sessions, session, focus, caps, profile, exercises }) {
    this.sessions = sessions;
    this.caps = caps;
    const unitsChanged = profile.units !== this.profile.units;
    const shownKg = this.loadKg();
    this.profile = profile;
    this.own = exercises;
    if (unitsChanged) {
      this.load.label.textContent = `Load (${profile.units})`;
      this.setLoadKg(shownKg);
    }
    // Open program exercises first (never a locked one), then the lifter's own.
    const offered = [...unlocked, ...exercises.map((exercise) => exercise.id)];
    const key = [...unlocked, ...exercises.map((exercise) => `${exercise.id}=${exercise.name}`)].join();
    if (key !== this.optionsKey) {
      this.optionsKey = key;
      const program = unlocked.map((id) => h("option", { value: id }, exerciseOf(this.program, id).name));
      const own = exercises.length ? [h("optgroup", { label: "Your exercises" }, exercises.map((e) => h("option", { value: e.id }, e.name)))] : [];
      this.select.replaceChildren(...program, ...own);
    }
    unlocked = offered;
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
    this.showBar();
  }

  // The load field in kg (null empty, NaN not a number), and back: the field is in the lifter's units.
  loadKg() {
    const value = this.load.get();
    return value === null || Number.isNaN(value) ? value : fromUnits(value);
  }

  /** @param {number | null | undefined} kg */
  setLoadKg(kg) {
    this.load.set(kg === null || kg === undefined || Number.isNaN(kg) ? kg : Number(formatNumber(toUnits(kg))));
  }

  // Plates per side and the warm-up ramp, for a barbell exercise with a load in the field.
  showBar() {
    const exercise = exerciseOf(this.program, this.exercise);
    const load = this.load.get();
    const barbell = (exercise.equipment ?? []).includes("barbell");
    const bar = Number(formatNumber(toUnits(this.profile.bar_kg)));
    const sizes = this.profile.plates_kg.map(toUnits);
    const units = displayUnits();
    this.plates.hidden = this.ramp.hidden = true;
    if (!barbell || load === null || !Number.isFinite(load) || load < 0) return;
    this.plates.hidden = false;
    if (load < bar) {
      this.plates.textContent = `Lighter than your ${formatNumber(bar)} ${units} bar`;
      return;
    }
    const loading = plates(load, bar, sizes);
    if (loading.exact) {
      this.plates.textContent = loading.per_side.length ? `${loading.per_side.map((plate) => formatNumber(plate, 2)).join(" + ")} per side` : "Just the bar";
    } else {
      const nearest = [loading.below, loading.above].filter((x) => x !== null).map((x) => `${formatNumber(x.total)} ${units}`);
      this.plates.textContent = nearest.length ? `Your plates can't make that: nearest ${nearest.join(" or ")}` : "Your plates can't make that";
    }
    const ramp = warmupRamp(load, bar, (target) => loadableAtMost(target, bar, sizes));
    if (ramp.length > 0) {
      this.ramp.hidden = false;
      const steps = ramp.map(({ load: step, reps }) => `${step === bar ? "bar" : formatNumber(step)} × ${reps}`);
      this.ramp.textContent = `Warm-up ramp (${units}): ${steps.join(" · ")}`;
    }
  }

  // Add exercise: a name and what it is, then Add (or Enter); it is chosen at once.
  exerciseAdder() {
    const nameId = uid("exercise-name");
    const kindId = uid("exercise-kind");
    const name = h("input", { id: nameId, class: "input", maxlength: 80, autocomplete: "off", "aria-describedby": uid("exercise-error") });
    const kind = h("select", { id: kindId, class: "select" }, Object.entries(EXERCISE_KINDS).map(([value, text]) => h("option", { value }, text)));
    const error = h("p", { id: name.getAttribute("aria-describedby"), class: "form-error field-error", role: "alert" });
    const add = async () => {
      const problem = this.nameProblem(name.value);
      showFieldError(name, error, problem);
      if (problem) {
        name.focus();
        return;
      }
      const id = await this.onAddExercise(name.value.trim().normalize("NFC"), kind.value);
      name.value = "";
      this.closeAdder();
      this.chosen = true;
      this.choose(id);
    };
    name.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault(); // not Log set: this is the exercise's own little form
      add();
    });
    name.addEventListener("input", () => {
      if (error.textContent && !this.nameProblem(name.value)) showFieldError(name, error, "");
    });
    const el = h(
      "div",
      { class: "adder" },
      h("div", { class: "field" }, h("label", { for: nameId, class: "field-label" }, "Exercise name"), name, error),
      h("div", { class: "field" }, h("label", { for: kindId, class: "field-label" }, "Equipment"), kind),
      h(
        "div",
        { class: "adder-actions" },
        h("button", { type: "button", class: "btn btn-small btn-ghost", onclick: () => this.closeAdder() }, "Cancel"),
        h("button", { type: "button", class: "btn btn-small btn-primary", onclick: add }, "Add"),
      ),
    );
    return { el, name, error };
  }

  // Why `text` cannot name a new exercise ("" when it can).
  /** @param {string} text */
  nameProblem(text) {
    const name = text.trim().normalize("NFC");
    const same = (/** @type {string} */ other) => other.localeCompare(name, undefined, { sensitivity: "base" }) === 0;
    if (name === "") return "Give the exercise a name.";
    if ([...name].length > 80) return "Keep the name to 80 characters.";
    // A program exercise opens with its stage: a look-alike of the lifter's own would skip the gate.
    if (this.program.exercises.some((exercise) => same(exercise.name))) return `${name} is in the program: it opens when you reach its stage.`;
    if (this.own.some((exercise) => same(exercise.name))) return `You already have ${name}: pick it from the list.`;
    return "";
  }

  openAdder() {
    this.adderSlot.replaceChildren(this.adder.el);
    this.addButton.setAttribute("aria-expanded", "true");
    this.adder.name.focus();
  }

  closeAdder() {
    this.adder.el.remove();
    showFieldError(this.adder.name, this.adder.error, "");
    this.addButton.setAttribute("aria-expanded", "false");
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
    this.warmup.checked = false;
    if (last) {
      this.setLoadKg(last.load_kg);
      this.reps.set(last.reps);
      this.rpe.set(last.rpe);
      this.cues.setExercise(exercise, last.form);
    } else {
      const minimum = displayUnits() === "lb" && typeof stage?.min_load_lb === "number" ? fromUnits(stage.min_load_lb) : stage?.min_load_kg;
      this.setLoadKg(this.caps[id] ?? minimum ?? null);
      // Stages without a rep range (the deadlift) start at 5, assistance at 10.
      this.reps.set(stage?.reps?.min ?? (stage ? 5 : 10));
      this.rpe.set(null);
      this.cues.setExercise(exercise, {});
    }
    this.pain.checked = false;
    this.clearErrors();
    this.showBar();
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
    showFieldError(stepper.input, error, text);
  }

  clearErrors() {
    for (const name of Object.keys(this.fields)) this.showError(/** @type {PanelField} */ (name), "");
  }

  // The next load up or down in the lifter's units: the next bell for swings, else LOAD_STEP.
  /** @param {number} direction @param {number | null} current */
  stepLoad(direction, current) {
    const bells = this.program.kettlebell;
    const units = displayUnits();
    if (this.exercise === bells.exercise) {
      const sizes = units === "lb" && bells.sizes_lb ? bells.sizes_lb : bells.sizes_kg;
      if (current === null || Number.isNaN(current)) return direction > 0 ? sizes[0] : null;
      if (direction > 0) return sizes.find((size) => size > current) ?? current;
      return [...sizes].reverse().find((size) => size < current) ?? current;
    }
    // update() chose the exercise before the panel shows.
    const step = LOAD_STEP[units];
    const cap = this.caps[/** @type {string} */ (this.exercise)];
    if (current === null || Number.isNaN(current)) return direction > 0 ? (cap === undefined ? step : Number(formatNumber(toUnits(cap)))) : null;
    return Math.max(0, Math.min(Math.floor(toUnits(MAX_LOAD_KG)), roundTo(current, step) + direction * step));
  }

  // What is wrong with the form, field by field, in sentences (empty when it can be logged).
  /** @returns {Partial<Record<PanelField, string>>} */
  problems() {
    const loadKg = this.loadKg();
    const reps = this.reps.get();
    const rpe = this.rpe.get();
    /** @type {Partial<Record<PanelField, string>>} */
    const problems = {};
    if (loadKg !== null && (Number.isNaN(loadKg) || loadKg < 0 || loadKg > MAX_LOAD_KG + 1e-9)) {
      const most = `${Math.floor(toUnits(MAX_LOAD_KG))} ${displayUnits()}`;
      problems.load = `Enter a load from 0 to ${most}, or leave it empty for a band or no weight.`;
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
      loadKg: this.loadKg(),
      reps: /** @type {number} */ (this.reps.get()),
      rpe: this.rpe.get(),
      cues: this.cues.values(),
      pain: this.pain.checked,
      notes: this.note.value.trim(),
      kind: this.warmup.checked ? "warmup" : "working",
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
