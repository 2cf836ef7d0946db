// The rest timer: a bar with the countdown, +30 s and Skip, started by logging a set. It never
// blocks logging the next one, and beeps and buzzes when the rest is over where the device can.
//
// Each exercise rests for its own length: the program's `rest_seconds` for its stage if it has
// one, else REST_SECONDS below; +30 s lengthens this rest (−30 s shortens it) and the change is
// remembered, on this device, for the next rest after that exercise. The running rest is kept as its end time in localStorage, so
// a reload (or the phone dropping the page) carries on where it was.

import { formatClock } from "../format.js";
import { h } from "./dom.js";
import { load, localStore, save } from "./kept.js";

// Default rest in seconds by stage id, when the program names none; `other` is for exercises
// outside the stages (assistance, the lifter's own). Heavier, longer: the deadlift gets 3 min.
export const REST_SECONDS = Object.freeze({ pull_through: 60, kettlebell_swing: 60, bar_hinge: 120, deadlift: 180, other: 90 });
export const MAX_REST_SECONDS = 600;
export const MIN_REST_SECONDS = 30;
export const REST_KEY = "hinge.rest"; // the running rest: {exercise, endsAt, total}
export const LENGTHS_KEY = "hinge.rest-lengths"; // {exercise id: seconds} changed by +30 s
// How long "Rest over" stays before the bar goes.
const DONE_MS = 8000;

/** @param {Program} program @param {string | null} exercise @returns {number} */
export function defaultRest(program, exercise) {
  const stage = program.stages.find((s) => exercise !== null && s.exercises.includes(exercise));
  const named = stage?.rest_seconds;
  if (typeof named === "number" && named > 0) return named;
  const table = /** @type {Record<string, number>} */ (REST_SECONDS);
  return (stage && table[stage.id]) || REST_SECONDS.other;
}

// The beep's AudioContext is made (or resumed) on a tap, as browsers allow sound only after one.
/** @type {AudioContext | null} */
let audio = null;
function primeAudio() {
  try {
    const Context = globalThis.AudioContext;
    if (!Context) return;
    audio ??= new Context();
    if (audio.state === "suspended") audio.resume().catch(() => {});
  } catch {
    audio = null;
  }
}

// Two short beeps, only while the page is on screen (a hidden page makes no sound).
function beep() {
  try {
    if (document.visibilityState !== "visible" || audio === null || audio.state !== "running") return;
    const t = audio.currentTime;
    for (const at of [0, 0.3]) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, t + at);
      gain.gain.exponentialRampToValueAtTime(0.3, t + at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + at + 0.2);
      tone.connect(gain).connect(audio.destination);
      tone.start(t + at);
      tone.stop(t + at + 0.22);
    }
  } catch {
    // No sound here.
  }
}

function buzz() {
  try {
    // Browsers refuse (and complain) before the first tap, as after a reload.
    if (navigator.userActivation && !navigator.userActivation.hasBeenActive) return;
    navigator.vibrate?.([300, 150, 300]);
  } catch {
    // No vibration here.
  }
}

export class RestTimer {
  /** @param {{program: Program, now?: () => number, storage?: Storage | null}} options */
  constructor({ program, now = () => Date.now(), storage = localStore() }) {
    this.program = program;
    this.now = now;
    this.storage = storage;
    /** @type {number | undefined} */
    this.timer = undefined;
    this.endsAt = 0;
    /** @type {number} */
    this.total = REST_SECONDS.other;
    /** @type {string | null} */
    this.exercise = null;
    this.clock = h("span", { class: "rest-clock" }, "0:00");
    this.fill = h("span", { class: "rest-fill" });
    this.label = h("span", { class: "rest-label" }, "Rest");
    this.el = h(
      "div",
      { class: "rest", role: "timer", "aria-label": "Rest timer", hidden: true },
      h("span", { class: "rest-track", "aria-hidden": "true" }, this.fill),
      h("span", { class: "rest-text" }, this.label, this.clock),
      h("button", { type: "button", class: "btn btn-small rest-less", onclick: () => this.add(-30) }, "\u221230 s"),
      h("button", { type: "button", class: "btn btn-small", onclick: () => this.add(30) }, "+30 s"),
      h("button", { type: "button", class: "btn btn-small", onclick: () => this.stop() }, "Skip"),
    );
    this.restore();
  }

  // The rest length for `exercise`: what +30 s made it on this device, else the default.
  /** @param {string | null} exercise */
  lengthFor(exercise) {
    const lengths = load(this.storage, LENGTHS_KEY);
    const kept = exercise !== null ? lengths?.[exercise] : undefined;
    return typeof kept === "number" && kept > 0 ? Math.min(MAX_REST_SECONDS, kept) : defaultRest(this.program, exercise);
  }

  // A rest still running when the page was last closed or reloaded carries on.
  restore() {
    const state = load(this.storage, REST_KEY);
    if (!state || typeof state.endsAt !== "number" || !(state.endsAt > this.now())) {
      if (state) save(this.storage, REST_KEY, null);
      return;
    }
    this.exercise = typeof state.exercise === "string" ? state.exercise : null;
    this.endsAt = state.endsAt;
    this.total = typeof state.total === "number" && state.total > 0 ? state.total : (state.endsAt - this.now()) / 1000;
    this.run();
  }

  /** @param {string | null} [exercise] the exercise of the set just logged */
  start(exercise = null) {
    primeAudio();
    this.exercise = exercise;
    this.total = this.lengthFor(exercise);
    this.endsAt = this.now() + this.total * 1000;
    this.keep();
    this.run();
  }

  // +30 s or −30 s (negative): this rest ends that much later or sooner, at once if the time
  // left is shorter; the exercise's next rest stays within MIN_ and MAX_REST_SECONDS.
  /** @param {number} seconds */
  add(seconds) {
    const now = this.now();
    if (this.el.hidden || (seconds < 0 && this.endsAt <= now)) return;
    primeAudio();
    this.endsAt = Math.max(this.endsAt, now) + seconds * 1000;
    this.total = Math.max(this.total, (this.endsAt - now) / 1000);
    if (this.exercise !== null) {
      const lengths = load(this.storage, LENGTHS_KEY) ?? {};
      const length = this.lengthFor(this.exercise) + seconds;
      lengths[this.exercise] = Math.max(MIN_REST_SECONDS, Math.min(MAX_REST_SECONDS, length));
      save(this.storage, LENGTHS_KEY, lengths);
    }
    this.keep();
    this.run();
  }

  keep() {
    save(this.storage, REST_KEY, { exercise: this.exercise, endsAt: this.endsAt, total: this.total });
  }

  run() {
    this.el.hidden = false;
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
      save(this.storage, REST_KEY, null);
      beep();
      buzz();
      this.timer = setTimeout(() => this.stop(), DONE_MS);
    }
  }

  stop() {
    clearInterval(this.timer);
    clearTimeout(this.timer);
    this.timer = undefined;
    this.el.hidden = true;
    save(this.storage, REST_KEY, null);
  }
}
