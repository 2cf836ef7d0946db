// The client's replica and sync loop against a protocol-faithful fake server: what is acknowledged
// leaves the outbox and nothing else does; refused ops are set aside; clocks are corrected.
import assert from "node:assert/strict";
import { test } from "node:test";

import { parseHlc } from "../../pwa/js/hlc.js";
import { Local } from "../../pwa/js/local.js";
import { memoryPersist } from "../../pwa/js/persist.js";
import { Syncer, isSyncResponse } from "../../pwa/js/sync.js";
import { FakeServer } from "./fake_server.mjs";

const NOW = 1_764_000_000_000;
const PHONE = "00000000000000a1";
const LAPTOP = "00000000000000b2";
const SESSION = "0190b2c4-0000-7000-8000-000000000001";
const SET1 = "0190b2c4-0000-7000-8000-0000000000a1";
const SET2 = "0190b2c4-0000-7000-8000-0000000000a2";

const idleTimers = {
  setTimeout: () => 1,
  clearTimeout: () => {},
  setInterval: () => 1,
  clearInterval: () => {},
};

async function device(server, deviceId, { now = () => NOW, online = () => true, persist = memoryPersist() } = {}) {
  const token = `token-${deviceId}`;
  server.devices[token] = deviceId;
  const local = await Local.open(persist, { now });
  await local.signIn({ token, device_id: deviceId, username: "lifter", device_name: deviceId });
  const syncer = new Syncer(local, { fetch: server.fetch, now, online, timers: idleTimers, random: () => 0.5 });
  return { local, syncer, persist };
}

function logSet(local, setId, reps) {
  return local.write([
    { entity: "session", entity_id: SESSION, field: "started_at", value: "2026-11-24T18:00:00Z" },
    { entity: "set", entity_id: setId, field: "session_id", value: SESSION },
    { entity: "set", entity_id: setId, field: "exercise", value: "pull_through" },
    { entity: "set", entity_id: setId, field: "reps", value: reps },
  ]);
}

test("a write shows at once, lands in storage and waits in the outbox", async () => {
  const server = new FakeServer();
  const { local, persist, syncer } = await device(server, PHONE);
  let heard = 0;
  local.subscribe(() => (heard += 1));
  const pending = logSet(local, SET1, 12);
  assert.equal(heard, 1, "listeners hear before storage answers");
  assert.equal(local.sessions()[0].sets[0].reps, 12);
  await pending;
  assert.equal(persist.data.outbox.size, 4);
  assert.equal(local.pendingCount(), 1, "a set and its new session are one change");
  assert.equal(syncer.status().text, "1 change waiting");
  const reopened = await Local.open(persist);
  assert.equal(reopened.sessions()[0].sets[0].reps, 12);
  assert.equal(reopened.outbox.size, 4);
});

test("a well-formed 200 empties the outbox and the status says Synced", async () => {
  const server = new FakeServer();
  const { local, syncer } = await device(server, PHONE);
  await logSet(local, SET1, 12);
  await syncer.run();
  assert.equal(local.outbox.size, 0);
  assert.equal(server.log.length, 4);
  assert.match(syncer.status().text, /^Synced/);
});

test("two devices converge through the server", async () => {
  const server = new FakeServer();
  const phone = await device(server, PHONE);
  const laptop = await device(server, LAPTOP);
  await logSet(phone.local, SET1, 12);
  await logSet(laptop.local, SET2, 15);
  await phone.local.write([{ entity: "set", entity_id: SET2, field: "reps", value: 14 }]);
  for (const d of [phone, laptop, phone]) await d.syncer.run();
  assert.deepEqual(phone.local.sessions(), laptop.local.sessions());
  assert.equal(phone.local.sessions()[0].sets.length, 2);
});

