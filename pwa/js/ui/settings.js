// Settings: the lifter's units, bar and plates (the profile, synced to every device), and Import
// file, which brings a history from Strong, Hevy, FitNotes, Liftosaur or a Hinge export. The
// import is read and checked on the device (offline too), previewed, then written through the
// ordinary local path in whole sessions, so it syncs like anything logged by hand.

import { displayUnits, fromUnits, LB_KG, toUnits } from "../display.js";
import { formatNumber } from "../format.js";
import { PROFILE_ID } from "../local.js";
import { h, replaceChildren, showFieldError, uid } from "./dom.js";

// The plates a lifter may own, per units (what the plate checkboxes offer).
const PLATE_SIZES = { kg: [50, 25, 20, 15, 10, 5, 2.5, 2, 1.25, 1, 0.5], lb: [100, 55, 45, 35, 25, 15, 10, 5, 2.5, 1.25] };
// sync-protocol.md §5a: bar_kg 0..100, at most 20 plates.
const MAX_BAR_KG = 100;
const MAX_PLATES = 20;
// How many ops go into one local write while importing: whole sessions, about this many ops.
const IMPORT_WRITE_OPS = 2000;
// Two plates are the same size when within this (lb plates are stored as kg, inexactly).
const SAME_PLATE_KG = 0.001;

/** @typedef {import("../importing.js").ImportPlan} ImportPlan */

export class SettingsScreen {
  /** @param {Deps} deps */
  constructor({ local, syncer, program }) {
    this.local = local;
    this.syncer = syncer;
    this.program = program;
    /** @type {ImportPlan | null} */
    this.plan = null;
    /** @type {string | null} the chosen file's text */
    this.text = null;
    this.importing = false;

    const unitsId = uid("units");
    this.units = h(
      "select",
      { id: unitsId, class: "select", onchange: () => this.setUnits(/** @type {"kg" | "lb"} */ (this.units.value)) },
      h("option", { value: "kg" }, "kg"),
      h("option", { value: "lb" }, "lb"),
    );
    const barId = uid("bar");
    this.bar = h("input", { id: barId, class: "input input-number", type: "number", inputmode: "decimal", min: 0, step: "any", "aria-describedby": uid("bar-error") });
    this.barUnit = h("span", { class: "input-unit", "aria-hidden": "true" });
    this.barError = h("p", { id: this.bar.getAttribute("aria-describedby"), class: "form-error field-error", role: "alert" });
    this.bar.addEventListener("change", () => this.setBar());
    this.bar.addEventListener("input", () => {
      if (this.barError.textContent && this.barProblem() === "") this.showBarError("");
    });
    this.plates = h("div", { class: "plate-chips" });
    this.platesNote = h("p", { class: "section-note" });

    const fileId = uid("import-file");
    this.file = h("input", { id: fileId, type: "file", class: "file-input", accept: ".csv,.json,.txt,text/csv,application/json", "aria-describedby": uid("import-error") });
    this.file.addEventListener("change", () => this.readFile());
    this.fileError = h("p", { id: this.file.getAttribute("aria-describedby"), class: "form-error field-error", role: "alert" });
    this.preview = h("div", { class: "import-preview", hidden: true });
    this.progress = h("progress", { class: "import-progress", max: 1, value: 0, hidden: true, "aria-label": "Import progress" });
    this.status = h("p", { class: "import-status", role: "status" });

    this.el = h(
      "div",
      { class: "screen screen-settings" },
      h("h1", { class: "screen-title" }, "Settings"),
      h(
        "section",
        { class: "card settings-card" },
        h("h2", { class: "section-title" }, "Units and equipment"),
        h("p", { class: "section-note" }, "Loads are typed and shown in these units on every device you sign in on."),
        h("div", { class: "field" }, h("label", { for: unitsId, class: "field-label" }, "Units"), this.units),
        h("div", { class: "field" }, h("label", { for: barId, class: "field-label" }, "Bar weight"), h("div", { class: "input-with-unit" }, this.bar, this.barUnit), this.barError),
        h("fieldset", { class: "field plates-field" }, h("legend", { class: "field-label" }, "Plates you own"), this.plates, this.platesNote),
      ),
      h(
        "section",
        { class: "card settings-card" },
        h("h2", { class: "section-title" }, "Bring your history"),
        h("p", { class: "section-note" }, "A CSV export from Strong, Hevy, FitNotes or Liftosaur, or a Hinge export. It is read on this device, and importing the same file again adds nothing."),
        h("div", { class: "field" }, h("label", { for: fileId, class: "field-label" }, "Import file"), this.file, this.fileError),
        this.preview,
        this.progress,
        this.status,
      ),
    );
    this.unsubscribe = null;
  }

  update() {
    const profile = this.local.profile();
    this.units.value = profile.units;
    if (document.activeElement !== this.bar) this.bar.value = formatNumber(toUnits(profile.bar_kg));
    this.barUnit.textContent = profile.units;
    this.showPlates(profile);
    if (!this.importing && this.plan === null && this.status.dataset.kind === "syncing") this.showSyncing();
  }

  // ---- the profile ----

