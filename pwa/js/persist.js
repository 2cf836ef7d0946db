// Where the replica lives: IndexedDB through the `idb` wrapper, one transaction per commit.
//
// Stores: `state` (the winning op of every field), `log` (every op this device has written or
// pulled), `outbox` (own ops not yet acknowledged), `rejected` (ops the server refused, set aside)
// and `meta` (token, cursor, clock, clock offset). memoryPersist has the same shape for tests.

import { deleteDB, openDB } from "../vendor/idb.js";

/** @type {("state" | "log" | "outbox" | "rejected" | "meta")[]} */
const STORES = ["state", "log", "outbox", "rejected", "meta"];
const FIELD = ["entity", "entity_id", "field"];

/** @returns {Promise<Persist>} */
export async function idbPersist(name = "hinge") {
  /** @type {import("../vendor/idb.js").IDBPDatabase<HingeDB>} */
  const db = await openDB(name, 1, {
    upgrade(database) {
      database.createObjectStore("state", { keyPath: FIELD });
      database.createObjectStore("log", { keyPath: "hlc" }).createIndex("field", FIELD);
      database.createObjectStore("outbox", { keyPath: "hlc" });
      database.createObjectStore("rejected", { keyPath: "hlc" });
      database.createObjectStore("meta");
    },
  });
  return {
    async load() {
      const tx = db.transaction(STORES, "readonly");
      const [state, outbox, rejected, keys, values] = await Promise.all([
        tx.objectStore("state").getAll(),
        tx.objectStore("outbox").getAll(),
        tx.objectStore("rejected").getAll(),
        tx.objectStore("meta").getAllKeys(),
        tx.objectStore("meta").getAll(),
      ]);
      const meta = Object.fromEntries(keys.map((key, i) => [key, values[i]]));
      return { state, outbox, rejected, meta };
    },

    // All parts of one change in one transaction: it lands whole or not at all.
    commit(change) {
      const tx = db.transaction(STORES, "readwrite");
      const stores = Object.fromEntries(STORES.map((store) => [store, tx.objectStore(store)]));
      for (const op of change.state ?? []) stores.state.put(op);
      for (const op of change.stateDelete ?? []) stores.state.delete([op.entity, op.entity_id, op.field]);
      for (const op of change.log ?? []) stores.log.put(op);
      for (const hlc of change.logDelete ?? []) stores.log.delete(hlc);
      for (const op of change.outbox ?? []) stores.outbox.put(op);
      for (const hlc of change.outboxDelete ?? []) stores.outbox.delete(hlc);
      for (const entry of change.rejected ?? []) stores.rejected.put(entry);
      for (const hlc of change.rejectedDelete ?? []) stores.rejected.delete(hlc);
      for (const [key, value] of Object.entries(change.meta ?? {})) stores.meta.put(value, key);
      return tx.done;
    },

    opsForField(op) {
      return db.getAllFromIndex("log", "field", [op.entity, op.entity_id, op.field]);
    },

    async clear() {
      const tx = db.transaction(STORES, "readwrite");
      await Promise.all([...STORES.map((store) => tx.objectStore(store).clear()), tx.done]);
    },

    close() {
      db.close();
    },
  };
}

export async function deletePersist(name = "hinge") {
  await deleteDB(name);
}

// The same interface over plain Maps (Node tests; no IndexedDB there).
/** @returns {Persist & {data: MemoryStores, commits: number}} */
export function memoryPersist() {
  /** @param {Op} op */
  const key = (op) => `${op.entity}|${op.entity_id}|${op.field}`;
  /** @type {MemoryStores} */
  const data = { state: new Map(), log: new Map(), outbox: new Map(), rejected: new Map(), meta: new Map() };
  /** @type {<T>(value: T) => T} */
  const copy = (value) => structuredClone(value);
  return {
    data,
    commits: 0,
    async load() {
      return {
        state: [...data.state.values()].map(copy),
        outbox: [...data.outbox.values()].map(copy),
        rejected: [...data.rejected.values()].map(copy),
        meta: Object.fromEntries([...data.meta].map(([k, v]) => [k, copy(v)])),
      };
    },
    async commit(change) {
      this.commits += 1;
      for (const op of change.state ?? []) data.state.set(key(op), copy(op));
      for (const op of change.stateDelete ?? []) data.state.delete(key(op));
      for (const op of change.log ?? []) data.log.set(op.hlc, copy(op));
      for (const hlc of change.logDelete ?? []) data.log.delete(hlc);
      for (const op of change.outbox ?? []) data.outbox.set(op.hlc, copy(op));
      for (const hlc of change.outboxDelete ?? []) data.outbox.delete(hlc);
      for (const entry of change.rejected ?? []) data.rejected.set(entry.hlc, copy(entry));
      for (const hlc of change.rejectedDelete ?? []) data.rejected.delete(hlc);
      for (const [k, v] of Object.entries(change.meta ?? {})) data.meta.set(k, copy(v));
    },
    async opsForField(op) {
      return [...data.log.values()].filter((o) => key(o) === key(op)).map(copy);
    },
    async clear() {
      for (const store of Object.values(data)) store.clear();
    },
    close() {},
  };
}
