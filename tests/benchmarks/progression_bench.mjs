// Node half of tests/benchmarks/progression_bench.py: time the JS engine on the log file given.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { verdict, verdictFromFields } from "../../pwa/js/progression.js";
import { reduceSessions } from "../../pwa/js/reduce.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const program = JSON.parse(readFileSync(`${root}server/progression/program.json`, "utf8"));
const log = JSON.parse(readFileSync(process.argv[2], "utf8"));

function perCallMs(run, repeat) {
  for (let i = 0; i < 20; i += 1) run(); // warm the JIT
  let best = Infinity;
  for (let round = 0; round < 5; round += 1) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < repeat; i += 1) run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6 / repeat);
  }
  return best;
}

const views = reduceSessions(log.sessions, log.sets, { newestFirst: false });
const engine = perCallMs(() => verdict(program, views), 50);
const full = perCallMs(() => verdictFromFields(program, log.sessions, log.sets), 20);
console.log(`node verdict (reduced sessions):     ${engine.toFixed(2).padStart(6)} ms`);
console.log(`node verdictFromFields (+reduce):    ${full.toFixed(2).padStart(6)} ms`);
