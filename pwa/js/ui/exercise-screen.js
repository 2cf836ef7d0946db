// One exercise (#exercise/<id>, from History and Progress): its records, a line of the best e1RM
// and bars of the volume of each session, then its sets, newest session first, with the record
// badges each set earned. Records come from the sets (records.js), never from stored counters.
// Loads in the lifter's units; the charts are inline SVG drawn from chart.js's geometry.

import { h, replaceChildren, svg } from "./dom.js";
import { setRowPieces } from "./session-sets.js";
import { anchorAt, barChart, dateLabels, lineChart, tickText } from "../chart.js";
import { displayUnits, ownExercise, toUnits } from "../display.js";
import { formatDay, formatKg, formatShortDate, formatTime, formatVolume } from "../format.js";
import { badgesBySet, e1rm, records } from "../records.js";
import { exerciseOf, setRowText } from "../workout.js";

/** @typedef {{session_id: string, started_at: string, volume_kg: number, e1rm_kg: number | null}} SessionPoint */

// Sessions of sets listed at first (more on request), and sessions plotted (the latest).
const PAGE = 10;
const PLOTTED = 60;
// The viewBox: about as wide as a 360 px phone's card, so 11 px text stays 11 px.
const FRAME = { width: 300, height: 160, left: 36, right: 8, top: 22, bottom: 24 };
const WITH_YEAR = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "2-digit" });

// A set the records rule counts (records.js): not a warm-up, a load above zero, whole reps.
/** @param {SetView} set @returns {set is SetView & {load_kg: number, reps: number}} */
const counted = (set) =>
  set.kind !== "warmup" && typeof set.load_kg === "number" && set.load_kg > 0 && set.load_kg < Infinity && Number.isInteger(set.reps) && /** @type {number} */ (set.reps) >= 1;

// The exercise's dated sessions in log order, as its charts plot them: the session's volume (the
// records' own figure) and its best e1RM (null: no set of 1 to 12 reps that session).
/** @param {SessionView[]} sessions @param {string} exercise @returns {SessionPoint[]} */
export function sessionPoints(sessions, exercise) {
  const record = records(sessions)[exercise];
  if (!record) return [];
  const byId = new Map(sessions.map((session) => [session.id, session]));
  /** @type {SessionPoint[]} */
  const points = [];
  for (const { session_id, started_at, volume_kg } of record.volume) {
    if (started_at === null || Number.isNaN(Date.parse(started_at))) continue;
    let best = null;
    for (const set of byId.get(session_id)?.sets ?? []) {
      const estimate = set.exercise === exercise && counted(set) ? e1rm(set.load_kg, set.reps) : null;
      if (estimate !== null && (best === null || estimate > best)) best = estimate;
    }
    points.push({ session_id, started_at, volume_kg, e1rm_kg: best });
  }
  return points;
}

export class ExerciseScreen {
  /** @param {Deps} deps */
  constructor({ local, program }) {
    this.local = local;
    this.program = program;
    /** @type {string | null} */
    this.id = null;
    this.shown = PAGE;
    /** @type {unknown[] | null} what the screen shows now drew from */
    this.drawn = null;
    this.el = h("div", { class: "screen screen-exercise" });
  }

  /** @param {string | null} parameter the exercise id */
  show(parameter) {
    if (parameter === this.id) return;
    this.id = parameter;
    this.shown = PAGE;
  }

  update() {
    const sessions = this.local.sessions();
    const id = this.id ?? "";
    const drawn = [sessions, id, this.shown, displayUnits(), exerciseOf(this.program, id).name];
    if (this.drawn?.every((value, i) => value === drawn[i]) && this.el.isConnected) return; // nothing visible changed
    this.drawn = drawn;
    this.render(sessions, id);
  }

  /** @param {SessionView[]} sessions @param {string} id */
  render(sessions, id) {
    const exercise = exerciseOf(this.program, id);
    const mine = sessions.map((session) => ({ ...session, sets: session.sets.filter((set) => set.exercise === id) })).filter((session) => session.sets.length > 0);
    const back = h("a", { href: "#history", class: "back-link" }, h("span", { "aria-hidden": "true" }, "‹ "), "History");
    const known = this.program.exercises.some((one) => one.id === id) || ownExercise(id) !== undefined;
    if (!known && mine.length === 0) {
      replaceChildren(
        this.el,
        back,
        h("h1", { class: "screen-title" }, "Unknown exercise"),
        h("p", { class: "empty card" }, "No exercise has this id. It may have been deleted on another device; History lists every set you kept."),
      );
      return;
    }
    const title = h("h1", { class: "screen-title" }, exercise.name);
    if (mine.length === 0) {
      replaceChildren(
        this.el,
        back,
        title,
        h("p", { class: "empty card" }, `No sets of ${exercise.name.toLowerCase()} yet. Log one on Today and its records and charts show here.`),
      );
      return;
    }
    const record = records(sessions)[id];
    const points = sessionPoints(sessions, id).slice(-PLOTTED);
    const setCount = mine.reduce((sum, session) => sum + session.sets.length, 0);
    const since = mine[mine.length - 1].started_at;
    replaceChildren(
      this.el,
      back,
      title,
      h("p", { class: "exercise-meta" }, [`${mine.length} session${mine.length === 1 ? "" : "s"}`, `${setCount} set${setCount === 1 ? "" : "s"}`, since ? `since ${formatShortDate(since)}` : ""].filter(Boolean).join(" · ")),
      record
        ? [this.recordsCard(record), e1rmChart(points), volumeChart(points)]
        : h("p", { class: "empty card" }, "No loaded sets yet: records and charts count the sets with a load, warm-ups aside."),
      this.setsList(mine, badgesBySet(sessions)),
    );
  }

