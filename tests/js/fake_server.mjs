// A protocol-faithful stand-in for POST /api/v1/sync (sync-protocol.md section 4), for Node tests
// of the client's sync loop; `answer` lets a test put a proxy or a failure in the way.
import { parseHlc } from "../../pwa/js/hlc.js";

export class FakeServer {
  constructor({ now = () => 1_764_000_000_000, devices = {} } = {}) {
    this.now = now;
    this.devices = devices; // token -> device_id
    this.log = []; // {seq, op}
    this.requests = [];
    this.answer = null; // (request) => Response | null, to intercept
    this.badFields = new Set(); // ops naming these fields are refused with 422 + op_index
  }

  json(status, body) {
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  }

  fetch = async (url, init) => {
    const body = JSON.parse(init.body);
    const token = (init.headers.authorization ?? "").replace("Bearer ", "");
    const request = { url, token, body };
    this.requests.push(request);
    const intercepted = this.answer?.(request);
    if (intercepted) return intercepted;
    const device = this.devices[token];
    if (device === undefined) return this.json(401, { detail: "no valid token" });
    const now = this.now();
    for (const [index, op] of body.ops.entries()) {
      const clock = parseHlc(op.hlc);
      if (clock.node !== device) return this.json(403, { detail: "foreign node", op_index: index });
      if (clock.wallMs > now + 600_000) {
        return this.json(422, { detail: "clock ahead", op_index: index, server_time_ms: now });
      }
      if (this.badFields.has(op.field)) return this.json(422, { detail: `bad ${op.field}`, op_index: index });
    }
    const stored = new Map(this.log.map((entry) => [entry.op.hlc, entry.op]));
    for (const [index, op] of body.ops.entries()) {
      const earlier = stored.get(op.hlc);
      if (earlier !== undefined && JSON.stringify(earlier) !== JSON.stringify(op)) {
        return this.json(422, { detail: "hlc reused with other content", op_index: index });
      }
    }
    const known = new Set(stored.keys());
    const mine = new Set(body.ops.map((op) => op.hlc));
    for (const op of body.ops) if (!known.has(op.hlc)) this.log.push({ seq: this.log.length + 1, op });
    const limit = Math.min(body.limit ?? 1000, this.pageSize ?? Infinity);
    const ops = [];
    let cursor = body.since;
    for (const entry of this.log) {
      if (entry.seq <= body.since) continue;
      if (ops.length >= limit) break;
      cursor = entry.seq;
      if (!mine.has(entry.op.hlc)) ops.push(entry.op);
    }
    return this.json(200, { cursor, ops, more: cursor < this.log.length, server_time_ms: now });
  };
}
