// A small bar above the tabs that offers Undo after a deletion or Finish session. It never blocks
// the screen, nor covers Today's Log set: it sits above that bar when there is one.

import { h } from "./dom.js";

export class UndoToast {
  constructor() {
    this.text = h("span", { class: "toast-text" });
    this.button = h("button", { type: "button", class: "btn btn-small btn-ghost", onclick: () => this.undo() }, "Undo");
    this.el = h("div", { class: "toast", "aria-live": "polite", hidden: true }, this.text, this.button);
    /** @type {(() => unknown) | null} */
    this.action = null;
    /** @type {number | undefined} */
    this.timer = undefined;
  }

  /** @param {string} message @param {() => unknown} undo */
  show(message, undo, seconds = 20) {
    this.action = undo;
    this.text.textContent = message;
    this.el.hidden = false;
    const bar = document.querySelector(".log-bar");
    const top = bar && bar.getClientRects().length > 0 ? bar.getBoundingClientRect().top : null;
    this.el.style.bottom = top === null ? "" : `${Math.max(0, innerHeight - top) + 8}px`;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.hide(), seconds * 1000);
  }

  async undo() {
    const action = this.action;
    this.hide();
    if (action) await action();
  }

  hide() {
    clearTimeout(this.timer);
    this.action = null;
    this.el.hidden = true;
  }
}
