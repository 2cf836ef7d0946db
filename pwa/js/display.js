// How this page shows loads and names exercises: the lifter's units (kg or lb, from the synced
// profile) and their own exercises. The composition root (ui/app.js) sets both whenever the log
// changes, before any screen renders; everything that writes a load or an exercise's name for
// the lifter (format.js, workout.js) reads them here. Loads stay kg everywhere else. Deleted own
// exercises are here too: sets logged before the deletion still show their name.

// The international pound, exactly.
export const LB_KG = 0.45359237;

/** @typedef {"kg" | "lb"} Units */

/** @type {Units} */
let units = "kg";
/** @type {Map<string, OwnExercise>} */
let own = new Map();

/** @param {{units: Units, exercises: OwnExercise[]}} display */
export function setDisplay(display) {
  units = display.units;
  own = new Map(display.exercises.map((exercise) => [exercise.id, exercise]));
}

export const displayUnits = () => units;

// A load in kg as the lifter reads it (not rounded: format.js rounds for the eye).
/** @param {number} kg */
export const toUnits = (kg) => (units === "lb" ? kg / LB_KG : kg);

// What the lifter typed, in kg: 225 lb is 102.05828325 kg, shown as 225 lb again.
/** @param {number} value */
export const fromUnits = (value) => (units === "lb" ? value * LB_KG : value);

/** @param {string | null} id @returns {OwnExercise | undefined} */
export const ownExercise = (id) => (id === null ? undefined : own.get(id));
