// History: sessions newest first, each set with Edit and Delete; a deletion offers Undo.

import { h, replaceChildren } from "./dom.js";
import { SetEditor } from "./set-editor.js";
import { cueCount, formatDay, formatTime, setLoadReps } from "../format.js";
import { deleteSetChanges, editSetChanges, exerciseOf } from "../workout.js";

const PAGE = 30;

export class HistoryScreen {
  /** @param {Deps} deps */
  constructor({ local, program, toast }) {
    this.local = local;
    this.program = program;
    this.toast = toast;
    this.shown = PAGE;
    /** @type {string | null} */
    this.editing = null; // the set id being edited
    this.list = h("div", { class: "history" });
    this.more = h("button", { type: "button", class: "btn btn-ghost btn-block", onclick: () => this.showMore() }, "Show older sessions");
    this.el = h("div", { class: "screen screen-history" }, h("h1", { class: "screen-title" }, "History"), this.list, this.more);
  }

  showMore() {
    this.shown += PAGE;
    this.render();
  }

  update() {
    if (this.editing === null) this.render();
  }

  render() {
    const sessions = this.local.sessions();
    const key = JSON.stringify(sessions.slice(0, this.shown)) + sessions.length;
    if (key === this.shownKey && this.list.isConnected) return; // nothing visible changed
    /** @type {string | null} */
    this.shownKey = key;
    this.more.hidden = sessions.length <= this.shown;
    if (sessions.length === 0) {
      replaceChildren(this.list, h("p", { class: "empty card" }, "No sessions yet. Log a set on Today and it shows here."));
      return;
    }
    replaceChildren(this.list, sessions.slice(0, this.shown).map((session) => this.sessionCard(session)));
  }

  /** @param {SessionView} session */
  sessionCard(session) {
    const names = [...new Set(session.sets.map((set) => exerciseOf(this.program, set.exercise).name))];
    const count = session.sets.length;
    return h(
      "section",
      { class: "card session-card", "aria-label": `Session ${formatDay(session.started_at)} ${formatTime(session.started_at)}` },
      h(
        "div",
        { class: "session-head" },
        h("h2", { class: "session-day" }, formatDay(session.started_at)),
        h("span", { class: "section-meta" }, [formatTime(session.started_at), `${count} set${count === 1 ? "" : "s"}`].filter(Boolean).join(" · ")),
      ),
      names.length ? h("p", { class: "session-exercises" }, names.join(", ")) : null,
      count === 0 ? h("p", { class: "empty" }, "No sets in this session.") : h("ul", { class: "history-sets" }, session.sets.map((set) => this.setRow(set))),
    );
  }

  /** @param {SetView} set */
  setRow(set) {
    const exercise = exerciseOf(this.program, set.exercise);
    const [ticked, total] = cueCount(set, exercise);
    const summary = setLoadReps(set, exercise);
    const row = h(
      "li",
      { class: "history-set", dataset: { setId: set.id } },
      h(
        "div",
        { class: "set-main" },
        h("span", { class: "set-load" }, summary),
        h(
          "span",
          { class: "set-exercise" },
          [exercise.name, `${ticked}/${total} cues`, set.rpe !== null ? `RPE ${set.rpe}` : null, set.pain ? "pain" : null].filter(Boolean).join(" · "),
        ),
      ),
      h(
        "div",
        { class: "row-actions" },
        h("button", { type: "button", class: "btn btn-small btn-ghost", onclick: () => this.edit(set, row) }, "Edit"),
        h("button", { type: "button", class: "btn btn-small btn-danger-ghost", onclick: () => this.remove(set) }, "Delete"),
      ),
    );
    return row;
  }

  /** @param {SetView} set @param {HTMLLIElement} row */
  edit(set, row) {
    this.editing = set.id;
    const editor = new SetEditor({
      program: this.program,
      set,
      onSave: async (values) => {
        this.editing = null;
        const changes = editSetChanges(set, values, this.program);
        this.shownKey = null;
        if (changes.length > 0) await this.local.write(changes);
        this.render();
      },
      onCancel: () => {
        this.editing = null;
        this.shownKey = null;
        this.render();
      },
    });
    row.replaceChildren(editor.el);
    row.classList.add("editing");
    editor.focus();
  }

  /** @param {SetView} set */
  async remove(set) {
    const exercise = exerciseOf(this.program, set.exercise);
    await this.local.write(deleteSetChanges(set.id));
    this.toast.show(`Deleted ${setLoadReps(set, exercise)} ${exercise.name.toLowerCase()}.`, () =>
      this.local.write(deleteSetChanges(set.id, false)),
    );
  }
}
