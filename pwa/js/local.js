// The device's own replica: merged state, outbox, set-aside ops, cursor, clock and token.
//
// Everything the lifter does is written here first: stamped with the device's clock, merged into
// the state, queued in the outbox and committed to storage (IndexedDB in the browser, memory in
// tests) in one transaction, and listeners are told at once. The sync loop later pushes the
// outbox and merges what it pulls. No network here, and the clock comes in as `now`.

import { Clock, parseHlc } from "./hlc.js";
import { fieldKey, mergeInto, sameContent } from "./merge.js";
import { LB_KG } from "./display.js";
import { DEFAULT_BAR_KG, DEFAULT_BAR_LB, DEFAULT_PLATES_KG, DEFAULT_PLATES_LB } from "./plates.js";
import { verdict } from "./progression.js";
import { reduceSessions } from "./reduce.js";

// The profile's entity id, the same for every user (sync-protocol.md §5a).
export const PROFILE_ID = "00000000-0000-0000-0000-000000000000";

/** @returns {Entities} */
const emptyEntities = () => ({ session: {}, set: {}, exercise: {}, profile: {} });

export class Local {
  // As reset() makes them afresh.
  /** @type {Map<string, Op>} */
  winners = new Map(); // fieldKey -> op with the greatest hlc
  /** @type {Entities} */
  entities = emptyEntities(); // entity -> id -> {field: value}
  /** @type {Map<string, Op>} */
  outbox = new Map(); // hlc -> own op not yet acknowledged, in hlc order
  /** @type {Map<string, Rejected>} */
  rejected = new Map(); // hlc -> {hlc, op, status, detail, at}
  /** @type {Auth | null} */
  auth = null;
  authLost = false;
  cursor = 0;
  offsetMs = 0;
  /** @type {string | null} */
  maxReceived = null; // the greatest hlc ever pulled: re-stamped ops must sort after it
  /** @type {Clock | null} */
  clock = null;
  version = 0;
  /** @type {Map<string, unknown>} */
  memo = new Map();

  /** @param {Persist} persist @param {{now?: () => number}} [options] */
  constructor(persist, { now = () => Date.now() } = {}) {
    this.persist = persist;
    this.now = now;
    /** @type {Set<(local: Local) => void>} */
    this.listeners = new Set();
    this.readOnly = false;
  }

  reset() {
    this.winners = new Map();
    this.entities = emptyEntities();
    this.outbox = new Map();
    this.rejected = new Map();
    this.auth = null;
    this.authLost = false;
    this.cursor = 0;
    this.offsetMs = 0;
    this.maxReceived = null;
    this.clock = null;
    this.version = 0;
    this.memo = new Map();
  }

  /** @param {Persist} persist @param {{now?: () => number}} [options] */
  static async open(persist, options) {
    const local = new Local(persist, options);
    await local.load();
    return local;
  }

  async load() {
    const data = await this.persist.load();
    this.reset();
    for (const op of data.state) {
      this.winners.set(fieldKey(op), op);
      this.applyField(op);
    }
    for (const op of [...data.outbox].sort(byHlc)) this.outbox.set(op.hlc, op);
    for (const entry of data.rejected) this.rejected.set(entry.hlc, entry);
    const meta = data.meta;
    this.auth = meta.auth ?? null;
    this.authLost = meta.auth_lost === true;
    this.cursor = meta.cursor ?? 0;
    this.offsetMs = meta.offset_ms ?? 0;
    this.maxReceived = meta.max_received ?? null;
    const clock = meta.clock;
    if (clock && this.auth) this.clock = new Clock(clock.node, clock.wallMs, clock.counter);
    this.changed();
  }

  // ---- reading ----

  /** @param {(local: Local) => void} listener */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed() {
    this.version += 1;
    this.memo.clear();
    for (const listener of [...this.listeners]) listener(this);
  }