test("a proxy's 200 login page acknowledges nothing", async () => {
  const server = new FakeServer();
  const { local, syncer } = await device(server, PHONE);
  await logSet(local, SET1, 12);
  server.answer = () => new Response("<html>Log in to the Wi-Fi</html>", { status: 200, headers: { "content-type": "text/html" } });
  await syncer.run();
  assert.equal(local.outbox.size, 4);
  assert.equal(syncer.failures, 1);
  server.answer = () => new Response(JSON.stringify({ ok: true }), { status: 200, headers: { "content-type": "application/json" } });
  await syncer.run();
  assert.equal(local.outbox.size, 4, "JSON of another shape is no acknowledgement either");
  server.answer = null;
  await syncer.run();
  assert.equal(local.outbox.size, 0);
});

test("isSyncResponse wants every key with its type", () => {
  const good = { cursor: 3, ops: [], more: false, server_time_ms: NOW };
  assert.ok(isSyncResponse(good));
  assert.ok(!isSyncResponse({ ...good, cursor: "3" }));
  assert.ok(!isSyncResponse({ ...good, more: "no" }));
  assert.ok(!isSyncResponse({ ...good, ops: [{ hlc: "x" }] }));
  assert.ok(!isSyncResponse(null));
});

test("the client pages while more is true", async () => {
  const server = new FakeServer();
  server.pageSize = 3;
  const phone = await device(server, PHONE);
  for (const [index, setId] of [SET1, SET2].entries()) await logSet(phone.local, setId, 10 + index);
  await phone.syncer.run();
  const laptop = await device(server, LAPTOP);
  await laptop.syncer.run();
  assert.equal(laptop.local.cursor, server.log.length);
  assert.ok(server.requests.filter((r) => r.token === `token-${LAPTOP}`).length >= 3);
  assert.deepEqual(laptop.local.sessions(), phone.local.sessions());
});

test("an op refused with op_index is set aside and the rest still syncs", async () => {
  const server = new FakeServer();
  server.badFields.add("notes");
  const { local, syncer } = await device(server, PHONE);
  await logSet(local, SET1, 12);
  await local.write([{ entity: "set", entity_id: SET1, field: "notes", value: "refused" }]);
  await logSet(local, SET2, 13);
  await syncer.run();
  assert.equal(local.outbox.size, 0);
  assert.equal(local.rejected.size, 1);
  assert.equal([...local.rejected.values()][0].op.field, "notes");
  assert.equal(server.log.length, 8);
  assert.equal(syncer.status().text, "Synced ✓ · 1 set aside");
  await local.discard([...local.rejected.keys()][0]);
  assert.equal(local.rejected.size, 0);
  assert.equal(local.sessions()[0].sets.find((s) => s.id === SET1).notes, null);
});

test("after a clock-ahead refusal the offset is corrected and waiting ops are re-stamped", async () => {
  const server = new FakeServer();
  const hourAhead = () => NOW + 3_600_000;
  const { local, syncer } = await device(server, PHONE, { now: hourAhead });
  await logSet(local, SET1, 12);
  await local.write([{ entity: "set", entity_id: SET1, field: "reps", value: 11 }]);
  const before = [...local.outbox.values()].map((op) => [op.field, op.value]);
  await syncer.run();
  assert.equal(local.outbox.size, 0);
  const stored = server.log.map((entry) => entry.op);
  // The reps op that lost to the later edit is dropped: it could never win anywhere.
  assert.deepEqual(stored.map((op) => [op.field, op.value]), before.filter(([f, v]) => !(f === "reps" && v === 12)));
  for (const op of stored) assert.ok(parseHlc(op.hlc).wallMs <= NOW + 1000, op.hlc);
  assert.ok(Math.abs(local.offsetMs + 3_600_000) < 1000);
  assert.equal(local.sessions()[0].sets[0].reps, 11);
  // New writes now use the corrected clock.
  const [op] = await local.write([{ entity: "set", entity_id: SET1, field: "rpe", value: 7 }]);
  assert.ok(parseHlc(op.hlc).wallMs <= NOW + 1000);
});