  /** @param {import("../records.js").ExerciseRecords} record */
  recordsCard(record) {
    const { heaviest, best_e1rm: best } = record;
    const byReps = Object.entries(record.best_by_reps).filter(([reps]) => Number(reps) <= 12);
    return h(
      "section",
      { class: "card records" },
      h("h2", { class: "section-title" }, "Records"),
      h(
        "dl",
        { class: "record-stats" },
        stat("Heaviest set", formatKg(heaviest.load_kg) ?? "", `× ${heaviest.reps} · ${formatDay(heaviest.started_at)}`),
        best
          ? stat("Best e1RM", formatKg(best.e1rm_kg) ?? "", `${formatKg(best.load_kg)} × ${best.reps} · ${formatShortDate(best.started_at)}`)
          : stat("Best e1RM", "–", "needs a set of 1–12 reps"),
      ),
      byReps.length === 0
        ? null
        : h(
            "table",
            { class: "rep-bests" },
            h("caption", {}, "Best load at each rep count"),
            h("thead", {}, h("tr", {}, ["Reps", "Load", "e1RM", "Date"].map((name) => h("th", { scope: "col" }, name)))),
            h(
              "tbody",
              {},
              byReps.map(([reps, set]) =>
                h(
                  "tr",
                  {},
                  h("th", { scope: "row" }, reps),
                  h("td", {}, formatKg(set.load_kg)),
                  h("td", {}, formatKg(e1rm(set.load_kg, set.reps))),
                  h("td", {}, formatShortDate(set.started_at)),
                ),
              ),
            ),
          ),
    );
  }

  /** @param {SessionView[]} mine the exercise's sessions, newest first @param {Record<string, string[]>} badges */
  setsList(mine, badges) {
    const more = h("button", { type: "button", class: "btn btn-ghost btn-block", onclick: () => this.showMore() }, "Show older sessions");
    more.hidden = mine.length <= this.shown;
    return h(
      "section",
      { class: "exercise-sets" },
      h("h2", { class: "section-title exercise-sets-title" }, "Sets"),
      mine.slice(0, this.shown).map((session) => {
        const volume = session.sets.filter(counted).reduce((sum, set) => sum + set.load_kg * set.reps, 0);
        const n = session.sets.length;
        const meta = [formatTime(session.started_at), `${n} set${n === 1 ? "" : "s"}`, volume > 0 ? formatVolume(volume) : ""];
        return h(
          "section",
          { class: "card session-card" },
          h("div", { class: "session-head" }, h("h3", { class: "session-day" }, formatDay(session.started_at)), h("span", { class: "section-meta" }, meta.filter(Boolean).join(" · "))),
          h(
            "ol",
            { class: "exercise-set-rows" },
            session.sets.map((set) => h("li", { class: "exercise-set" }, h("span", { class: "logrow" }, setRowPieces(setRowText(set, this.program), badges[set.id])))),
          ),
        );
      }),
      more,
    );
  }

  showMore() {
    this.shown += PAGE;
    this.update();
  }
}

/** @param {string} name @param {string} value @param {string} detail */
function stat(name, value, detail) {
  return h("div", { class: "record-stat" }, h("dt", {}, name), h("dd", {}, h("span", { class: "record-value" }, value), detail ? h("span", { class: "record-detail" }, detail) : null));
}

// A chart's dates: "3 Mar", or "3 Mar 25" when the plotted sessions span more than one year.
/** @param {SessionPoint[]} points */
function dater(points) {
  const years = new Set(points.map((point) => new Date(point.started_at).getFullYear()));
  return /** @param {string} iso */ (iso) => (years.size > 1 ? WITH_YEAR.format(new Date(iso)) : formatShortDate(iso));
}

