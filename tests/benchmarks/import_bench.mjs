// How fast pwa/js/importing.js reads a long history: a 5-year Strong export (about 4 workouts a
// week of about 15 sets, ~15,600 sets, with rest-timer rows and quoted notes) and a 3,000-set Hevy
// export, generated here. Prints figures; asserts nothing about time. With --write FILE it only
// writes the Strong export there (import_browser_bench.py imports it in Chromium).
//   node tests/benchmarks/import_bench.mjs
//   node tests/benchmarks/import_bench.mjs --write /tmp/strong-5-years.csv
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { importChanges, parseImport } from "../../pwa/js/importing.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const program = JSON.parse(readFileSync(`${root}server/progression/program.json`, "utf8"));

const EXERCISES = ["Deadlift (Barbell)", "Romanian Deadlift (Barbell)", "Bench Press (Barbell)", "Squat (Barbell)", "Kettlebell Swing", "Pull Up", "Lat Pulldown (Cable)"];
const pad = (n) => String(n).padStart(2, "0");

/** Local date-times of `workouts` workouts, four a week from 2021-01-04. @param {number} workouts */
function* workoutDays(workouts) {
  const start = Date.UTC(2021, 0, 4, 7, 30);
  const weekdays = [0, 1, 3, 5];
  for (let i = 0; i < workouts; i += 1) {
    const day = new Date(start + (Math.floor(i / 4) * 7 + weekdays[i % 4]) * 86_400_000 + (i % 3) * 3_600_000);
    yield { day, i };
  }
}

/** @param {number} workouts @param {number} setsPerWorkout */
function strongExport(workouts, setsPerWorkout) {
  const lines = ["Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes;Workout Duration"];
  for (const { day, i } of workoutDays(workouts)) {
    const date = `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())} ${pad(day.getUTCHours())}:${pad(day.getUTCMinutes())}:00`;
    const name = i % 2 === 0 ? "Pull day" : '"Push; ""heavy"""';
    for (let s = 0; s < setsPerWorkout; s += 1) {
      const exercise = EXERCISES[(Math.floor(s / 3) + i) % EXERCISES.length];
      const order = s % 3 === 0 ? "W" : String(s % 3);
      const weight = (40 + ((i * 7 + s * 5) % 120)).toFixed(1);
      const note = s === 4 ? '"Grip; straps from here\nfelt ""ok"""' : "";
      lines.push(`${date};${name};${exercise};${order};${weight};${i % 5 === 0 ? "lbs" : "kg"};${5 + (s % 8)};${s % 4 === 1 ? "8.5" : ""};;;;${note};${s === 0 ? "Slept well" : ""};1h 5m`);
      if (s % 3 === 2) lines.push(`${date};${name};${exercise};Rest Timer;;;;;;;120;;;1h 5m`);
    }
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** @param {number} workouts @param {number} setsPerWorkout */
function hevyExport(workouts, setsPerWorkout) {
  const lines = ['"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes","set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"'];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  for (const { day, i } of workoutDays(workouts)) {
    const at = (d) => `"${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}"`;
    const times = `${at(day)},${at(new Date(day.getTime() + 3_600_000))}`;
    for (let s = 0; s < setsPerWorkout; s += 1) {
      const exercise = EXERCISES[(Math.floor(s / 3) + i) % EXERCISES.length];
      const type = s % 3 === 0 ? "warmup" : s % 7 === 6 ? "dropset" : "normal";
      lines.push(`"Workout ${i % 3}",${times},"Week ${Math.floor(i / 4)}\\nfocus on form","${exercise}",,"Brace\\nthen pull",${s % 3},"${type}",${40 + ((i * 7 + s * 5) % 120)},${5 + (s % 8)},,,${s % 4 === 1 ? 8.5 : ""}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** @param {() => unknown} run */
function timed(run) {
  const start = process.hrtime.bigint();
  const result = run();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

/** @param {string} label @param {string} text */
function measure(label, text) {
  const options = { program, timeZoneOffsetMinutes: 60 };
  const [plan, coldParse] = timed(() => parseImport(text, options));
  const [batches, coldChanges] = timed(() => importChanges(plan));
  let bestParse = Infinity;
  let bestChanges = Infinity;
  for (let round = 0; round < 5; round += 1) {
    const [again, parseMs] = timed(() => parseImport(text, options));
    bestParse = Math.min(bestParse, parseMs);
    bestChanges = Math.min(bestChanges, timed(() => importChanges(again))[1]);
  }
  const changes = batches.reduce((sum, batch) => sum + batch.length, 0);
  console.log(`${label}: ${(text.length / 1024).toFixed(0)} KiB, ${plan.sessions.length} sessions, ${plan.sets} sets, ${plan.skipped.length} rows skipped, ${changes} changes in ${batches.length} batches`);
  console.log(`  parseImport    first ${coldParse.toFixed(1).padStart(7)} ms   best of 5 ${bestParse.toFixed(1).padStart(7)} ms   ${Math.round(plan.sets / (coldParse / 1000)).toLocaleString("en")} sets/s (first)`);
  console.log(`  importChanges  first ${coldChanges.toFixed(1).padStart(7)} ms   best of 5 ${bestChanges.toFixed(1).padStart(7)} ms   ${Math.round(plan.sets / (coldChanges / 1000)).toLocaleString("en")} sets/s (first)`);
}

const FIVE_YEARS_OF_STRONG = () => strongExport(5 * 52 * 4, 15);
const written = process.argv.indexOf("--write");
if (written > 0) {
  writeFileSync(process.argv[written + 1], FIVE_YEARS_OF_STRONG());
} else {
  measure("Strong, 5 years", FIVE_YEARS_OF_STRONG());
  measure("Hevy, 3,000 sets", hevyExport(200, 15));
}
