// The sync loop of sync-protocol.md section 4: push the outbox, pull until `more` is false.
//
// It runs on each change (debounced), on the `online` event, on start and periodically, with
// exponential backoff on errors. The outbox drops only ops acknowledged by a well-formed 200: a
// proxy's 200 login page is not one. An op refused for itself (op_index) is set aside and the rest
// syncs; after a clock-ahead refusal the clock offset is corrected and waiting ops are re-stamped.
// fetch, the time, online-ness and timers come in, so Node tests drive it with fakes.

import { isValidHlc, parseHlc } from "./hlc.js";

export const PAGE_LIMIT = 1000;
const MAX_BATCH = 1000;
const DEBOUNCE_MS = 800;
const PERIOD_MS = 10_000;
// After reconnecting, pull again shortly: other devices often come back at the same moment.
const CATCH_UP_MS = [3_000, 8_000];
const MAX_BACKOFF_MS = 60_000;

export class SyncError extends Error {
  /** @param {string} kind @param {string} message */
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

/** @param {any} op @returns {op is Op} */
function isWireOp(op) {
  return (
    op !== null &&
    typeof op === "object" &&
    isValidHlc(op.hlc) &&
    typeof op.entity === "string" &&
    typeof op.entity_id === "string" &&
    typeof op.field === "string" &&
    Object.hasOwn(op, "value")
  );
}

// True only for the body the protocol promises with a 200; anything else keeps the outbox.
/** @param {any} body @returns {body is SyncResponse} */
export function isSyncResponse(body) {
  return (
    body !== null &&
    typeof body === "object" &&
    Number.isSafeInteger(body.cursor) &&
    body.cursor >= 0 &&
    Array.isArray(body.ops) &&
    typeof body.more === "boolean" &&
    Number.isSafeInteger(body.server_time_ms) &&
    body.ops.every(isWireOp)
  );
}

/** @param {Response} response @returns {Promise<JsonBody>} */
async function readJson(response) {
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

export class Syncer {
  /** @param {Local} local @param {SyncOptions} [options] */
  constructor(
    local,
    {
      fetch = (...args) => globalThis.fetch(...args),
      now = () => Date.now(),
      online = () => globalThis.navigator?.onLine ?? true,
      random = Math.random,
      timers = globalThis,
      base = "",
    } = {},
  ) {
    this.local = local;
    this.fetch = fetch;
    this.now = now;
    this.online = online;
    this.random = random;
    this.timers = timers;
    this.base = base;
    this.failures = 0;
    this.stopped = false;
    /** @type {Promise<void> | null} */
    this.inFlight = null;
    this.again = false;
    /** @type {number | null} */
    this.timer = null;
    /** @type {number | null} */
    this.periodic = null;
    /** @type {unknown} */
    this.lastError = null;
    /** @type {number | null} */
    this.lastSyncedAt = null;
    /** @type {Set<(syncer: Syncer) => void>} */
    this.listeners = new Set();
  }

  /** @param {(syncer: Syncer) => void} listener */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit() {
    for (const listener of [...this.listeners]) listener(this);
  }

  // What the status pill says.
  status() {
    const local = this.local;
    if (local.auth === null) return { text: "Not signed in", tone: "muted" };
    if (local.authLost) return { text: "Sign in again", tone: "warn" };
    const count = local.pendingCount();
    const waiting = count === 1 ? "1 change waiting" : `${count} changes waiting`;
    const aside = local.rejected.size > 0 ? ` · ${local.rejected.size} set aside` : "";
    // The browser may say it is online with no way through (a gym's Wi-Fi without internet, or
    // Chromium after an offline reload): a request that could not reach the server says so too.
    const unreachable = this.lastError instanceof SyncError && this.lastError.kind === "network";
    if (!this.online() || unreachable) return { text: count > 0 ? `Offline · ${waiting}` : "Offline", tone: "muted" };
    const full = this.lastError instanceof SyncError && this.lastError.kind === "quota";
    if (full && count > 0) return { text: `Account full · ${waiting}`, tone: "warn" };
    if (count > 0) return { text: waiting + aside, tone: this.failures > 0 ? "warn" : "busy" };
    if (this.lastSyncedAt === null && this.inFlight !== null) return { text: "Syncing…", tone: "busy" };
    return { text: `Synced ✓${aside}`, tone: aside ? "warn" : "ok" };
  }

  // Start the loop: sync now, then on every change, on `online`, and every PERIOD_MS.
  start(target = globalThis) {
    this.local.subscribe(() => this.request("change"));
    target.addEventListener?.("online", () => {
      this.request("online");
      for (const delay of CATCH_UP_MS) this.timers.setTimeout(() => this.request("periodic"), delay);
    });
    target.addEventListener?.("offline", () => this.emit());
    this.periodic = this.timers.setInterval(() => {
      if (globalThis.document?.visibilityState !== "hidden") this.request("periodic");
    }, PERIOD_MS);
    this.request("start");
  }

  stop() {
    this.stopped = true;
    if (this.periodic !== null) this.timers.clearInterval(this.periodic);
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.periodic = null;
    this.timer = null;
  }

  // Ask for a sync. Changes wait a moment (so a burst of taps makes one request) and never cut a
  // backoff short; `online`, start and a manual request go at once.
  /** @param {"change" | "online" | "periodic" | "start" | "manual"} reason */
  request(reason) {
    this.emit();
    if (this.stopped) return;
    if (reason === "change") {
      if (this.local.outbox.size === 0 || this.failures > 0) return;
      this.schedule(DEBOUNCE_MS, false);
      return;
    }
    if (reason === "periodic" && this.failures > 0) return;
    if (reason === "online" || reason === "manual") this.failures = 0;
    this.schedule(0, true);
  }

  /** @param {number} delayMs @param {boolean} replace */
  schedule(delayMs, replace) {
    if (this.timer !== null) {
      if (!replace) return;
      this.timers.clearTimeout(this.timer);
    }
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.run().catch(() => {});
    }, delayMs);
  }

