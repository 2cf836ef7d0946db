// The client's clock and merge as a filter, for the Python/JS differential test: each stdin line is
// {"node", "steps": [["tick", ms] | ["recv", hlc]], "ops": [op...]}; each stdout line is
// {"values": [hlc or clock after each step], "merged": [[entity, id, field, hlc]...], "sessions": [...]}.
import { createInterface } from "node:readline";

import { Clock } from "../../pwa/js/hlc.js";
import { mergeOps } from "../../pwa/js/merge.js";
import { reduceSessions } from "../../pwa/js/reduce.js";

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === "") continue;
  let out;
  try {
    const { node, steps, ops } = JSON.parse(line);
    let clock = new Clock(node);
    const values = [];
    for (const [kind, argument] of steps) {
      if (kind === "tick") {
        let value;
        [clock, value] = clock.tick(argument);
        values.push(value);
      } else {
        clock = clock.receive(argument);
        values.push([clock.wallMs, clock.counter]);
      }
    }
    const state = mergeOps(new Map(), ops);
    const merged = [...state.values()].map((op) => [op.entity, op.entity_id, op.field, op.hlc]).sort();
    const entities = { session: {}, set: {} };
    for (const op of state.values()) (entities[op.entity][op.entity_id] ??= {})[op.field] = op.value;
    out = JSON.stringify({ values, merged, sessions: reduceSessions(entities.session, entities.set) });
  } catch (error) {
    out = JSON.stringify({ error: String(error && error.stack ? error.stack : error) });
  }
  process.stdout.write(`${out}\n`);
}