test("a 401 keeps the outbox and asks to sign in again; the next sync re-stamps for the new device", async () => {
  const server = new FakeServer();
  const { local, syncer } = await device(server, PHONE);
  await logSet(local, SET1, 12);
  delete server.devices[`token-${PHONE}`];
  await syncer.run();
  assert.equal(syncer.status().text, "Sign in again");
  assert.equal(local.outbox.size, 4);
  server.devices["token-new"] = LAPTOP;
  await local.signIn({ token: "token-new", device_id: LAPTOP, username: "lifter", device_name: "phone" });
  await syncer.run();
  assert.equal(local.outbox.size, 0);
  assert.equal(server.log.length, 4);
  for (const { op } of server.log) assert.equal(parseHlc(op.hlc).node, LAPTOP);
});

test("signing in again after a reload still syncs every waiting op", async () => {
  const server = new FakeServer();
  const { local, syncer, persist } = await device(server, PHONE);
  await logSet(local, SET1, 12);
  delete server.devices[`token-${PHONE}`];
  await syncer.run();
  const reloaded = await Local.open(persist, { now: () => NOW });
  server.devices["token-new"] = LAPTOP;
  await reloaded.signIn({ token: "token-new", device_id: LAPTOP, username: "lifter", device_name: "phone" });
  const again = new Syncer(reloaded, { fetch: server.fetch, now: () => NOW, timers: idleTimers, random: () => 0.5 });
  await again.run();
  assert.equal(reloaded.outbox.size, 0);
  assert.deepEqual(
    server.log.map(({ op }) => [op.field, op.value]),
    [["started_at", "2026-11-24T18:00:00Z"], ["session_id", SESSION], ["exercise", "pull_through"], ["reps", 12]],
  );
});

test("an op stored before its answer was lost is not stored again under a new clock", async () => {
  const server = new FakeServer();
  const phone = await device(server, PHONE);
  await logSet(phone.local, SET1, 20);
  // The server stores the batch, but the answer never reaches the phone.
  server.answer = (request) => {
    server.answer = null;
    server.fetch(request.url, { body: JSON.stringify(request.body), headers: { authorization: `Bearer ${request.token}` } });
    throw new TypeError("network down");
  };
  await phone.syncer.run();
  assert.equal(phone.local.outbox.size, 4);
  // Later the laptop changes the reps; then the phone signs in again and syncs.
  const laptop = await device(server, LAPTOP);
  await laptop.syncer.run();
  await laptop.local.write([{ entity: "set", entity_id: SET1, field: "reps", value: 25 }]);
  await laptop.syncer.run();
  server.devices["token-phone-2"] = "00000000000000c3";
  await phone.local.signIn({ token: "token-phone-2", device_id: "00000000000000c3", username: "lifter", device_name: "p" });
  await phone.syncer.run();
  assert.equal(phone.local.outbox.size, 0);
  assert.equal(server.log.filter(({ op }) => op.field === "reps").length, 2, "the 20 is stored once");
  assert.equal(phone.local.sessions()[0].sets[0].reps, 25);
});

test("a re-stamped op still beats the pulled op it beat before", async () => {
  // The laptop's clock runs 5 minutes ahead; the phone's jumps an hour ahead after pulling.
  let phoneNow = NOW;
  const server = new FakeServer();
  const laptop = await device(server, LAPTOP, { now: () => NOW + 300_000 });
  await logSet(laptop.local, SET1, 15);
  await laptop.syncer.run();
  const phone = await device(server, PHONE, { now: () => phoneNow });
  await phone.syncer.run();
  phoneNow = NOW + 3_600_000;
  await phone.local.write([{ entity: "set", entity_id: SET1, field: "reps", value: 10 }]);
  phoneNow = NOW;
  await phone.syncer.run(); // refused as too far ahead, re-stamped, pushed again
  await laptop.syncer.run();
  assert.equal(phone.local.sessions()[0].sets[0].reps, 10);
  assert.equal(laptop.local.sessions()[0].sets[0].reps, 10, "the server and laptop agree with the phone");
});

