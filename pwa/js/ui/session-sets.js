// This session's sets so far, as logbook rows on one line: load × reps, cues, pain, RPE.

import { h, replaceChildren, uid } from "./dom.js";
import { formatTime } from "../format.js";
import { sessionSummary, setRowText } from "../workout.js";

// What each record a set beat is called (records.js's badge ids).
export const RECORD_NAMES = Object.freeze({ heaviest: "heaviest", e1rm: "best e1RM", reps: "best at these reps" });

// The pieces of one logbook row (History uses them too): "60 kg × 10", a PR badge when the set
// beat a record, the exercise (cut short with an ellipsis when the line is full), "✓" or
// "missed: Hips back +1", "Pain", "RPE 8".
/** @param {SetRowText} row @param {string[]} [records] the records.js badges the set earned */
export function setRowPieces(row, records = []) {
  const named = records.map((id) => RECORD_NAMES[/** @type {keyof typeof RECORD_NAMES} */ (id)] ?? id);
  return [
    h("span", { class: "set-load" }, row.loadReps),
    named.length
      ? h("span", { class: "badge badge-record", title: `Record: ${named.join(", ")}` }, "PR", h("span", { class: "visually-hidden" }, `: ${named.join(", ")}`))
      : null,
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
  /** @param {{program: Program, onFinish: () => unknown, onResume: () => unknown, onNote: (session: SessionView, notes: string) => unknown}} options */
  constructor({ program, onFinish, onResume, onNote }) {
    this.program = program;
    /** @type {SessionView | null} the note's session */
    this.noted = null;
    this.title = h("h2", { class: "section-title" }, "This session");
    this.meta = h("span", { class: "section-meta" });
    this.finish = h("button", { type: "button", class: "btn btn-ghost btn-small", onclick: () => onFinish(), hidden: true }, "Finish session");
    this.resume = h("button", { type: "button", class: "btn btn-ghost btn-small", onclick: () => onResume(), hidden: true }, "Resume session");
    this.summary = h("p", { class: "session-summary", hidden: true });
    this.list = h("ol", { class: "set-rows" });
    this.empty = h("p", { class: "empty" }, "No sets yet. Your first set starts the session.");
    this.logged = h("p", { class: "logged-note", "aria-live": "polite" });
    const noteId = uid("session-note");
    this.note = h("input", { id: noteId, class: "input", maxlength: 2000, onchange: () => this.noted && onNote(this.noted, this.note.value.trim()) });
    this.noteField = h("div", { class: "field note-field", hidden: true }, h("label", { for: noteId, class: "field-label" }, "Session note (optional)"), this.note);
    this.el = h(
      "section",
      { class: "session-sets" },
      h("div", { class: "section-head" }, h("div", { class: "section-head-text" }, this.title, this.meta), this.finish, this.resume),
      this.summary,
      this.list,
      this.logged,
      this.empty,
      this.noteField,
    );
  }

  // `finished`: the last session, to resume; `records`: the PR badges by set id (records.js).
  /** @param {SessionView | null} session @param {string[]} aboveCap @param {SessionView | null} [finished] @param {Record<string, string[]>} [records] */
  update(session, aboveCap, finished = null, records = {}) {
    const shown = session ?? finished;
    const sets = session?.sets ?? [];
    this.finish.hidden = !session;
    this.resume.hidden = session !== null || finished === null;
    this.title.textContent = session || !finished ? "This session" : "Last session";
    this.summary.hidden = session !== null || finished === null;
    this.summary.textContent = finished && !session ? sessionSummary(finished, this.program) : "";
    this.empty.hidden = sets.length > 0 || !this.summary.hidden;
    this.meta.textContent = shown ? `${formatTime(shown.started_at)} · ${shown.sets.length} set${shown.sets.length === 1 ? "" : "s"}` : "";
    this.noteField.hidden = shown === null;
    if (shown?.id !== this.noted?.id || document.activeElement !== this.note) this.note.value = shown?.notes ?? "";
    this.noted = shown;
    if (!session) this.logged.textContent = "";
    const above = new Set(aboveCap);
    replaceChildren(
      this.list,
      sets.map((set, index) =>
        h(
          "li",
          { class: "set-row", dataset: { setId: set.id } },
          h("span", { class: "set-index" }, String(index + 1)),
          h("span", { class: "logrow" }, setRowPieces(setRowText(set, this.program), records[set.id])),
          above.has(set.id) ? h("span", { class: "badge badge-warn" }, "Above cap") : null,
        ),
      ),
    );
  }

  // The set just logged: scrolled into view between the top bar and the Log set bar, and said.
  /** @param {string} setId @param {SetRowText} text */
  reveal(setId, text) {
    const row = this.list.querySelector(`[data-set-id="${setId}"]`);
    if (!row) return;
    const box = row.getBoundingClientRect();
    const top = document.querySelector(".top")?.getBoundingClientRect().bottom ?? 0;
    const bottom = document.querySelector(".log-bar")?.getBoundingClientRect().top ?? innerHeight;
    const behavior = matchMedia("(prefers-reduced-motion: reduce)").matches ? "instant" : "smooth";
    const by = box.top < top ? box.top - top - 8 : Math.max(0, box.bottom - bottom + 8);
    if (by) scrollBy({ top: by, behavior });
    row.classList.add("just-logged");
    this.logged.textContent = `Logged ${text.loadReps} ${text.exercise.toLowerCase()}.`;
  }
}
