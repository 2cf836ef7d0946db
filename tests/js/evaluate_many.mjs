// The JS engine as a filter, for the Python/JS differential test: every stdin line is a JSON
// object {"program": {...}, "sessions": {...}, "sets": {...}, "units": "kg" | "lb"} (merged entity
// maps and the lifter's profile units); for each,
// one line with the verdict as JSON goes to stdout. One Node process serves a whole test run.
// A line whose evaluation throws gets {"error": "..."} so the test can show it.
import { createInterface } from "node:readline";

import { verdictFromFields } from "../../pwa/js/progression.js";

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === "") continue;
  let out;
  try {
    const { program, sessions, sets, units } = JSON.parse(line);
    out = JSON.stringify(verdictFromFields(program, sessions, sets, { units }));
  } catch (error) {
    out = JSON.stringify({ error: String(error && error.stack ? error.stack : error) });
  }
  process.stdout.write(`${out}\n`);
}