test("offline, the status says so and counts what waits", async () => {
  const server = new FakeServer();
  let online = true;
  const { local, syncer } = await device(server, PHONE, { online: () => online });
  assert.equal(syncer.status().text, "Synced ✓");
  online = false;
  assert.equal(syncer.status().text, "Offline");
  await logSet(local, SET1, 12);
  await logSet(local, SET2, 13);
  assert.equal(syncer.status().text, "Offline · 2 changes waiting");
  await syncer.run();
  assert.equal(server.requests.length, 0, "no request while offline");
  online = true;
  await syncer.run();
  assert.equal(syncer.status().text, "Synced ✓");
});

test("a lost answer is harmless: the retry stores nothing twice and acknowledges", async () => {
  const server = new FakeServer();
  const { local, syncer } = await device(server, PHONE);
  await logSet(local, SET1, 12);
  let first = true;
  server.answer = (request) => {
    if (!first) return null;
    first = false;
    server.answer = null;
    server.fetch(request.url, { body: JSON.stringify(request.body), headers: { authorization: `Bearer ${request.token}` } });
    throw new TypeError("network connection lost");
  };
  await syncer.run();
  assert.equal(local.outbox.size, 4);
  assert.equal(syncer.failures, 1);
  await syncer.run();
  assert.equal(local.outbox.size, 0);
  assert.equal(server.log.length, 4);
});

test("errors back off exponentially and a change does not cut the wait short", async () => {
  const delays = [];
  const timers = { ...idleTimers, setTimeout: (fn, ms) => (delays.push(ms), delays.length), clearTimeout: () => {} };
  const server = new FakeServer();
  server.answer = () => new Response("", { status: 503 });
  const { local } = await device(server, PHONE);
  const syncer = new Syncer(local, { fetch: server.fetch, timers, random: () => 0.5 });
  await logSet(local, SET1, 12);
  await syncer.run();
  await syncer.run();
  await syncer.run();
  assert.deepEqual(delays, [1000, 2000, 4000]);
  syncer.request("change");
  assert.equal(delays.length, 3);
  syncer.request("online");
  assert.equal(delays.at(-1), 0);
});

test("a server that cannot be reached reads as offline, though the browser says it is online", async () => {
  const server = new FakeServer();
  let reachable = false;
  const fetch = (/** @type {[string, RequestInit]} */ ...args) => (reachable ? server.fetch(...args) : Promise.reject(new TypeError("Failed to fetch")));
  const { local } = await device(server, PHONE);
  const syncer = new Syncer(local, { fetch, now: () => NOW, online: () => true, timers: idleTimers, random: () => 0.5 });
  await logSet(local, SET1, 12);
  await syncer.run();
  assert.equal(syncer.status().text, "Offline · 1 change waiting");
  reachable = true;
  await syncer.run();
  assert.equal(syncer.status().text, "Synced ✓");
});

test("an account at its quota keeps its changes waiting, sets none aside, and the status says so", async () => {
  const server = new FakeServer();
  let full = true;
  const quota = { stored: { ops: 10, bytes: 900 }, limit: { ops: 10, bytes: 4000 } };
  const fetch = (/** @type {[string, RequestInit]} */ ...args) =>
    full ? Promise.resolve(server.json(403, { detail: "quota: this account holds 10 ops", op_index: null, quota })) : server.fetch(...args);
  const { local } = await device(server, PHONE);
  const syncer = new Syncer(local, { fetch, now: () => NOW, online: () => true, timers: idleTimers, random: () => 0.5 });
  await logSet(local, SET1, 12);
  await syncer.run();
  assert.equal(syncer.status().text, "Account full · 1 change waiting");
  assert.equal(local.rejected.size, 0, "nothing is set aside: the ops are fine, the account is full");
  assert.equal(local.outbox.size, 4);
  full = false;
  await syncer.run();
  assert.equal(syncer.status().text, "Synced ✓");
});