  // One full sync (repeated while changes arrived during it); errors schedule a retry with backoff.
  async run() {
    if (this.inFlight !== null) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = (async () => {
      try {
        do {
          this.again = false;
          await this.round();
        } while (this.again && this.local.outbox.size > 0);
        this.failures = 0;
        this.lastError = null;
      } catch (error) {
        this.lastError = error;
        if (error instanceof SyncError && ["auth", "idle", "offline"].includes(error.kind)) return;
        this.failures += 1;
        const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.failures - 1));
        this.schedule(backoff * (0.5 + this.random()), true);
      } finally {
        this.inFlight = null;
        this.emit();
      }
    })();
    this.emit();
    return this.inFlight;
  }

  /** @param {{since: number, ops: Op[], limit: number}} body */
  async post(body) {
    const auth = this.local.auth;
    // Signed out during a round.
    if (auth === null) throw new SyncError("idle", "not signed in");
    const started = this.now();
    let response;
    try {
      response = await this.fetch(`${this.base}/api/v1/sync`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${auth.token}` },
        body: JSON.stringify(body),
        cache: "no-store",
        credentials: "omit",
      });
    } catch (error) {
      throw new SyncError("network", String(error));
    }
    const body_ = await readJson(response);
    const midpoint = (started + this.now()) / 2;
    return { response, body: body_, midpoint };
  }

  // A 401 with the API's JSON body means the token is dead; anything else (a proxy's page) is an
  // ordinary failure, retried with backoff.
  /** @param {JsonBody} body @returns {Promise<never>} */
  async lostToken(body) {
    if (typeof body?.detail !== "string") throw new SyncError("http", "sync answered 401 without the API's body");
    await this.local.loseAuth();
    throw new SyncError("auth", "this device's token is no longer valid");
  }

  // Pull (pushing nothing) to the end, so every waiting op the server already holds comes back and
  // is acknowledged; then stamp what is really still waiting again. Re-stamping an op that was
  // stored (its answer lost) would store the same edit twice, the copy winning over later edits.
  async restampAfterCatchingUp() {
    const local = this.local;
    for (;;) {
      if (this.stopped || local.readOnly) return;
      const { response, body, midpoint } = await this.post({ since: local.cursor, ops: [], limit: PAGE_LIMIT });
      if (response.status === 401) await this.lostToken(body);
      if (response.status !== 200 || response.redirected || !isSyncResponse(body)) {
        throw new SyncError("http", `catching up answered ${response.status}`);
      }
      const offsetMs = Math.round(body.server_time_ms - midpoint);
      await local.applySync({ pushed: [], ops: body.ops, cursor: body.cursor, offsetMs });
      if (!body.more) break;
    }
    await local.restamp();
  }

  // Push every waiting op (in batches) and pull every page.
  async round() {
    const local = this.local;
    if (local.auth === null || local.authLost) throw new SyncError("idle", "not signed in");
    if (!this.online()) throw new SyncError("offline", "the browser is offline");
    let batchSize = MAX_BATCH;
    let restamped = false;
    if (local.hasForeignOps()) {
      restamped = true;
      await this.restampAfterCatchingUp();
    }
    for (;;) {
      if (this.stopped || local.readOnly) return;
      const batch = local.outboxBatch(batchSize);
      const { response, body, midpoint } = await this.post({ since: local.cursor, ops: batch, limit: PAGE_LIMIT });
      const status = response.status;
      if (status === 200) {
        if (response.redirected || !isSyncResponse(body)) {
          throw new SyncError("malformed", "the sync answer was not the API's (a captive portal or proxy?)");
        }
        const offsetMs = Math.round(body.server_time_ms - midpoint);
        await local.applySync({ pushed: batch, ops: body.ops, cursor: body.cursor, offsetMs });
        this.lastSyncedAt = this.now();
        if (!body.more && local.outbox.size === 0) return;
        continue;
      }
      if (status === 401) await this.lostToken(body);
      // The account holds all the server lets one account hold: nothing more goes in, nothing is
      // set aside (the ops are fine), and the status says so; retried with the usual backoff.
      if (status === 403 && typeof body?.quota === "object" && body.quota !== null) throw new SyncError("quota", String(body.detail));
      if (status === 413 && batchSize > 1) {
        batchSize = Math.max(1, Math.floor(batchSize / 2));
        continue;
      }
      const index = body?.op_index;
      const badOp = typeof index === "number" && Number.isInteger(index) && index >= 0 && index < batch.length ? batch[index] : null;
      if (status === 422 && typeof body?.server_time_ms === "number" && Number.isSafeInteger(body.server_time_ms)) {
        // Our clock is too far ahead: take the server's time and stamp the waiting ops again.
        if (restamped) throw new SyncError("clock", String(body.detail));
        restamped = true;
        await local.setOffset(Math.round(body.server_time_ms - midpoint));
        await this.restampAfterCatchingUp();
        continue;
      }
      if (status === 403 && badOp !== null && parseHlc(badOp.hlc).node !== local.auth.device_id && !restamped) {
        restamped = true;
        await this.restampAfterCatchingUp();
        continue;
      }
      if ((status === 400 || status === 403 || status === 422) && badOp !== null) {
        await local.setAside(badOp, status, body?.detail);
        continue;
      }
      throw new SyncError("http", `sync answered ${status}`);
    }
  }
}
