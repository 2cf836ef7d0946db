// Where the replica lives: IndexedDB through the `idb` wrapper, one transaction per commit.
//
// What is kept: `state` (the winning op of every field), `log` (every op this device has written
// or pulled), `outbox` (own ops not yet acknowledged), `rejected` (ops the server refused, set
// aside) and `meta` (token, cursor, clock, clock offset). memoryPersist holds them as Maps for tests.
//
// In IndexedDB they are a journal: each commit is one record of `journal`, as given, and
// `snapshot` holds them all folded up to some commit. Loading folds the journal into the snapshot
// and, when the journal has grown long, stores the result as the new snapshot. Why: Chromium pays
// a real cost for every record (about 0.2 ms on a test machine), and one record per op in three
// stores made a 90,000-op import take 95 s; one record per commit takes milliseconds.

import { deleteDB, openDB } from "../vendor/idb.js";

// Loading rewrites the snapshot once the journal holds more commits than this.
const COMPACT_AFTER = 200;
const SNAPSHOT = "current";
// Version 1 kept one record per op in these stores; the first load of version 2 folds them in.
const OLD_STORES = /** @type {const} */ (["state", "log", "outbox", "rejected", "meta"]);

/** @param {Op} op */
const fieldKey = (op) => `${op.entity}|${op.entity_id}|${op.field}`;

/** @returns {MemoryStores} */
export function emptyStores() {
  return { state: new Map(), log: new Map(), outbox: new Map(), rejected: new Map(), meta: new Map() };
}

// One commit applied to the stores, in the order IndexedDB would apply its requests.
/** @param {MemoryStores} data @param {Commit} change @param {<T>(value: T) => T} [copy] */
export function applyCommit(data, change, copy = (value) => value) {
  for (const op of change.state ?? []) data.state.set(fieldKey(op), copy(op));
  for (const op of change.stateDelete ?? []) data.state.delete(fieldKey(op));
  for (const op of change.log ?? []) data.log.set(op.hlc, copy(op));
  for (const hlc of change.logDelete ?? []) data.log.delete(hlc);
  for (const op of change.outbox ?? []) data.outbox.set(op.hlc, copy(op));
  for (const hlc of change.outboxDelete ?? []) data.outbox.delete(hlc);
  for (const entry of change.rejected ?? []) data.rejected.set(entry.hlc, copy(entry));
  for (const hlc of change.rejectedDelete ?? []) data.rejected.delete(hlc);
  for (const [key, value] of Object.entries(change.meta ?? {})) data.meta.set(key, copy(value));
}

/** @param {MemoryStores} data @returns {Stored} */
function stored(data) {
  return { state: [...data.state.values()], outbox: [...data.outbox.values()], rejected: [...data.rejected.values()], meta: Object.fromEntries(data.meta) };
}

