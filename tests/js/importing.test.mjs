// Importing other apps' exports (pwa/js/importing.js) and Hinge's own, on the fixture files of
// tests/fixtures/import/: one or more per format and header generation.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { csvCell, exercisesToExport, exportCsv, exportJson } from "../../pwa/js/export.js";
import { EXERCISE_NAMES, ImportError, KG_PER_LB, importChanges, parseImport } from "../../pwa/js/importing.js";
import { contentId, sha256 } from "../../pwa/js/importing/content-id.js";
import { parseCsv } from "../../pwa/js/importing/csv.js";
import { reduceSessions } from "../../pwa/js/reduce.js";
import { apply, program } from "./fixtures.mjs";

const DIR = fileURLToPath(new URL("../fixtures/import/", import.meta.url));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const BERLIN_SUMMER = 120; // minutes east of UTC: every local-time fixture is read as CEST

const fixture = (name) => readFileSync(DIR + name, "utf8");
const parse = (name, options = {}) => parseImport(fixture(name), { program, timeZoneOffsetMinutes: BERLIN_SUMMER, ...options });
const lb = (pounds) => pounds * KG_PER_LB;
/** Each set as [exercise, load_kg, reps, rpe, kind], for comparing whole sessions at a glance. */
const brief = (session) => session.sets.map((set) => [set.exercise, set.load_kg, set.reps, set.rpe, set.kind]);
const customId = (plan, name) => plan.exercises.find((exercise) => exercise.name === name).id;

// ---- the CSV reader ----

test("quoted fields keep delimiters, doubled quotes and line breaks", () => {
  const { rows, lines } = parseCsv('a,b,c\n"x, y","say ""hi""","two\nlines"\nlast,,\n', ",");
  assert.deepEqual(rows, [["a", "b", "c"], ["x, y", 'say "hi"', "two\nlines"], ["last", "", ""]]);
  assert.deepEqual(lines, [1, 2, 4]);
});

test("CRLF, a lone CR, a BOM and blank lines are read as the lines they are", () => {
  const { rows, lines } = parseCsv('\uFEFFa;b\r\n1;"x;\r\ny"\r\n\r\n2;3\r4;5', ";");
  assert.deepEqual(rows, [["a", "b"], ["1", "x;\r\ny"], ["2", "3"], ["4", "5"]]);
  assert.deepEqual(lines, [1, 2, 5, 6]);
});

test("a quoted field that never closes is an error naming its line, not a swallowed file", () => {
  assert.throws(() => parseCsv('a,b\n1,"open\n2,3\n', ","), (error) => error instanceof ImportError && /line 2/.test(error.message));
});

// ---- Strong ----

test("a Strong file of the first generation asks for its unit and computes no loads until told", () => {
  const plan = parse("strong-a.csv");
  assert.equal(plan.format, "strong");
  assert.equal(plan.formatName, "Strong");
  assert.equal(plan.needsUnits, true);
  assert.equal(plan.sets, 10);
  assert.ok(plan.sessions.every((session) => session.sets.every((set) => set.load_kg === null)));
  assert.throws(() => importChanges(plan), (error) => error instanceof ImportError && /kg or lb/.test(error.message));
});

