// Entity ids are UUIDv7 in canonical lowercase, time-ordered like tests/support/device.py's new_id.
import assert from "node:assert/strict";
import { test } from "node:test";

import { isUuid, newId } from "../../pwa/js/ids.js";

test("an id is a canonical lowercase version 7 UUID with the RFC 4122 variant", () => {
  const id = newId(1764000000000, new Uint8Array(10).fill(0xff));
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.ok(isUuid(id));
  assert.equal(id.slice(0, 13).replace("-", ""), (1764000000000).toString(16).padStart(12, "0"));
});

test("ids made later sort later", () => {
  const ids = [1, 2, 1000, 1764000000000].map((ms) => newId(ms));
  assert.deepEqual([...ids].sort(), ids);
});

test("ids from the platform's random source differ", () => {
  const ids = new Set(Array.from({ length: 1000 }, () => newId(5)));
  assert.equal(ids.size, 1000);
});

test("isUuid refuses uppercase and other forms", () => {
  assert.ok(!isUuid("0190B2C4-0000-7000-8000-000000000000"));
  assert.ok(!isUuid("0190b2c400007000800000000000000"));
  assert.ok(!isUuid(null));
});
