// The words of a failed sign-in or sign-up (format.js) and the rest timer's default lengths
// (rest-timer.js): the server's wording never reaches the screen, every stage has its rest.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { authProblem } from "../../pwa/js/format.js";
import { defaultRest, LENGTHS_KEY, MAX_REST_SECONDS, MIN_REST_SECONDS, REST_KEY, REST_SECONDS, RestTimer } from "../../pwa/js/ui/rest-timer.js";

const program = JSON.parse(readFileSync(new URL("../../server/progression/program.json", import.meta.url), "utf8"));

test("a 422 is put next to the field its detail names, in a sentence of our own", () => {
  assert.deepEqual(authProblem(422, "password: must be 8 to 256 characters, got 5"), {
    field: "password",
    text: "Use a password of 8 to 256 characters, not only spaces.",
  });
  assert.equal(authProblem(422, "password: holds an unpaired surrogate").field, "password");
  assert.equal(authProblem(422, "username: must be 3 to 64 characters of a-z, 0-9, '_', '.', '-'").field, "username");
  assert.equal(authProblem(422, "name: must be 1 to 64 characters").field, "name");
});

test("409, 401, 429 and no answer each have their sentence", () => {
  assert.deepEqual(authProblem(409, "username: 'bob' is taken"), { field: "username", text: "That username is taken. Pick another, or sign in." });
  assert.deepEqual(authProblem(401, "wrong username or password"), { field: "password", text: "Wrong username or password." });
  assert.equal(authProblem(429, "too many failed sign-ins; wait 15 minutes and try again").text, "Too many tries; wait 15 minutes and try again.");
  assert.equal(authProblem(429, "too many new accounts from this address", 3600).text, "Too many tries; wait 60 minutes and try again.");
  assert.equal(authProblem(429, "x", 30).text, "Too many tries; wait a minute and try again.");
  assert.equal(authProblem(503, "busy: too many sign-ins", 2).text, "The server is busy right now. Try again in a moment.");
  assert.equal(authProblem(0, "No connection.").field, null);
});

test("whatever the server says, its words never come back", () => {
  const details = [
    "password: must be 8 to 256 characters, got 5",
    "username: 'bob' is taken",
    "weird: <b>boom</b>",
    "internal server error",
    "",
    "body: expected an object",
  ];
  for (const status of [0, 400, 401, 403, 404, 409, 413, 422, 429, 500, 503]) {
    for (const detail of details) {
      const { field, text } = authProblem(status, detail);
      assert.ok(field === null || ["username", "password", "name"].includes(field));
      assert.match(text, /^[A-Z].*[.]$/, `${status} ${detail}: ${text}`);
      if (detail) assert.ok(!text.includes(detail), `${status}: ${text}`);
    }
  }
});

test("every stage of the program has a rest, the deadlift the longest, others the default", () => {
  for (const stage of program.stages) {
    for (const exercise of stage.exercises) assert.ok(defaultRest(program, exercise) >= 60, exercise);
  }
  assert.equal(defaultRest(program, "deadlift"), REST_SECONDS.deadlift);
  assert.equal(defaultRest(program, "hip_thrust"), REST_SECONDS.other);
  assert.equal(defaultRest(program, "0190f7a0-0000-7000-8000-000000000000"), REST_SECONDS.other);
  assert.equal(defaultRest(program, null), REST_SECONDS.other);
  const withRest = { ...program, stages: program.stages.map((s) => ({ ...s, rest_seconds: s.id === "deadlift" ? 240 : undefined })) };
  assert.equal(defaultRest(withRest, "deadlift"), 240, "the program's own number wins");
});

// Just enough of a DOM for the timer's bar (dom.js's h()).
class FakeElement {
  constructor() {
    this.attributes = {};
    this.children = [];
    this.style = {};
    this.hidden = false;
    this.textContent = "";
    const classes = new Set();
    this.classList = { add: (c) => classes.add(c), remove: (c) => classes.delete(c), contains: (c) => classes.has(c) };
  }
  setAttribute(key, value) {
    this.attributes[key] = value;
  }
  addEventListener(type, listener) {
    this[`on${type}`] = listener;
  }
  append(child) {
    this.children.push(child);
  }
}