test("a Strong first-generation file in lb: sessions, kinds, exact kilograms, times and notes", () => {
  const plan = parse("strong-a.csv", { units: "lb" });
  assert.equal(plan.needsUnits, false);
  assert.equal(plan.sessions.length, 2);
  assert.equal(plan.sets, 10);
  const [pull, evening] = plan.sessions;
  const pullUp = customId(plan, "Pull Up");
  assert.deepEqual(brief(pull), [
    ["deadlift", lb(60), 5, null, "warmup"],
    ["deadlift", lb(140), 5, 8.5, "working"],
    ["deadlift", lb(140), 5, 9, "working"],
    ["deadlift", lb(140), 3, 10, "failure"],
    ["romanian_deadlift", lb(100), 8, null, "working"],
    ["romanian_deadlift", lb(80), 10, null, "drop"],
    [pullUp, null, 10, null, "working"], // a weight of 0: bodyweight
    [pullUp, null, 8, null, "working"], // an empty weight: bodyweight
  ]);
  assert.equal(pull.started_at, "2025-09-15T05:48:00Z"); // 07:48 in Berlin's summer time
  assert.equal(pull.ended_at, "2025-09-15T06:53:00Z"); // "1h 5m" later
  assert.equal(pull.notes, 'Pull day, heavy\n\nSlept badly, "tired"');
  assert.equal(pull.sets[1].notes, "Grip slipped, used straps");
  assert.deepEqual(pull.sets.map((set) => set.position), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(brief(evening), [
    ["kettlebell_swing", lb(24), 15, null, "working"],
    [customId(plan, "Bench Press (Barbell)"), lb(80), 8, null, "working"],
  ]);
  assert.equal(evening.ended_at, "2025-09-18T16:45:00Z");
});

test("Strong's Rest Timer and Note rows, and timed sets, are no sets, each with its line and reason", () => {
  const plan = parse("strong-a.csv", { units: "kg" });
  assert.deepEqual(plan.skipped, [
    { line: 4, reason: "Rest Timer row: a rest, not a set" },
    { line: 7, reason: "Note row: a note on the exercise, not a set" }, // its note runs over two lines
    { line: 13, reason: "a timed or distance set: Hinge logs reps" },
  ]);
});

test("a Strong file in kg keeps its numbers as they are", () => {
  const plan = parse("strong-a.csv", { units: "kg" });
  assert.deepEqual(plan.sessions[0].sets.slice(0, 2).map((set) => set.load_kg), [60, 140]);
});

test("a Strong semicolon file converts each row by its own unit", () => {
  const plan = parse("strong-b.csv");
  assert.equal(plan.needsUnits, false);
  assert.equal(plan.sessions.length, 1);
  const [morning] = plan.sessions;
  assert.deepEqual(brief(morning), [
    ["romanian_deadlift", lb(135), 8, null, "warmup"],
    ["romanian_deadlift", lb(225), 8, 8, "working"],
    ["romanian_deadlift", 102.5, 8, null, "working"],
    ["hip_thrust", 100, 12, 7, "working"],
    [customId(plan, "Romanian Deadlift (Dumbbell)"), 30, 10, null, "working"],
  ]);
  assert.equal(lb(225), 102.05828325);
  assert.equal(morning.sets[0].notes, "RDL; slow, 3 s down");
  assert.equal(morning.started_at, "2025-10-01T04:30:00Z");
  assert.equal(morning.ended_at, "2025-10-01T05:20:00Z");
  assert.deepEqual(plan.skipped, [{ line: 6, reason: "Rest Timer row: a rest, not a set" }]);
});

test("a Strong file with every field quoted groups by workout number and reads kg from the header", () => {
  const plan = parse("strong-c.csv");
  assert.deepEqual(
    plan.sessions.map((session) => [session.started_at, session.ended_at, session.notes]),
    [
      ["2025-11-03T15:05:12Z", "2025-11-03T16:05:12Z", "Legs\n\nNew belt"],
      ["2025-11-05T15:00:00Z", "2025-11-05T15:40:00Z", "Legs"],
    ],
  );
  assert.deepEqual(brief(plan.sessions[0]), [
    ["deadlift", 120.5, 5, null, "working"],
    ["deadlift", 120.5, 5, 8, "working"],
    ["stiff_leg_deadlift", 60, 10, null, "working"],
  ]);
  assert.equal(plan.sessions[0].sets[2].notes, "Slow; 3 s down");
  assert.deepEqual(brief(plan.sessions[1]), [["deadlift", 125, 5, null, "working"]]);
  assert.deepEqual(plan.skipped, [
    { line: 5, reason: 'the set type "X" is not one this import knows' },
    { line: 6, reason: "no reps" },
  ]);
});

// ---- Hevy ----

test("a Hevy file: set types as kinds, local times, and \\n in notes as line breaks", () => {
  const plan = parse("hevy-kg.csv");
  assert.equal(plan.format, "hevy");
  assert.equal(plan.formatName, "Hevy");
  assert.equal(plan.sets, 6);
  const [hinge, light] = plan.sessions;
  assert.deepEqual(brief(hinge), [
    ["deadlift", 60, 5, null, "warmup"],
    ["deadlift", 150, 3, 8.5, "working"],
    ["deadlift", 160, 1, 10, "failure"],
    ["kettlebell_swing", 24, 20, null, "working"],
    [customId(plan, "Lat Pulldown (Cable)"), 50, 12, null, "drop"],
  ]);
  assert.equal(hinge.started_at, "2025-09-15T05:48:00Z");
  assert.equal(hinge.ended_at, "2025-09-15T06:52:00Z");
  assert.equal(hinge.notes, "Hinge day\n\nFelt strong\nPR attempt");
  // Hevy repeats the exercise's note on every row: it is kept once, on the first set.
  assert.deepEqual(hinge.sets.map((set) => set.notes), ["Hook grip\nno straps", null, null, null, null]);
  assert.deepEqual(brief(light), [["romanian_deadlift", 90, 8, 7, "working"]]);
  assert.deepEqual(plan.skipped, [{ line: 7, reason: "a timed or distance set: Hinge logs reps" }]);
});

test("a Hevy pound account's weights become exact kilograms; a band set has no load", () => {
  const plan = parse("hevy-lbs.csv");
  assert.deepEqual(brief(plan.sessions[0]), [
    ["deadlift", lb(225), 5, null, "working"],
    ["deadlift", lb(315), 3, 9, "working"],
    ["pull_through", null, 15, null, "working"],
  ]);
  assert.equal(plan.sessions[0].sets[1].load_kg, 142.88159655);
});

// ---- FitNotes ----

test("a FitNotes file: one workout per day, at noon local time, each row in its own unit", () => {
  const plan = parse("fitnotes.csv");
  assert.equal(plan.format, "fitnotes");
  assert.equal(plan.formatName, "FitNotes");
  assert.deepEqual(
    plan.sessions.map((session) => [session.started_at, session.ended_at, session.notes]),
    [
      ["2025-08-01T10:00:00Z", null, null],
      ["2025-08-03T10:00:00Z", null, null],
    ],
  );
  assert.deepEqual(brief(plan.sessions[0]), [
    ["deadlift", 100, 5, null, "working"],
    ["deadlift", lb(220), 3, null, "working"],
    ["hip_thrust", null, 15, null, "working"],
  ]);
  assert.equal(plan.sessions[0].sets[1].notes, 'Heavy, but "clean"');
  assert.deepEqual(plan.skipped, [{ line: 4, reason: "a timed or distance set: Hinge logs reps" }]);
});

test("an older FitNotes file takes its unit from the weight column's name", () => {
  const plan = parse("fitnotes-old.csv");
  assert.deepEqual(brief(plan.sessions[0]), [
    ["romanian_deadlift", lb(135), 10, null, "working"],
    ["romanian_deadlift", lb(155), 8, null, "working"],
    [customId(plan, "Barbell Squat"), lb(185), 5, null, "working"],
  ]);
  assert.deepEqual(plan.exercises, [{ id: customId(plan, "Barbell Squat"), name: "Barbell Squat", kind: "barbell" }]);
});

// ---- Liftosaur ----

test("a Liftosaur file: times in UTC whatever the zone, warm-up flags, completed values only", () => {
  const plan = parse("liftosaur.csv", { timeZoneOffsetMinutes: -300 });
  assert.equal(plan.format, "liftosaur");
  assert.deepEqual(
    plan.sessions.map((session) => [session.started_at, session.notes]),
    [
      ["2026-03-01T10:00:00Z", "GZCLP, Day 1"],
      ["2026-03-03T09:30:00Z", "GZCLP, Day 2"],
    ],
  );
  assert.deepEqual(brief(plan.sessions[0]), [
    ["deadlift", 60, 5, null, "warmup"],
    ["deadlift", 100, 3, 8, "working"],
    ["kettlebell_swing", lb(53), 15, null, "working"],
  ]);
  assert.deepEqual(brief(plan.sessions[1]), [["hip_thrust", lb(135), 10, null, "working"]]);
  assert.deepEqual(plan.skipped, [{ line: 4, reason: "no reps" }]);
});

// ---- what is not an export ----

test("a translated Strong header is refused with a message naming the headers expected", () => {
  assert.throws(
    () => parse("strong-german.csv"),
    (error) =>
      error instanceof ImportError &&
      error.message.startsWith("This file's first line is not a Strong, Hevy, FitNotes or Liftosaur export header") &&
      error.message.includes('"Date,Workout Name"') &&
      error.message.includes('"Workout DateTime" (Liftosaur)') &&
      error.message.includes('starts with "Datum;Workout-Name'),
  );
});

test("an empty file and a JSON file of another app are refused plainly", () => {
  assert.throws(() => parseImport("", { program }), (error) => error instanceof ImportError && /empty/.test(error.message));
  assert.throws(() => parseImport('{"workouts": []}', { program }), (error) => error instanceof ImportError && /not a Hinge export/.test(error.message));
  assert.throws(() => parseImport("{oops", { program }), (error) => error instanceof ImportError && /cannot be read/.test(error.message));
});

// ---- the checks every format shares ----

const STRONG_B = "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes;Workout Duration\n";
const strongRow = (weight, unit, reps, rpe = "", notes = "") => `2025-10-01 06:30:00;Morning;Deadlift;1;${weight};${unit};${reps};${rpe};;;;${notes};;\n`;

test("a row that cannot be a valid set is skipped whole, with the reason", () => {
  const text = STRONG_B + strongRow(100, "kg", 1001) + strongRow(2300, "lbs", 5) + strongRow(-20, "kg", 5) + strongRow(100, "stone", 5) + strongRow(100, "kg", 5.5) + strongRow("heavy", "kg", 5) + strongRow(100, "kg", 5);
  const plan = parseImport(text, { program, timeZoneOffsetMinutes: 0 });
  assert.equal(plan.sets, 1);
  assert.deepEqual(
    plan.skipped.map((skip) => skip.reason),
    ["more than 1,000 reps", "a weight over 1,000 kg", "a weight below zero", 'the weight unit "stone" is neither kg nor lb', 'reps "5.5" are not a whole number', 'the weight "heavy" is not a number'],
  );
});

test("an RPE off the half-step scale is rounded to it, and one outside 1 to 10 is dropped", () => {
  const plan = parseImport(STRONG_B + strongRow(100, "kg", 5, "7.3") + strongRow(100, "kg", 5, "0") + strongRow(100, "kg", 5, "11"), { program, timeZoneOffsetMinutes: 0 });
  assert.deepEqual(plan.sessions[0].sets.map((set) => set.rpe), [7.5, null, null]);
});

test("a note longer than the protocol allows keeps its first 2,000 characters", () => {
  const plan = parseImport(STRONG_B + strongRow(100, "kg", 5, "", "é".repeat(2500)), { program, timeZoneOffsetMinutes: 0 });
  assert.equal(plan.sessions[0].sets[0].notes, "é".repeat(2000));
});

test("a note's CRLF line breaks become plain line breaks", () => {
  const plan = parseImport(STRONG_B + strongRow(100, "kg", 5, "", '"first\r\nsecond"'), { program, timeZoneOffsetMinutes: 0 });
  assert.equal(plan.sessions[0].sets[0].notes, "first\nsecond");
});

test("a Strong file with pounds in its weight column's name reads pounds", () => {
  const text = fixture("strong-c.csv").replace('"Weight (kg)"', '"Weight (lbs)"');
  assert.equal(parseImport(text, { program, timeZoneOffsetMinutes: 0 }).sessions[0].sets[0].load_kg, lb(120.5));
});

test("local times are read with the zone in force on that date", () => {
  const text = STRONG_B + strongRow(100, "kg", 5) + STRONG_B.split("\n")[1] + "2025-12-01 06:30:00;Morning;Deadlift;1;100;kg;5;;;;;;;\n";
  const berlin = ({ month }) => (month >= 4 && month <= 10 ? 120 : 60);
  const plan = parseImport(text, { program, timeZoneOffsetMinutes: berlin });
  assert.deepEqual(plan.sessions.map((session) => session.started_at), ["2025-10-01T04:30:00Z", "2025-12-01T05:30:00Z"]);
});

// ---- names ----

test("hinge exercises map to the program whatever the case, equipment in brackets or plural", () => {
  const rows = ["DEADLIFT (barbell)", "Kettlebell Swings", "rdl", "Straight Leg Deadlift (Barbell)", "Cable Pull Through", "Hip Thrusts", "Romanian deadlift"];
  const text = STRONG_B + rows.map((name) => `2025-10-01 06:30:00;Morning;${name};1;50;kg;10;;;;;;;\n`).join("");
  const plan = parseImport(text, { program, timeZoneOffsetMinutes: 0 });
  assert.deepEqual(plan.sessions[0].sets.map((set) => set.exercise), ["deadlift", "kettlebell_swing", "romanian_deadlift", "stiff_leg_deadlift", "pull_through", "hip_thrust", "romanian_deadlift"]);
  assert.deepEqual(plan.exercises, []);
  assert.equal(plan.mapped.length, 7);
});

test("a hinge name with other equipment is a custom exercise, not the program's barbell lift", () => {
  const text = STRONG_B + ["Deadlift (Trap Bar)", "Romanian Deadlift (Dumbbell)", "Sumo Deadlift"].map((name) => `2025-10-01 06:30:00;Morning;${name};1;50;kg;10;;;;;;;\n`).join("");
  const plan = parseImport(text, { program, timeZoneOffsetMinutes: 0 });
  assert.deepEqual(plan.exercises.map(({ name, kind }) => [name, kind]), [
    ["Deadlift (Trap Bar)", "barbell"],
    ["Romanian Deadlift (Dumbbell)", "dumbbell"],
    ["Sumo Deadlift", "other"],
  ]);
  assert.deepEqual(plan.mapped, []);
});

test("the lifter's own exercises are reused by name in any case, and their own spellings map too", () => {
  const mine = { id: "0190b2c4-0000-7000-8000-0000000000e1", name: "bench press (barbell)", kind: "barbell" };
  const plan = parse("strong-a.csv", { units: "kg", exercises: [mine], names: { "pull up": "hip_thrust" } });
  assert.deepEqual(plan.sessions[1].sets[1].exercise, mine.id);
  assert.deepEqual(plan.sessions[0].sets[6].exercise, "hip_thrust");
  assert.deepEqual(plan.exercises, []);
});

test("the mapping table names only exercises of the program", () => {
  const ids = new Set(program.exercises.map((exercise) => exercise.id));
  assert.ok(Object.keys(EXERCISE_NAMES).every((id) => ids.has(id)));
});

// ---- ids ----

const CSV_FIXTURES = readdirSync(DIR).filter((name) => name.endsWith(".csv") && name !== "strong-german.csv");
const allIds = (plan) => [...plan.exercises.map((e) => e.id), ...plan.sessions.flatMap((s) => [s.id, ...s.sets.map((set) => set.id)])];

test("the same file gives the same ids every time, whatever the zone or unit it is read in", () => {
  for (const name of CSV_FIXTURES) {
    const first = allIds(parse(name, { units: "kg" }));
    assert.deepEqual(allIds(parse(name, { units: "lb", timeZoneOffsetMinutes: -420 })), first, name);
  }
});

test("ids are version-8 UUIDs, and no two workouts, sets or exercises of the fixtures share one", () => {
  const ids = CSV_FIXTURES.flatMap((name) => allIds(parse(name, { units: "kg" })));
  for (const id of ids) assert.match(id, UUID);
  assert.equal(new Set(ids).size, ids.length);
});

test("one custom exercise name is one id in every app's file", () => {
  const hevy = parseImport('"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes","set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"\n"A","1 Oct 2025, 06:30","","","Bench Press (Barbell)",,"",0,"normal",80,8,,,\n', { program, timeZoneOffsetMinutes: 0 });
  assert.equal(customId(hevy, "Bench Press (Barbell)"), customId(parse("strong-a.csv", { units: "kg" }), "Bench Press (Barbell)"));
});

test("the content hash is SHA-256 and ids are its first 16 bytes with version 8", () => {
  for (const text of ["", "abc", "x".repeat(55), "x".repeat(64), "Übung 😀".repeat(40)]) {
    assert.equal(Buffer.from(sha256(text)).toString("hex"), createHash("sha256").update(text).digest("hex"));
  }
  const digest = createHash("sha256").update("hinge-import\u0000set\u0000a").digest("hex");
  const id = contentId(["set", "a"]);
  assert.equal(id.replaceAll("-", "").slice(0, 12), digest.slice(0, 12));
  assert.equal(id[14], "8");
});

// ---- changes ----

const CUES = new Set(program.cues.map((cue) => cue.id));
const EXERCISES = new Set(program.exercises.map((exercise) => exercise.id));
const ANY_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isoOk = (value) => typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value);
// The rules of sync/ops.py (tests/unit/test_import_ops.py runs the server's own validator too).
const RULES = {
  "session.started_at": isoOk,
  "session.ended_at": isoOk,
  "session.notes": (v) => typeof v === "string" && [...v].length <= 2000,
  "set.session_id": (v) => ANY_UUID.test(v),
  "set.exercise": (v) => EXERCISES.has(v) || ANY_UUID.test(v),
  "set.load_kg": (v) => typeof v === "number" && v >= 0 && v <= 1000,
  "set.reps": (v) => Number.isInteger(v) && v >= 0 && v <= 1000,
  "set.rpe": (v) => typeof v === "number" && v >= 1 && v <= 10 && Number.isInteger(v * 2),
  "set.kind": (v) => ["warmup", "drop", "failure"].includes(v),
  "set.position": (v) => Number.isFinite(v),
  "set.performed_at": isoOk,
  "set.notes": (v) => typeof v === "string" && [...v].length <= 2000,
  "set.pain": (v) => typeof v === "boolean",
  "exercise.name": (v) => typeof v === "string" && [...v].length >= 1 && [...v].length <= 80,
  "exercise.kind": (v) => ["barbell", "dumbbell", "kettlebell", "machine", "band", "bodyweight", "other"].includes(v),
};

