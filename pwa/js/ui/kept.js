// What this device keeps for itself in localStorage (the running rest, a resumed session): small,
// never synced, and never trusted to be there (private mode, quota): nothing here throws.

/** @returns {Storage | null} */
export function localStore() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** @param {Storage | null} storage @param {string} key @returns {any} */
export function load(storage, key) {
  try {
    const text = storage?.getItem(key);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

// `null` forgets the key.
/** @param {Storage | null} storage @param {string} key @param {unknown} value */
export function save(storage, key, value) {
  try {
    if (value === null) storage?.removeItem(key);
    else storage?.setItem(key, JSON.stringify(value));
  } catch {
    // Not kept: it still holds in this page.
  }
}

// The session reopened by Undo or Resume session, and when: it stays open for the hour after,
// across a reload, until a new session starts (currentSession in workout.js).
export const RESUMED_KEY = "hinge.resumed-session";

/** @returns {import("../workout.js").Resumed | null} */
export function resumedSession() {
  const kept = load(localStore(), RESUMED_KEY);
  return typeof kept?.id === "string" && typeof kept.atMs === "number" ? { id: kept.id, atMs: kept.atMs } : null;
}

/** @param {import("../workout.js").Resumed | null} resumed */
export function keepResumed(resumed) {
  save(localStore(), RESUMED_KEY, resumed);
}