class FakeStorage {
  constructor() {
    this.items = new Map();
  }
  getItem(key) {
    return this.items.get(key) ?? null;
  }
  setItem(key, value) {
    this.items.set(key, String(value));
  }
  removeItem(key) {
    this.items.delete(key);
  }
}

function withFakeDom(run) {
  const saved = [globalThis.document, globalThis.Node];
  globalThis.Node = FakeElement;
  globalThis.document = { createElement: () => new FakeElement(), createTextNode: (text) => ({ text }), visibilityState: "hidden" };
  try {
    run();
  } finally {
    [globalThis.document, globalThis.Node] = saved;
  }
}

test("the rest is kept as an end time: a new timer (a reload) carries on, +30 s is remembered per exercise", () => {
  withFakeDom(() => {
    let now = 1_000_000;
    const storage = new FakeStorage();
    const first = new RestTimer({ program, now: () => now, storage });
    first.start("pull_through");
    assert.equal(first.clock.textContent, "1:00");
    first.add(30);
    assert.equal(JSON.parse(storage.getItem(LENGTHS_KEY)).pull_through, 90);
    const { endsAt } = JSON.parse(storage.getItem(REST_KEY));
    assert.equal(endsAt, 1_000_000 + 90_000);
    first.stop();
    storage.setItem(REST_KEY, JSON.stringify({ exercise: "pull_through", endsAt, total: 90 }));

    now += 20_000;
    const reloaded = new RestTimer({ program, now: () => now, storage });
    assert.equal(reloaded.el.hidden, false);
    assert.equal(reloaded.clock.textContent, "1:10");
    now = endsAt + 1;
    reloaded.tick(); // at zero: no sound (the page is hidden), no throw without vibrate
    assert.equal(reloaded.label.textContent, "Rest over");
    assert.equal(storage.getItem(REST_KEY), null);
    reloaded.stop();

    const next = new RestTimer({ program, now: () => now, storage });
    assert.equal(next.el.hidden, true, "an ended rest does not come back");
    next.start("pull_through");
    assert.equal(next.clock.textContent, "1:30", "the 30 s more are remembered");
    next.start("deadlift");
    assert.equal(next.clock.textContent, "3:00", "for that exercise only");
    for (let i = 0; i < 30; i += 1) next.add(30);
    assert.equal(next.lengthFor("deadlift"), MAX_REST_SECONDS);
    next.stop();
  });
});

test("−30 s shortens this rest and the next one, never below the minimum, and ends a short rest at once", () => {
  withFakeDom(() => {
    let now = 1_000_000;
    const storage = new FakeStorage();
    const timer = new RestTimer({ program, now: () => now, storage });
    timer.start("deadlift");
    timer.add(-30);
    assert.equal(timer.clock.textContent, "2:30");
    assert.equal(timer.lengthFor("deadlift"), 150);
    for (let i = 0; i < 10; i += 1) timer.add(-30);
    assert.equal(timer.label.textContent, "Rest over", "less left than 30 s: the rest is over");
    assert.equal(timer.lengthFor("deadlift"), MIN_REST_SECONDS);
    timer.start("deadlift");
    assert.equal(timer.clock.textContent, "0:30");
    now += 60_000;
    timer.tick();
    timer.add(-30); // over: nothing to shorten, nothing remembered
    assert.equal(timer.lengthFor("deadlift"), MIN_REST_SECONDS);
    timer.stop();
  });
});

test("no storage at all (or one that throws) still times the rest", () => {
  withFakeDom(() => {
    const refusing = { getItem: () => { throw new Error("denied"); }, setItem: () => { throw new Error("full"); }, removeItem: () => {} };
    for (const storage of [null, refusing]) {
      const timer = new RestTimer({ program, now: () => 0, storage: /** @type {any} */ (storage) });
      timer.start("kettlebell_swing");
      timer.add(30);
      assert.equal(timer.clock.textContent, "1:30");
      timer.stop();
    }
  });
});