test("every change of every fixture is a valid op's entity, field and value", () => {
  for (const name of [...CSV_FIXTURES, "hinge.json"]) {
    for (const change of importChanges(parse(name, { units: "lb" })).flat()) {
      const rule = change.field.startsWith("form.") ? (v) => CUES.has(change.field.slice(5)) && typeof v === "boolean" : RULES[`${change.entity}.${change.field}`];
      assert.ok(rule !== undefined && rule(change.value), `${name}: ${JSON.stringify(change)}`);
      assert.match(change.entity_id, ANY_UUID);
    }
  }
});

test("imported sets from other apps carry no cue ticks, so they never count toward mastery", () => {
  for (const name of CSV_FIXTURES) {
    assert.ok(importChanges(parse(name, { units: "kg" })).flat().every((change) => !change.field.startsWith("form.")), name);
  }
});

test("custom exercises come first, then each session whole with its sets in one batch", () => {
  const plan = parse("strong-a.csv", { units: "kg" });
  const batches = importChanges(plan, { batchSize: 1 });
  assert.deepEqual(batches[0].map((c) => [c.entity, c.field]), [["exercise", "name"], ["exercise", "kind"], ["exercise", "name"], ["exercise", "kind"]]);
  assert.equal(batches.length, 3); // a session larger than batchSize still comes whole
  for (const [batch, session] of [[batches[1], plan.sessions[0]], [batches[2], plan.sessions[1]]]) {
    const ids = new Set(batch.map((change) => change.entity_id));
    assert.deepEqual(ids, new Set([session.id, ...session.sets.map((set) => set.id)]));
  }
  assert.equal(importChanges(plan).length, 2); // by default several sessions share a batch
});

