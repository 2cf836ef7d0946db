// Read {"program": {...}, "logs": [{"sessions": {...}, "sets": {...}}, ...]} as JSON on stdin and
// write the JS evaluator's verdict on each log as one JSON array on stdout. Used by
// tests/property/test_progression_differential.py to run every random log in one Node process.
import { verdictFromFields } from "../../pwa/js/progression.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { program, logs } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const verdicts = logs.map((log) => verdictFromFields(program, log.sessions, log.sets));
process.stdout.write(JSON.stringify(verdicts));