  /** @param {string} field @param {unknown} value */
  writeProfile(field, value) {
    return this.local.write([{ entity: "profile", entity_id: PROFILE_ID, field, value }]);
  }

  /** @param {"kg" | "lb"} units */
  setUnits(units) {
    if (units === this.local.profile().units) return;
    this.writeProfile("units", units);
  }

  barProblem() {
    const value = this.bar.valueAsNumber;
    const most = `${formatNumber(toUnits(MAX_BAR_KG))} ${displayUnits()}`;
    if (this.bar.value.trim() === "" || !Number.isFinite(value) || value < 0 || fromUnits(value) > MAX_BAR_KG + 1e-9) {
      return `Enter the bar's weight, from 0 to ${most}.`;
    }
    return "";
  }

  /** @param {string} text */
  showBarError(text) {
    showFieldError(this.bar, this.barError, text);
  }

  setBar() {
    const problem = this.barProblem();
    this.showBarError(problem);
    if (problem) return;
    const kg = Math.min(MAX_BAR_KG, fromUnits(this.bar.valueAsNumber));
    if (Math.abs(kg - this.local.profile().bar_kg) > 1e-9) this.writeProfile("bar_kg", kg);
  }

  /** @param {Profile} profile */
  showPlates(profile) {
    const units = profile.units;
    const owned = profile.plates_kg;
    const has = (/** @type {number} */ kg) => owned.some((plate) => Math.abs(plate - kg) < SAME_PLATE_KG);
    const perUnit = units === "lb" ? LB_KG : 1;
    // The usual sizes of these units, and any the lifter owns besides (say, from the other units).
    const sizes = PLATE_SIZES[units].map((size) => size * perUnit);
    for (const plate of owned) if (!sizes.some((kg) => Math.abs(kg - plate) < SAME_PLATE_KG)) sizes.push(plate);
    sizes.sort((a, b) => b - a);
    const key = `${units}:${sizes.map((kg) => `${kg}${has(kg) ? "+" : ""}`).join()}`;
    if (this.plates.dataset.key === key) return;
    this.plates.dataset.key = key;
    replaceChildren(
      this.plates,
      sizes.map((kg) => {
        const box = h("input", { type: "checkbox", checked: has(kg), onchange: () => this.togglePlate(kg, box.checked) });
        return h("label", { class: "chip chip-plate" }, box, h("span", {}, `${formatNumber(toUnits(kg), 2)} ${units}`));
      }),
    );
    this.platesNote.textContent = `Today's Plates line loads each side from these, ${owned.length} size${owned.length === 1 ? "" : "s"} now.`;
  }

  /** @param {number} kg @param {boolean} owned */
  togglePlate(kg, owned) {
    const plates = this.local.profile().plates_kg.filter((plate) => Math.abs(plate - kg) >= SAME_PLATE_KG);
    if (owned) plates.push(kg);
    plates.sort((a, b) => b - a);
    this.writeProfile("plates_kg", plates.slice(0, MAX_PLATES));
  }

  // ---- import ----

  async readFile() {
    const file = this.file.files?.[0];
    this.plan = null;
    this.text = null;
    this.fileError.textContent = "";
    this.preview.hidden = true;
    this.status.textContent = "";
    delete this.status.dataset.kind;
    if (!file) return;
    try {
      this.text = await file.text();
    } catch {
      this.showFileError("That file could not be read. Try choosing it again.");
      return;
    }
    await this.parse(null);
  }

  /** @param {string} text */
  showFileError(text) {
    showFieldError(this.file, this.fileError, text);
  }

  /** @param {"kg" | "lb" | null} units the file's units, when it does not say */
  async parse(units) {
    if (this.text === null) return;
    const importing = await import("../importing.js");
    try {
      this.plan = importing.parseImport(this.text, {
        program: this.program,
        exercises: this.local.exercises(),
        units,
        timeZoneOffsetMinutes: localOffsetMinutes,
      });
    } catch (error) {
      this.plan = null;
      this.preview.hidden = true;
      if (error instanceof importing.ImportError) this.showFileError(error.message);
      else throw error;
      return;
    }
    this.showFileError("");
    this.showPreview(this.plan);
  }