test("importing again writes nothing, and only what is missing after a partial import", () => {
  const plan = parse("hevy-kg.csv");
  const first = importChanges(plan).flat();
  const existing = new Set(first.map((change) => change.entity_id));
  assert.deepEqual(importChanges(parse("hevy-kg.csv"), { existing }), []);
  const missing = plan.sessions[1].sets[0].id;
  existing.delete(missing);
  assert.deepEqual([...new Set(importChanges(plan, { existing }).flat().map((c) => c.entity_id))], [missing]);
});

test("a set's changes name its session, exercise, numbers and position, and nothing empty", () => {
  const plan = parse("hevy-kg.csv");
  const set = plan.sessions[0].sets[0];
  const changes = importChanges(plan).flat().filter((change) => change.entity_id === set.id);
  assert.deepEqual(
    changes.map(({ field, value }) => [field, value]),
    [["session_id", plan.sessions[0].id], ["exercise", "deadlift"], ["load_kg", 60], ["reps", 5], ["kind", "warmup"], ["position", 1], ["notes", "Hook grip\nno straps"]],
  );
});

// ---- Hinge's own export ----

const S1 = "0190b2c4-0000-7000-8000-00000000a001";
const BENCH = "0190b2c4-0000-7000-8000-0000000000e1";

function logWithEverything() {
  const state = { session: {}, set: {} };
  const sets = [
    { exercise: "romanian_deadlift", load_kg: 40, reps: 8, kind: "warmup", position: 1, performed_at: "2026-02-10T17:35:00Z" },
    { exercise: "romanian_deadlift", load_kg: lb(135), reps: 10, rpe: 7.5, position: 2, performed_at: "2026-02-10T17:40:10.5Z", pain: false, "form.hips_back": true, "form.bar_close": false, notes: 'tight, "ok"\nnext' },
    { exercise: "romanian_deadlift", load_kg: 61.2, reps: 9, rpe: 9, position: 2.5, pain: true, kind: "failure" },
    { exercise: BENCH, load_kg: null, reps: 0, position: 3, kind: "drop" },
  ];
  apply(state, [
    { entity: "session", entity_id: S1, field: "started_at", value: "2026-02-10T18:30:00+01:00" },
    { entity: "session", entity_id: S1, field: "ended_at", value: "2026-02-10T18:25:00Z" },
    { entity: "session", entity_id: S1, field: "notes", value: "At work" },
    ...sets.flatMap((fields, i) =>
      Object.entries({ session_id: S1, ...fields }).map(([field, value]) => ({ entity: "set", entity_id: `0190b2c4-0000-7000-8000-00000000b00${i}`, field, value })),
    ),
  ]);
  return reduceSessions(state.session, state.set);
}