// The horizontal grid with its tick labels, the unit over them, and the dates under the plot.
/** @param {{value: number, y: number}[]} ticks @param {SessionPoint[]} points @param {(iso: string) => string} date */
function axes(ticks, points, date) {
  return [
    svg("text", { x: FRAME.left - 6, y: 11, class: "chart-label chart-unit", "text-anchor": "end" }, displayUnits()),
    ticks.map((tick) => [
      svg("line", { x1: FRAME.left, x2: FRAME.width - FRAME.right, y1: tick.y, y2: tick.y, class: "chart-grid" }),
      svg("text", { x: FRAME.left - 6, y: tick.y + 4, class: "chart-label", "text-anchor": "end" }, tickText(tick.value)),
    ]),
    dateLabels(points.length, FRAME).map((label) =>
      svg("text", { x: label.x, y: FRAME.height - 6, class: "chart-label", "text-anchor": label.anchor }, date(points[label.index].started_at)),
    ),
  ];
}

// A figure card: its heading, the chart (or why there is none), a visible caption.
/** @param {string} title @param {Element} body @param {string} caption */
function figure(title, body, caption) {
  return h("figure", { class: "card exercise-chart" }, h("h2", { class: "section-title" }, title), body, h("figcaption", { class: "chart-caption" }, caption));
}

/** @param {SessionPoint[]} points oldest first */
function e1rmChart(points) {
  const dated = points.filter((point) => point.e1rm_kg !== null);
  const caption = "Each session's best estimated one-rep max (Epley, from sets of 1–12 reps).";
  if (dated.length === 0) return figure("Best e1RM", h("p", { class: "empty" }, "No set of 1–12 reps yet: the estimate needs one."), caption);
  const date = dater(points);
  const chart = lineChart(points.map((point) => (point.e1rm_kg === null ? null : toUnits(point.e1rm_kg))), FRAME);
  const [first, last] = [dated[0], dated[dated.length - 1]];
  const top = points[chart.best];
  const kg = /** @param {SessionPoint} point */ (point) => formatKg(point.e1rm_kg);
  let label = dated.length === 1 ? `Best e1RM ${kg(first)} on ${date(first.started_at)}` : `Best e1RM from ${kg(first)} on ${date(first.started_at)} to ${kg(last)} on ${date(last.started_at)}, ${dated.length} sessions`;
  if (dated.length > 1 && top !== last && top !== first) label += `; highest ${kg(top)} on ${date(top.started_at)}`;
  const peak = chart.dots.find((dot) => dot.index === chart.best);
  return figure(
    "Best e1RM",
    svg(
      "svg",
      { viewBox: `0 0 ${FRAME.width} ${FRAME.height}`, role: "img", "aria-label": label, class: "chart" },
      axes(chart.ticks, points, date),
      svg("path", { d: chart.path, class: "chart-line" }),
      chart.slot >= 7 ? chart.dots.map((dot) => svg("circle", { cx: dot.x, cy: dot.y, r: 3.5, class: dot.index === chart.best ? "chart-dot chart-dot-best" : "chart-dot" })) : null,
      peak ? svg("text", { x: peak.x, y: peak.y - 9, class: "chart-label chart-peak", "text-anchor": anchorAt(peak.x, FRAME, 16) }, tickText(peak.value)) : null,
    ),
    `${caption} In ${displayUnits()}; the highest is labelled.`,
  );
}

/** @param {SessionPoint[]} points oldest first */
function volumeChart(points) {
  const date = dater(points);
  const chart = barChart(points.map((point) => toUnits(point.volume_kg)), FRAME);
  const [first, last, top] = [points[0], points[points.length - 1], points[chart.best]];
  const volume = /** @param {SessionPoint} point */ (point) => formatVolume(point.volume_kg);
  let label =
    points.length === 1
      ? `Volume ${volume(first)} on ${date(first.started_at)}`
      : `Volume per session from ${volume(first)} on ${date(first.started_at)} to ${volume(last)} on ${date(last.started_at)}, ${points.length} sessions`;
  if (points.length > 1 && top !== last && top !== first) label += `; highest ${volume(top)} on ${date(top.started_at)}`;
  const peak = chart.bars[chart.best];
  const centre = peak.x + peak.width / 2;
  return figure(
    "Volume",
    svg(
      "svg",
      { viewBox: `0 0 ${FRAME.width} ${FRAME.height}`, role: "img", "aria-label": label, class: "chart" },
      axes(chart.ticks, points, date),
      chart.bars.map((bar, i) => svg("rect", { ...bar, rx: Math.min(3, bar.width / 3), class: i === chart.best ? "chart-bar chart-bar-best" : "chart-bar" })),
      svg("line", { x1: FRAME.left, x2: FRAME.width - FRAME.right, y1: chart.base, y2: chart.base, class: "chart-axis" }),
      svg("text", { x: centre, y: peak.y - 5, class: "chart-label chart-peak", "text-anchor": anchorAt(centre, FRAME, 16) }, tickText(Math.round(toUnits(top.volume_kg)))),
    ),
    `Each session's load × reps, summed over its sets (warm-ups aside), in ${displayUnits()}; the highest is labelled.`,
  );
}
