// The rest timer: a bar with the countdown, +30 s and Skip, started by logging a set. It never
// blocks logging the next one, and buzzes when the rest is over where the device can vibrate.

import { formatClock } from "../format.js";
import { h } from "./dom.js";

export const REST_SECONDS = 90;

export class RestTimer {
  constructor({ now = () => Date.now() } = {}) {
    this.now = now;
    /** @type {number | undefined} */
    this.timer = undefined;
    this.endsAt = 0;
    this.total = REST_SECONDS;
    this.clock = h("span", { class: "rest-clock" }, "0:00");
    this.fill = h("span", { class: "rest-fill" });
    this.label = h("span", { class: "rest-label" }, "Rest");
    this.el = h(
      "div",
      { class: "rest", role: "timer", "aria-label": "Rest timer", hidden: true },
      h("span", { class: "rest-track", "aria-hidden": "true" }, this.fill),
      h("span", { class: "rest-text" }, this.label, this.clock),
      h("button", { type: "button", class: "btn btn-small", onclick: () => this.add(30) }, "+30 s"),
      h("button", { type: "button", class: "btn btn-small", onclick: () => this.stop() }, "Skip"),
    );
  }

  start(seconds = REST_SECONDS) {
    this.total = seconds;
    this.endsAt = this.now() + seconds * 1000;
    this.el.hidden = false;
    this.el.classList.remove("done");
    this.label.textContent = "Rest";
    clearInterval(this.timer);
    this.timer = setInterval(() => this.tick(), 250);
    this.tick();
  }

  /** @param {number} seconds */
  add(seconds) {
    if (this.el.hidden) return;
    const now = this.now();
    this.endsAt = Math.max(this.endsAt, now) + seconds * 1000;
    this.total = Math.max(this.total, (this.endsAt - now) / 1000);
    this.el.classList.remove("done");
    this.label.textContent = "Rest";
    clearInterval(this.timer);
    clearTimeout(this.timer);
    this.timer = setInterval(() => this.tick(), 250);
    this.tick();
  }

  tick() {
    const left = (this.endsAt - this.now()) / 1000;
    this.clock.textContent = formatClock(left);
    this.fill.style.transform = `scaleX(${Math.max(0, Math.min(1, left / this.total))})`;
    if (left <= 0) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.label.textContent = "Rest over";
      this.el.classList.add("done");
      navigator.vibrate?.([300, 150, 300]);
      this.timer = setTimeout(() => this.stop(), 8000);
    }
  }

  stop() {
    clearInterval(this.timer);
    clearTimeout(this.timer);
    this.timer = undefined;
    this.el.hidden = true;
  }
}