test("a Hinge JSON export imports back to the same sessions, sets and custom exercises", () => {
  const sessions = logWithEverything();
  const exercises = [{ id: BENCH, name: "Bench Press (Barbell)", kind: "barbell" }];
  const profile = { units: "lb", bar_kg: lb(45), plates_kg: [lb(45), lb(25)] };
  const text = exportJson(sessions, { username: "ana", nowIso: "2026-02-13T08:00:00Z", exercises, profile });
  const plan = parseImport(text, { program });
  assert.equal(plan.format, "hinge");
  assert.equal(plan.formatName, "Hinge");
  assert.deepEqual(plan.skipped, []);
  assert.deepEqual(plan.exercises, exercises);
  assert.deepEqual(plan.profile, profile);
  const state = { session: {}, set: {}, exercise: {} };
  apply(state, importChanges(plan).flat());
  assert.deepEqual(reduceSessions(state.session, state.set), sessions);
  assert.deepEqual(state.exercise, { [BENCH]: { name: "Bench Press (Barbell)", kind: "barbell" } });
});

test("the Hinge export fixture imports with its ids, cue ticks, pain and kinds", () => {
  const file = JSON.parse(fixture("hinge.json"));
  const plan = parse("hinge.json");
  const state = { session: {}, set: {}, exercise: {} };
  apply(state, importChanges(plan).flat());
  assert.deepEqual(reduceSessions(state.session, state.set), file.sessions);
  assert.equal(plan.sets, 6);
  assert.deepEqual(Object.keys(state.exercise), [file.exercises[0].id]);
});

