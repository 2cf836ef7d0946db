// What to train now and why: the stage, its progress and the plain words of what is missing,
// straight from the progression verdict on the local log (so an offline unlock shows at once).

import { h, replaceChildren } from "./dom.js";
import { resumedSession } from "./kept.js";
import { currentSession, exerciseOf, trainNow, warmupText } from "../workout.js";
import { formatKg } from "../format.js";

/** @type {typeof import("../live-progress.js") | undefined} */
let live;

/** @param {string} text */
const capitalise = (text) => text.slice(0, 1).toUpperCase() + text.slice(1);

export class TrainNow {
  /** @param {Program} program */
  constructor(program) {
    this.program = program;
    this.el = h("section", { class: "card train-now", "aria-labelledby": "train-now-title" });
    this.warmup = h("p", { class: "warmup" });
    this.body = h("div", { class: "train-now-body" });
    // Unlocks are said here (polite: after what the lifter hears now); not a role=status, which
    // is the sync pill's.
    this.live = h("p", { class: "live-note", "aria-live": "polite" });
    this.el.append(this.body, this.live);
    /** @type {string[] | null} */
    this.unlocked = null;
    /** @type {[Verdict, Verdict] | null} */
    this.last = null;
    this.waiting = false;
    /** @type {Promise<void> | null} */
    this.loading = null;
  }

  // The open session and the verdict at its start, from main.js's globalThis.hinge; until boot
  // ends (and live-progress.js, loaded lazily, is in) the card renders again once they are.
  /** @param {Local | undefined} local */
  open(local) {
    if (!local) {
      if (!this.waiting && typeof MutationObserver === "function") {
        this.waiting = true;
        const observer = new MutationObserver(() => {
          if (!globalThis.hinge) return;
          observer.disconnect();
          this.again();
        });
        observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-ready"] });
      }
      return null;
    }
    const session = currentSession(local.sessions(), local.physicalNow(), resumedSession());
    return session && { session, before: local.verdict(this.program, session.id) };
  }

  again() {
    if (this.last) this.update(...this.last);
  }

  // "2 of 3 clean sets today", why the latest set does not count; a new unlock said aloud.
  /** @param {Local | undefined} local @param {number} shown @param {Verdict} current */
  liveParts(local, shown, current) {
    const open = this.open(local);
    const had = this.unlocked;
    this.unlocked = current.unlocked;
    if (!live && !this.loading) {
      // Loaded at once (off the first load), so it is in before the first set of a session.
      this.loading = import("../live-progress.js").then((module) => {
        live = module;
        if (this.open(globalThis.hinge?.local)) this.again();
      });
    }
    if (!open) return [];
    const program = this.program;
    const gained = had ? current.unlocked.filter((id) => !had.includes(id)) : [];
    if (gained.length > 0) {
      this.live.textContent = `${capitalise(gained.map((id) => exerciseOf(program, id).plural).join(" and "))} unlocked`;
    }
    if (!live) return [];
    const focus = trainNow(program, open.before);
    if (focus.held) return [];
    const { done, needed, why } = live.liveProgress(program, open.before, open.session, focus.index);
    const label = focus.index === shown ? "" : `${capitalise(exerciseOf(program, focus.exercise).plural)}: `;
    const count = needed === null ? `${done} clean set${done === 1 ? "" : "s"} today` : `${done} of ${needed} clean sets today`;
    const parts = [h("p", { class: "live-count" }, label, h("strong", {}, count))];
    if (why) parts.push(h("p", { class: "notice notice-warn live-why" }, why));
    return parts;
  }

  // `verdict` says what to show; `current` (the whole log) gives caps, advice and the next bell.
  // `local` (default: the booted app's) gives the open session for the live count.
  /** @param {Verdict} verdict @param {Verdict} [current] @param {Local} [local] */
  update(verdict, current = verdict, local = globalThis.hinge?.local) {
    this.last = [verdict, current];
    const program = this.program;
    const focus = trainNow(program, verdict);
    const stageNumber = `Stage ${focus.index + 1} of ${program.stages.length}`;
    const exercises = focus.stage.exercises.map((id) => exerciseOf(program, id).name).join(" or ");
    const cap = focus.stage.exercises.map((id) => current.load_caps[id]).find((kg) => kg !== undefined);
    const parts = [
      h("p", { class: "eyebrow" }, "Train now · ", stageNumber),
      h("h2", { id: "train-now-title", class: "train-title" }, exercises),
    ];
    if (focus.held) {
      parts.push(h("p", { class: "notice notice-warn" }, `${focus.held} is on hold. `, focus.why));
    } else if (focus.progress) {
      const [done, needed] = focus.progress;
      const bar = h("span", { class: "meter-fill" });
      bar.style.transform = `scaleX(${needed ? done / needed : 0})`;
      parts.push(
        h(
          "div",
          { class: "meter-row" },
          h("span", { class: "meter", "aria-hidden": "true" }, bar),
          h("span", { class: "meter-text" }, `${done} of ${needed} clean sessions`),
        ),
      );
    }
    parts.push(...this.liveParts(local, focus.index, current));
    if (cap !== undefined) parts.push(h("p", { class: "cap-line" }, "Load cap ", h("strong", {}, formatKg(cap))));
    if (!focus.held && focus.why) parts.push(h("p", { class: "why" }, focus.why));
    if (current.next_bell_kg !== null && current.next_bell_kg !== undefined) {
      parts.push(h("p", { class: "notice notice-ok" }, `Every set reached 20 clean reps: try the ${formatKg(current.next_bell_kg)} bell.`));
    }
    for (const advice of current.advice) {
      if (!focus.held || !advice.startsWith(focus.why.split(":")[0])) parts.push(h("p", { class: "notice notice-warn" }, advice));
    }
    replaceChildren(this.body, parts);
    replaceChildren(this.warmup, h("strong", {}, "Warm-up: "), warmupText(program, verdict, focus.exercise));
    return focus;
  }
}
