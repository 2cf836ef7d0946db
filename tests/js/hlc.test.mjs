// The client clock, with the cases of tests/unit/test_hlc.py: the two must behave the same.
import assert from "node:assert/strict";
import { test } from "node:test";

import { Clock, MalformedHlc, formatHlc, parseHlc } from "../../pwa/js/hlc.js";

const NODE = "0123456789abcdef";
const OTHER = "fedcba9876543210";

test("format and parse round trip", () => {
  const value = formatHlc(1764000000000, 0x1a, NODE);
  assert.equal(value, "1764000000000-001a-0123456789abcdef");
  assert.equal(value.length, 35);
  assert.deepEqual(parseHlc(value), { wallMs: 1764000000000, counter: 0x1a, node: NODE });
});

for (const value of [
  "",
  "1764000000000-0000-0123456789ABCDEF",
  "764000000000-0000-0123456789abcdef",
  "1764000000000-00000-123456789abcdef",
  "1764000000000-000g-0123456789abcdef",
  "1764000000000_0000_0123456789abcdef",
  "1764000000000-0000-0123456789abcdef\n",
  "\uff11764000000000-0000-0123456789abcdef",
  "\u0661764000000000-0000-0123456789abcdef",
]) {
  test(`parse rejects malformed value ${JSON.stringify(value)}`, () => {
    assert.throws(() => parseHlc(value), MalformedHlc);
  });
}

test("parse rejects what is not a string", () => {
  assert.throws(() => parseHlc(1764000000000), MalformedHlc);
});

test("tick uses physical time when it moved ahead", () => {
  const [clock, first] = new Clock(NODE).tick(1000);
  assert.equal(first, formatHlc(1000, 0, NODE));
  const [, second] = clock.tick(2000);
  assert.equal(second, formatHlc(2000, 0, NODE));
});

test("tick counts up when physical time stands still or goes back", () => {
  let clock = new Clock(NODE);
  const values = [];
  for (const physical of [5000, 5000, 4000]) {
    let value;
    [clock, value] = clock.tick(physical);
    values.push(value);
  }
  assert.deepEqual(values, [formatHlc(5000, 0, NODE), formatHlc(5000, 1, NODE), formatHlc(5000, 2, NODE)]);
});

test("counter overflow borrows a millisecond instead of failing", () => {
  const [clock, value] = new Clock(NODE, 7000, 0xffff).tick(7000);
  assert.equal(value, formatHlc(7001, 0, NODE));
  assert.equal(clock.wallMs, 7001);
});

test("recv moves clock past remote value", () => {
  const remote = formatHlc(9000, 5, OTHER);
  const clock = new Clock(NODE, 1000).receive(remote);
  const [, value] = clock.tick(1000);
  assert.ok(value > remote);
  assert.equal(value, formatHlc(9000, 6, NODE));
});

test("recv of an older value changes nothing", () => {
  const clock = new Clock(NODE, 9000, 3);
  assert.equal(clock.receive(formatHlc(8000, 9, OTHER)), clock);
});

test("the clock never goes backwards and stays ahead of every value received", () => {
  let clock = new Clock(NODE);
  let last = "";
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 2000; i += 1) {
    if (random() < 0.3) {
      const remote = formatHlc(Math.floor(random() * 10_000), Math.floor(random() * 0x10000), OTHER);
      clock = clock.receive(remote);
      let value;
      [clock, value] = clock.tick(Math.floor(random() * 10_000));
      assert.ok(value > remote && value > last);
      last = value;
    } else {
      let value;
      [clock, value] = clock.tick(Math.floor(random() * 10_000));
      assert.ok(value > last, `${value} after ${last}`);
      last = value;
    }
  }
});

test("format refuses out-of-range parts", () => {
  assert.throws(() => formatHlc(1e13, 0, NODE), RangeError);
  assert.throws(() => formatHlc(1, 0x10000, NODE), RangeError);
  assert.throws(() => formatHlc(1, 0, "ABCDEF0123456789"), RangeError);
});