test("a Hinge export's custom exercise the lifter already has is not created again", () => {
  const plan = parseImport(fixture("hinge.json"), { program, exercises: JSON.parse(fixture("hinge.json")).exercises });
  assert.deepEqual(plan.exercises, []);
});

test("a hand-edited Hinge export's bad set is skipped with its reason, the rest imported", () => {
  const file = JSON.parse(fixture("hinge.json"));
  file.sessions[0].sets[0].reps = 2.5;
  file.sessions[0].sets[1].form = { made_up: true };
  const plan = parseImport(JSON.stringify(file), { program });
  assert.equal(plan.sets, 4);
  assert.deepEqual(plan.skipped.map((skip) => skip.reason.replace(/^set \S+: /, "")), ["the reps are not a whole number from 0 to 1000", 'the form cue "made_up" is not one of this program\'s']);
});

// ---- export ----

test("the CSV export adds each set's kind and its exercise's name after the old columns", () => {
  const sessions = logWithEverything();
  const rows = exportCsv(sessions, { program, exercises: [{ id: BENCH, name: "Bench, flat", kind: "barbell" }] }).trim().split("\r\n");
  assert.deepEqual(rows[0].split(",").slice(-3), ["notes", "kind", "exercise_name"]);
  assert.ok(rows[1].endsWith(",warmup,Romanian deadlift"));
  assert.ok(rows[4].endsWith(`,drop,${csvCell("Bench, flat")}`));
  assert.ok(exportCsv(sessions).trim().split("\r\n")[1].endsWith(",warmup,")); // no names given: the column stays empty
});