  /** @template T @param {string} key @param {() => T} compute @returns {T} */
  memoized(key, compute) {
    if (!this.memo.has(key)) this.memo.set(key, compute());
    return /** @type {T} */ (this.memo.get(key));
  }

  // Visible sessions, newest first, with their sets in order.
  sessions() {
    return this.memoized("sessions", () => reduceSessions(this.entities.session, this.entities.set));
  }

  // The lifter's own exercises by name (a name-less one, its ops on their way, waits): those not
  // deleted, or with `includeDeleted` the deleted ones too, marked (an export keeps the ones its
  // sets still name).
  /** @param {{includeDeleted?: boolean}} [options] @returns {OwnExercise[]} */
  exercises({ includeDeleted = false } = {}) {
    return this.memoized(includeDeleted ? "exercises-ever" : "exercises", () =>
      Object.entries(this.entities.exercise)
        .filter(([, fields]) => typeof fields.name === "string" && (includeDeleted || fields.deleted !== true))
        .map(([id, fields]) => {
          const kind = typeof fields.kind === "string" ? fields.kind : "other";
          return { id, name: /** @type {string} */ (fields.name), kind, ...(fields.deleted === true ? { deleted: /** @type {const} */ (true) } : {}) };
        })
        .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1)),
    );
  }

  // The profile, with the defaults of its units where a field was never set.
  /** @returns {Profile} */
  profile() {
    return this.memoized("profile", () => {
      const fields = this.entities.profile[PROFILE_ID] ?? {};
      const units = fields.units === "lb" ? "lb" : "kg";
      const bar = typeof fields.bar_kg === "number" ? fields.bar_kg : units === "lb" ? DEFAULT_BAR_LB * LB_KG : DEFAULT_BAR_KG;
      const plates = Array.isArray(fields.plates_kg)
        ? fields.plates_kg.filter((plate) => typeof plate === "number")
        : units === "lb" ? DEFAULT_PLATES_LB.map((lb) => lb * LB_KG) : [...DEFAULT_PLATES_KG];
      return { units, bar_kg: bar, plates_kg: plates };
    });
  }

  // The progression verdict on the local log, with the same engine as the server; with `without`,
  // as if that session (one still under way) were not in the log yet.
  /** @param {Program} program @param {string | null} [without] */
  verdict(program, without = null) {
    return this.memoized(`verdict:${without}`, () => {
      const sessions = reduceSessions(this.entities.session, this.entities.set, { newestFirst: false });
      const judged = without === null ? sessions : sessions.filter((s) => s.id !== without);
      return verdict(program, judged, { units: this.profile().units }); // a lb lifter by the lb numbers
    });
  }

  // The physical clock corrected by the server's time.
  physicalNow() {
    return Math.round(this.now() + this.offsetMs);
  }

  // Changes waiting to sync: each set with unsynced ops is one, and so is a session whose own
  // change rides along with none of its sets.
  pendingCount() {
    const sets = new Set();
    const sessions = new Set();
    for (const op of this.outbox.values()) (op.entity === "set" ? sets : sessions).add(op.entity_id);
    const sessionsOfSets = new Set([...sets].map((id) => this.entities.set[id]?.session_id));
    let count = sets.size;
    for (const id of sessions) if (!sessionsOfSets.has(id)) count += 1;
    return count;
  }

  /** @param {number} size */
  outboxBatch(size) {
    const batch = [];
    for (const op of this.outbox.values()) {
      if (batch.length >= size) break;
      batch.push(op);
    }
    return batch;
  }

  // ---- writing ----

  /** @param {Op} op */
  applyField(op) {
    const entities = this.entities[op.entity];
    if (entities === undefined) return;
    (entities[op.entity_id] ??= {})[op.field] = op.value;
  }

  /** @param {Op} op */
  removeField(op) {
    const entities = this.entities[op.entity];
    const fields = entities?.[op.entity_id];
    if (entities === undefined || fields === undefined) return;
    delete fields[op.field];
    if (Object.keys(fields).length === 0) delete entities[op.entity_id];
  }

  // Stamp, merge, queue and commit `changes` ([{entity, entity_id, field, value}]) as one action.
  // Listeners hear of it at once, in the same task that queued the storage transaction.
  /** @param {FieldChange[]} changes */
  async write(changes) {
    if (this.readOnly) throw new Error("Hinge is open in another tab, which keeps the log now");
    if (this.clock === null) throw new Error("sign in before writing");
    let clock = this.clock;
    const ops = changes.map(({ entity, entity_id, field, value }) => {
      let hlc;
      [clock, hlc] = clock.tick(this.physicalNow());
      return { hlc, entity, entity_id, field, value };
    });
    this.clock = clock;
    const won = mergeInto(this.winners, ops);
    for (const op of won) this.applyField(op);
    for (const op of ops) this.outbox.set(op.hlc, op);
    const done = this.persist.commit({ state: won, log: ops, outbox: ops, meta: { clock: clock.toJSON() } });
    this.changed();
    await done;
    return ops;
  }

  // One well-formed 200 of the sync endpoint: drop the pushed ops from the outbox, merge the pulled
  // ops, move the cursor and the clock, in one transaction.
  /** @param {{pushed: Op[], ops: Op[], cursor: number, offsetMs?: number}} sync */
  async applySync({ pushed, ops, cursor, offsetMs }) {
    const acknowledged = pushed.filter((op) => this.outbox.has(op.hlc)).map((op) => op.hlc);
    let clock = this.clock;
    for (const op of ops) {
      // Our own op from an earlier request whose answer was lost: it is stored, so it is acknowledged.
      const mine = this.outbox.get(op.hlc);
      if (mine !== undefined && sameContent(mine, op)) acknowledged.push(op.hlc);
      if (clock !== null) clock = clock.receive(op.hlc);
      if (this.maxReceived === null || op.hlc > this.maxReceived) this.maxReceived = op.hlc;
    }
    for (const hlc of acknowledged) this.outbox.delete(hlc);
    this.clock = clock;
    const won = mergeInto(this.winners, ops);
    for (const op of won) this.applyField(op);
    this.cursor = Math.max(this.cursor, cursor);
    if (offsetMs !== undefined) this.offsetMs = offsetMs;
    /** @type {Meta} */
    const meta = { cursor: this.cursor, offset_ms: this.offsetMs, max_received: this.maxReceived };
    if (clock !== null) meta.clock = clock.toJSON();
    const done = this.persist.commit({ state: won, log: ops, outboxDelete: acknowledged, meta });
    if (acknowledged.length > 0 || won.length > 0) this.changed();
    await done;
    return { acknowledged: acknowledged.length, merged: won.length };
  }

  /** @param {number} offsetMs */
  async setOffset(offsetMs) {
    this.offsetMs = offsetMs;
    await this.persist.commit({ meta: { offset_ms: offsetMs } });
  }

  // Give every unacknowledged op a new clock value from the (corrected) clock, in the same order.
  // An op that already lost its field to a newer op would lose on every replica too: it is dropped.
  // Used after the server refused a clock too far ahead, and when the device id changed; the sync
  // loop pulls to the end first, so ops the server already holds are acknowledged, not doubled.
  // The new values sort after every op this device has seen, so an op that beat a pulled op still
  // beats it everywhere.
  async restamp() {
    if (this.auth === null) return 0;
    const pending = [...this.outbox.values()];
    let base = this.maxReceived;
    for (const op of this.winners.values()) {
      if (!this.outbox.has(op.hlc) && (base === null || op.hlc > base)) base = op.hlc;
    }
    let clock = new Clock(this.auth.device_id);
    if (base !== null) clock = clock.receive(base);
    const fresh = [];
    const state = [];
    for (const old of pending) {
      this.outbox.delete(old.hlc);
      const key = fieldKey(old);
      // Compared by clock value: after a reload the state and the outbox hold distinct copies.
      if (this.winners.get(key)?.hlc !== old.hlc) continue;
      let hlc;
      [clock, hlc] = clock.tick(this.physicalNow());
      const op = { ...old, hlc };
      this.winners.set(key, op);
      this.outbox.set(hlc, op);
      fresh.push(op);
      state.push(op);
    }
    this.clock = clock;
    const done = this.persist.commit({
      state,
      log: fresh,
      logDelete: pending.map((op) => op.hlc),
      outbox: fresh,
      outboxDelete: pending.map((op) => op.hlc),
      meta: { clock: clock.toJSON() },
    });
    this.changed();
    await done;
    return fresh.length;
  }

  // An op the server refused for itself (422/403 with op_index): kept where the user sees it,
  // out of the outbox so the rest syncs.
  /** @param {Op} op @param {number} status @param {unknown} detail */
  async setAside(op, status, detail) {
    if (!this.outbox.has(op.hlc)) return;
    this.outbox.delete(op.hlc);
    const entry = { hlc: op.hlc, op, status, detail: String(detail ?? ""), at: new Date(this.now()).toISOString() };
    this.rejected.set(op.hlc, entry);
    const done = this.persist.commit({ outboxDelete: [op.hlc], rejected: [entry] });
    this.changed();
    await done;
  }

  // Forget a set-aside op; if it was its field's winner, the field falls back to the log's next best.
  /** @param {string} hlc */
  async discard(hlc) {
    const entry = this.rejected.get(hlc);
    if (entry === undefined) return;
    this.rejected.delete(hlc);
    const key = fieldKey(entry.op);
    /** @type {Commit} */
    const change = { rejectedDelete: [hlc], logDelete: [hlc] };
    if (this.winners.get(key)?.hlc === hlc) {
      const others = (await this.persist.opsForField(entry.op)).filter((op) => op.hlc !== hlc).sort(byHlc);
      const best = others.at(-1);
      if (this.winners.get(key)?.hlc !== hlc) {
        // A sync merged a newer op for this field while the log was read: it stays the winner.
      } else if (best === undefined) {
        this.winners.delete(key);
        this.removeField(entry.op);
        change.stateDelete = [entry.op];
      } else {
        this.winners.set(key, best);
        this.applyField(best);
        change.state = [best];
      }
    }
    const done = this.persist.commit(change);
    this.changed();
    await done;
  }

  // ---- the device's account ----

  // Signed in (again): a new token and device id. Ops still waiting under the old id are
  // re-stamped by the sync loop, once it has pulled what the server already holds.
  /** @param {Auth} auth */
  async signIn({ token, device_id, username, device_name }) {
    if (this.auth !== null && this.auth.username !== username) await this.wipe();
    const sameDevice = this.auth?.device_id === device_id;
    this.auth = { token, device_id, username, device_name };
    this.authLost = false;
    if (!sameDevice || this.clock === null) {
      let clock = new Clock(device_id);
      for (const op of this.winners.values()) clock = clock.receive(op.hlc);
      this.clock = clock;
    }
    await this.persist.commit({ meta: { auth: this.auth, auth_lost: false, clock: this.clock.toJSON() } });
    this.changed();
  }

  // Ops waiting under another device id (written before signing in again).
  hasForeignOps() {
    const node = this.auth?.device_id;
    return [...this.outbox.values()].some((op) => parseHlc(op.hlc).node !== node);
  }

  async loseAuth() {
    if (this.authLost) return;
    this.authLost = true;
    await this.persist.commit({ meta: { auth_lost: true } });
    this.changed();
  }

  // Everything on this device goes (signing out, or another user signing in).
  async wipe() {
    await this.persist.clear();
    this.reset();
    this.changed();
  }
}

/** @param {Op} a @param {Op} b */
function byHlc(a, b) {
  return a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0;
}
