// What the Node tests share: the program file as the server serves it, the shared vectors, and
// small builders for merged state.
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export const program = JSON.parse(readFileSync(`${ROOT}server/progression/program.json`, "utf8"));

/** The vectors of tests/vectors/<kind>/ (progression, plates, records), in file order. */
export function vectors(kind) {
  const dir = `${ROOT}tests/vectors/${kind}/`;
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => JSON.parse(readFileSync(dir + name, "utf8")));
}

/** A maker of distinct UUIDv7-shaped ids, the same sequence for every test that makes one. */
export function ids() {
  let n = 0;
  return () => `0190b2c4-0000-7000-8000-${String((n += 1)).padStart(12, "0")}`;
}

/** Apply changes to {session: {...}, set: {...}} as a merged state would hold them. */
export function apply(state, changes) {
  for (const { entity, entity_id, field, value } of changes) (state[entity][entity_id] ??= {})[field] = value;
  return state;
}