test("the JSON export holds the custom exercises and the profile", () => {
  const json = JSON.parse(exportJson([], { username: null, nowIso: "2026-02-13T08:00:00Z", exercises: [{ id: BENCH, name: "Bench", kind: "barbell" }], profile: { units: "kg" } }));
  assert.deepEqual([json.format, json.exercises.length, json.profile], ["hinge-export", 1, { units: "kg" }]);
  assert.equal(JSON.parse(exportJson([], { username: null, nowIso: "x" })).profile, null);
});

test("an export keeps a deleted exercise its sets still name, and importing it keeps it deleted", () => {
  const sessions = logWithEverything(); // one set names BENCH
  const gone = "0190b2c4-0000-7000-8000-0000000000e9";
  const all = [
    { id: BENCH, name: "Bench Press (Barbell)", kind: "barbell", deleted: /** @type {const} */ (true) },
    { id: gone, name: "Never logged", kind: "machine", deleted: /** @type {const} */ (true) },
  ];
  const exercises = exercisesToExport(all, sessions);
  assert.deepEqual(exercises.map((exercise) => exercise.id), [BENCH]);
  const plan = parseImport(exportJson(sessions, { username: null, nowIso: "2026-02-13T08:00:00Z", exercises }), { program });
  const state = { session: {}, set: {}, exercise: {} };
  apply(state, importChanges(plan).flat());
  assert.deepEqual(state.exercise, { [BENCH]: { name: "Bench Press (Barbell)", kind: "barbell", deleted: true } });
  assert.ok(exportCsv(sessions, { program, exercises }).includes(",drop,Bench Press (Barbell)"));
});
