// An exercise's name as a link to its screen (#exercise/<id>: its records, charts and sets), read
// as "Deadlift records" by a screen reader. History and the Progress ladder both lead there.

import { h } from "./dom.js";

/** @param {Exercise} exercise */
export function exerciseLink(exercise) {
  return h(
    "a",
    { class: "exercise-link", href: `#exercise/${encodeURIComponent(exercise.id)}` },
    exercise.name,
    h("span", { class: "visually-hidden" }, " records"),
  );
}