/** @returns {Promise<Persist>} */
export async function idbPersist(name = "hinge") {
  /** @type {import("../vendor/idb.js").IDBPDatabase<HingeDB>} */
  const db = await openDB(name, 2, {
    upgrade(database) {
      // New, or from version 1 (whose stores stay until the first load has folded them in).
      database.createObjectStore("journal", { autoIncrement: true });
      database.createObjectStore("snapshot");
    },
  });

  // The snapshot with every later commit folded in, read in one transaction; `last` is the newest
  // commit's key (the snapshot's own when the journal is empty).
  async function fold() {
    const tx = db.transaction(["snapshot", "journal"], "readonly");
    const [snapshot, keys, commits] = await Promise.all([
      tx.objectStore("snapshot").get(SNAPSHOT),
      tx.objectStore("journal").getAllKeys(),
      tx.objectStore("journal").getAll(),
    ]);
    const data = snapshot?.data ?? (await fromVersionOne());
    for (const change of commits) applyCommit(data, change);
    const last = keys.length ? keys[keys.length - 1] : (snapshot?.through ?? 0);
    return { data, last, commits: commits.length, fresh: snapshot === undefined };
  }

  // A database written by version 1: its per-op stores, read once (empty when it never had them).
  async function fromVersionOne() {
    const data = emptyStores();
    const names = OLD_STORES.filter((store) => db.objectStoreNames.contains(/** @type {any} */ (store)));
    if (names.length === 0) return data;
    const tx = db.transaction(/** @type {any} */ (names), "readonly");
    /** @param {string} store */
    const all = (store) => (names.includes(/** @type {any} */ (store)) ? tx.objectStore(/** @type {any} */ (store)).getAll() : Promise.resolve([]));
    const [state, log, outbox, rejected, metaKeys, metaValues] = await Promise.all([
      all("state"),
      all("log"),
      all("outbox"),
      all("rejected"),
      names.includes("meta") ? tx.objectStore(/** @type {any} */ ("meta")).getAllKeys() : Promise.resolve([]),
      all("meta"),
    ]);
    applyCommit(data, { state, log, outbox, rejected, meta: Object.fromEntries(metaKeys.map((key, i) => [String(key), metaValues[i]])) });
    return data;
  }

  // The folded stores become the snapshot and the commits they hold leave the journal, in one
  // transaction: a crash keeps the old snapshot and journal, or the new ones. Another tab that
  // compacted further already is left alone (its snapshot holds commits this fold lacks).
  /** @param {MemoryStores} data @param {number} last @param {boolean} fresh */
  async function compact(data, last, fresh) {
    const stores = [...OLD_STORES.filter((store) => fresh && db.objectStoreNames.contains(/** @type {any} */ (store))), "snapshot", "journal"];
    const tx = db.transaction(/** @type {any} */ (stores), "readwrite");
    const current = await tx.objectStore("snapshot").get(SNAPSHOT);
    if (current === undefined || current.through < last) {
      tx.objectStore("snapshot").put({ through: last, data }, SNAPSHOT);
      tx.objectStore("journal").delete(IDBKeyRange.upperBound(last));
      for (const store of stores.filter((one) => OLD_STORES.includes(/** @type {any} */ (one)))) tx.objectStore(/** @type {any} */ (store)).clear();
    }
    await tx.done;
  }

  return {
    async load() {
      const { data, last, commits, fresh } = await fold();
      if (fresh || commits > COMPACT_AFTER) await compact(data, last, fresh);
      return stored(data);
    },

    // All parts of one change in one record: it lands whole or not at all.
    async commit(change) {
      const tx = db.transaction("journal", "readwrite");
      tx.store.add(change);
      await tx.done;
    },

    async opsForField(op) {
      const { data } = await fold();
      return [...data.log.values()].filter((logged) => fieldKey(logged) === fieldKey(op));
    },

    async clear() {
      const tx = db.transaction(["snapshot", "journal"], "readwrite");
      const through = (await tx.objectStore("snapshot").get(SNAPSHOT))?.through ?? 0;
      const keys = await tx.objectStore("journal").getAllKeys(); // ascending
      const last = keys.length ? keys[keys.length - 1] : 0;
      tx.objectStore("snapshot").put({ through: Math.max(through, last), data: emptyStores() }, SNAPSHOT);
      tx.objectStore("journal").clear();
      await tx.done;
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
  const data = emptyStores();
  /** @type {<T>(value: T) => T} */
  const copy = (value) => structuredClone(value);
  return {
    data,
    commits: 0,
    async load() {
      const loaded = stored(data);
      return { state: loaded.state.map(copy), outbox: loaded.outbox.map(copy), rejected: loaded.rejected.map(copy), meta: copy(loaded.meta) };
    },
    async commit(change) {
      this.commits += 1;
      applyCommit(data, change, copy);
    },
    async opsForField(op) {
      return [...data.log.values()].filter((logged) => fieldKey(logged) === fieldKey(op)).map(copy);
    },
    async clear() {
      for (const store of Object.values(data)) store.clear();
    },
    close() {},
  };
}