  /** @param {ImportPlan} plan */
  showPreview(plan) {
    const existing = this.existingIds();
    const fresh = plan.sessions.filter((session) => !existing.has(session.id));
    const sets = fresh.reduce((n, session) => n + session.sets.length, 0);
    const already = plan.sessions.length - fresh.length;
    /** @type {Child[]} */
    const parts = [h("h3", { class: "subsection-title" }, `${plan.formatName} export`)];
    if (plan.needsUnits) {
      const id = uid("file-units");
      const choice = h(
        "select",
        { id, class: "select", onchange: () => this.parse(/** @type {"kg" | "lb"} */ (choice.value)) },
        h("option", { value: "" }, "Choose…"),
        h("option", { value: "kg" }, "kg"),
        h("option", { value: "lb" }, "lb"),
      );
      parts.push(
        h("p", { class: "section-note" }, "This file does not say whether its weights are in kg or lb."),
        h("div", { class: "field" }, h("label", { for: id, class: "field-label" }, "Weights in this file"), choice),
      );
      replaceChildren(this.preview, parts);
      this.preview.hidden = false;
      choice.focus();
      return;
    }
    parts.push(
      h("p", { class: "import-counts" }, `${count(fresh.length, "session")} and ${count(sets, "set")} to import.`),
      already ? h("p", { class: "section-note" }, `${count(already, "session")} of this file ${already === 1 ? "is" : "are"} here already and will be left as ${already === 1 ? "it is" : "they are"}.`) : null,
    );
    if (plan.mapped.length) {
      parts.push(
        h("p", { class: "section-note" }, "Matched to the program (these count for records; the technique gates still need your own clean sets):"),
        h("ul", { class: "import-list" }, plan.mapped.map(({ name, exercise }) => h("li", {}, `${name} → ${this.program.exercises.find((e) => e.id === exercise)?.name ?? exercise}`))),
      );
    }
    if (plan.exercises.length) {
      parts.push(
        h("p", { class: "section-note" }, `${count(plan.exercises.length, "new exercise")} of your own:`),
        h("p", { class: "import-names" }, plan.exercises.map((exercise) => exercise.name).join(", ")),
      );
    }
    if (plan.skipped.length) {
      /** @type {Map<string, number>} */
      const reasons = new Map();
      for (const { reason } of plan.skipped) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      parts.push(
        h(
          "details",
          { class: "import-skipped" },
          h("summary", {}, `${count(plan.skipped.length, "row")} not imported`),
          h("ul", { class: "import-list" }, [...reasons].map(([reason, n]) => h("li", {}, `${reason}: ${n}`))),
        ),
      );
    }
    const button = h("button", { type: "button", class: "btn btn-primary btn-block", disabled: fresh.length === 0, onclick: () => this.runImport() }, "Import");
    parts.push(button);
    replaceChildren(this.preview, parts);
    this.preview.hidden = false;
  }

  existingIds() {
    const entities = this.local.entities;
    return new Set([...Object.keys(entities.session), ...Object.keys(entities.set), ...Object.keys(entities.exercise)]);
  }

  // Write the plan in whole sessions, a few thousand ops a write, with the page kept responsive
  // and the progress shown; then follow the sync until the server has it all.
  async runImport() {
    const plan = this.plan;
    if (plan === null || this.importing) return;
    const importing = await import("../importing.js");
    this.importing = true;
    this.preview.hidden = true;
    this.file.disabled = true;
    const batches = [...importing.importChanges(plan, { existing: this.existingIds() })];
    const total = batches.reduce((n, batch) => n + batch.length, 0);
    const sessions = new Set(batches.flat().filter((change) => change.entity === "session").map((change) => change.entity_id)).size;
    this.progress.hidden = false;
    this.progress.max = Math.max(1, total);
    this.progress.value = 0;
    let written = 0;
    try {
      for (let i = 0; i < batches.length; ) {
        const write = [];
        while (i < batches.length && (write.length === 0 || write.length + batches[i].length <= IMPORT_WRITE_OPS)) write.push(...batches[i++]);
        await this.local.write(write);
        written += write.length;
        this.progress.value = written;
        this.status.textContent = `Importing: ${Math.round((100 * written) / Math.max(1, total))}%`;
        await new Promise((resolve) => {
          setTimeout(resolve, 0); // let the page draw and take taps
        });
      }
    } catch (error) {
      this.status.textContent = `The import stopped: ${/** @type {Error} */ (error).message}. What was written stays; import the file again to add the rest.`;
      this.finishImport();
      return;
    }
    this.finishImport();
    this.status.textContent = `Imported ${count(sessions, "session")}.`;
    this.status.dataset.kind = "syncing";
    this.syncer.request("manual");
    this.plan = null;
    this.showSyncing(sessions);
  }

  finishImport() {
    this.importing = false;
    this.file.disabled = false;
    this.file.value = "";
    this.progress.hidden = true;
  }

  // After an import: how much is still on its way to the server, until it is all there.
  /** @param {number} [sessions] */
  showSyncing(sessions) {
    if (sessions !== undefined) this.status.dataset.sessions = String(sessions);
    const imported = Number(this.status.dataset.sessions ?? 0);
    const waiting = this.local.pendingCount();
    this.status.textContent =
      waiting > 0
        ? `Imported ${count(imported, "session")}. Syncing: ${waiting.toLocaleString("en")} change${waiting === 1 ? "" : "s"} still to send.`
        : `Imported ${count(imported, "session")}. All synced.`;
    if (waiting === 0) delete this.status.dataset.kind;
  }
}

/** @param {number} n @param {string} noun */
function count(n, noun) {
  return `${n.toLocaleString("en")} ${noun}${n === 1 ? "" : "s"}`;
}

// The device's offset from UTC in minutes at a local date and time (as the file's dates are).
/** @param {{year: number, month: number, day: number, hour: number, minute: number, second: number}} local */
function localOffsetMinutes({ year, month, day, hour, minute, second }) {
  return -new Date(year, month - 1, day, hour, minute, second).getTimezoneOffset();
}
