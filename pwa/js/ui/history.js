// History: sessions newest first, each set a logbook row with the record badges it earned; a tap
// on the row offers Edit and Delete; a deletion offers Undo. Each session's exercise names lead to
// that exercise's screen (#exercise/<id>: its records, charts and sets).

import { append, h, replaceChildren, uid } from "./dom.js";
import { exerciseLink } from "./exercise-link.js";
import { SetEditor } from "./set-editor.js";
import { setRowPieces } from "./session-sets.js";
import { formatDay, formatTime } from "../format.js";
import { badgesBySet } from "../records.js";
import { deleteSetChanges, editSetChanges, exerciseOf, setRowText } from "../workout.js";

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
    /** @type {string | null} */
    this.open = null; // the set id whose row shows Edit and Delete
    this.list = h("div", { class: "history" });
    this.more = h("button", { type: "button", class: "btn btn-ghost btn-block", onclick: () => this.showMore() }, "Show older sessions");
    this.el = h("div", { class: "screen screen-history" }, h("h1", { class: "screen-title" }, "History"), this.list, this.more);
    this.el.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.open !== null) {
        event.preventDefault();
        this.close(true);
      }
    });
    // A tap anywhere outside the open row closes it: on the click (capturing, before another
    // row's own click opens that one), not on the press, so nothing moves under the finger.
    document.addEventListener(
      "click",
      (event) => {
        if (this.open === null) return;
        const row = this.list.querySelector(".history-set.open");
        if (!row || !(event.target instanceof Node) || !row.contains(event.target)) this.close();
      },
      true,
    );
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
    // One replay of the whole log for every row's badges.
    this.badges = badgesBySet(sessions);
    replaceChildren(this.list, sessions.slice(0, this.shown).map((session) => this.sessionCard(session)));
  }

  /** @param {SessionView} session */
  sessionCard(session) {
    const exercises = [...new Set(session.sets.map((set) => set.exercise))].filter((id) => id !== null);
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
      exercises.length
        ? h(
            "ul",
            { class: "exercise-links session-exercises", "aria-label": "Exercises" },
            exercises.map((id) => h("li", {}, exerciseLink(exerciseOf(this.program, id)))),
          )
        : null,
      count === 0 ? h("p", { class: "empty" }, "No sets in this session.") : h("ul", { class: "history-sets" }, session.sets.map((set) => this.setRow(set))),
    );
  }

  // A row is one button (aria-expanded) that opens its action bar, Edit and Delete; one row is
  // open at a time, and Escape or a tap elsewhere closes it.
  /** @param {SetView} set */
  setRow(set) {
    const text = setRowText(set, this.program);
    const open = set.id === this.open;
    const actionsId = uid("set-actions");
    /** @type {HTMLLIElement} */
    const row = h("li", { class: open ? "history-set open" : "history-set", dataset: { setId: set.id } });
    const toggle = h(
      "button",
      { type: "button", class: "logrow logrow-toggle", "aria-expanded": String(open), "aria-controls": actionsId, onclick: () => this.toggle(set.id, row) },
      setRowPieces(text),
    );
    // The record badge is said after the row's name, as its description: the name stays what
    // the row reads without one ("60 kg × 10 Deadlift all cues RPE 8").
    const earned = this.badges?.[set.id] ?? [];
    let record = null;
    if (earned.length) {
      const badge = setRowPieces(text, earned)[1];
      if (badge) {
        const line = /** @type {Element} */ (toggle.firstChild);
        line.after(badge);
        badge.setAttribute("aria-hidden", "true");
        record = h("span", { id: uid("set-record"), class: "visually-hidden" }, badge.getAttribute("title") ?? "Record");
        toggle.setAttribute("aria-describedby", record.id);
      }
    }
    const actions = h(
      "div",
      { class: "row-actions", id: actionsId, hidden: !open },
      h("button", { type: "button", class: "btn btn-small btn-ghost", onclick: () => this.edit(set, row) }, "Edit"),
      h("button", { type: "button", class: "btn btn-small btn-danger-ghost", onclick: () => this.remove(set) }, "Delete"),
    );
    return append(row, [toggle, record, actions]);
  }

  /** @param {string} id @param {HTMLLIElement} row */
  toggle(id, row) {
    const opening = this.open !== id;
    this.close();
    if (!opening) return;
    this.open = id;
    row.classList.add("open");
    row.querySelector(".logrow-toggle")?.setAttribute("aria-expanded", "true");
    const actions = row.querySelector(".row-actions");
    if (actions instanceof HTMLElement) actions.hidden = false;
  }

  // Closes the open row, if any; with `focus` (Escape) its button takes the focus.
  close(focus = false) {
    const row = this.open === null ? null : this.list.querySelector(`.history-set.open`);
    this.open = null;
    if (!row) return;
    row.classList.remove("open");
    const toggle = row.querySelector(".logrow-toggle");
    toggle?.setAttribute("aria-expanded", "false");
    const actions = row.querySelector(".row-actions");
    if (actions instanceof HTMLElement) actions.hidden = true;
    if (focus && toggle instanceof HTMLElement) toggle.focus();
  }

  /** @param {SetView} set @param {HTMLLIElement} row */
  edit(set, row) {
    this.open = null;
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
    this.open = null;
    await this.local.write(deleteSetChanges(set.id));
    this.toast.show(`Deleted ${setRowText(set, this.program).loadReps} ${exercise.name.toLowerCase()}.`, () =>
      this.local.write(deleteSetChanges(set.id, false)),
    );
  }
}
