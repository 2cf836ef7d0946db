// Hinge beside a peer, in one run: Actual Budget's open-source sync server (@actual-app/sync-server,
// a CRDT op log over HTTP, like Hinge's) installed from npm into a temp directory on demand, and
// `hinge serve` on SQLite, each on its own port. The same workloads hit both, one after the other,
// from this one Node process, so the figures compare side by side on whatever machine runs it.
//
// Workloads so far (issue 11 item 9 names more):
//   (a) one device ingesting 100 batches of 1,000 ops, each batch waiting for its answer;
//   (b1) 50 devices of 50 lifters (on the peer: 50 budget files) in a closed loop, each pushing 50
//        ops and waiting for the answer, for 20 s: requests/s, p50 and p99 latency, errors;
//   (c) a second device pulling those 100,000 ops (Hinge in pages of 5,000; Actual answers at once).
// Prints ops/s and seconds, each figure with Hinge's ratio to the peer. Asserts nothing about time.
//
//   node tests/benchmarks/peer_bench.mjs            (installs the peer on first use)
import { execFileSync, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PEER_DIR = join(tmpdir(), "hinge-peer-actual");
const PASSWORD = "correct horse battery";
const BATCHES = 100;
const BATCH = 1000;
const CROWD = 50;
const CROWD_BATCH = 50;
const CROWD_SECONDS = Number(process.env.PEER_BENCH_SECONDS ?? 20);
// The peer limits each client address to 500 requests a minute (express-rate-limit). Its 50
// devices are 50 phones, so each comes with an address of its own, as through a proxy the peer
// trusts (it trusts ::1 by default, hence the IPv6 loopback).

// ---- the peer, installed on demand ----

function installPeer() {
  if (!existsSync(join(PEER_DIR, "node_modules/@actual-app/sync-server/package.json"))) {
    console.log(`installing @actual-app/sync-server into ${PEER_DIR} (once)…`);
    execFileSync("npm", ["install", "--prefix", PEER_DIR, "--no-audit", "--no-fund", "--loglevel=error", "@actual-app/sync-server"], { stdio: "inherit" });
  }
  const require = createRequire(join(PEER_DIR, "package.json"));
  const version = require("@actual-app/sync-server/package.json").version;
  return { app: require.resolve("@actual-app/sync-server/build/app.js"), crdt: require.resolve("@actual-app/crdt"), version };
}

/** Start a server process and wait until `ready` answers. */
async function launch(command, args, env, ready) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const url = await ready(output).catch(() => null);
    if (url) return { child, url };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${command} did not start:\n${output}`);
    await new Promise((resolve) => {
      setTimeout(resolve, 100);
    });
  }
}

async function startActual(peer, dataDir, port) {
  for (const folder of ["server-files", "user-files"]) mkdirSync(join(dataDir, folder), { recursive: true });
  const { child, url } = await launch("node", [peer.app], { ACTUAL_PORT: String(port), ACTUAL_DATA_DIR: dataDir, NODE_ENV: "production" }, async () => {
    const answer = await fetch(`http://[::1]:${port}/account/needs-bootstrap`);
    return answer.ok ? `http://[::1]:${port}` : null;
  });
  const post = (path, body, headers = {}) => fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) }).then((r) => r.json());
  await post("/account/bootstrap", { password: PASSWORD });
  const token = (await post("/account/login", { loginMethod: "password", password: PASSWORD })).data.token;
  const file = async () => {
    const fileId = randomUUID();
    const uploaded = await fetch(`${url}/sync/upload-user-file`, {
      method: "POST",
      headers: { "x-actual-token": token, "x-actual-file-id": fileId, "x-actual-name": "bench", "x-actual-format": "2", "content-type": "application/encrypted-file" },
      body: Buffer.from("a budget file"),
    }).then((r) => r.json());
    return { fileId, groupId: uploaded.groupId };
  };
  const files = [];
  for (let n = 0; n < CROWD; n++) files.push({ ...(await file()), address: `10.1.0.${n + 1}` });
  return { child, url, token, ...(await file()), files };
}

async function startHinge(dataDir) {
  const python = join(ROOT, ".venv/bin/python");
  const env = { HINGE_PASSWORD_TIME_COST: "1", HINGE_PASSWORD_MEMORY_KIB: "1024" };
  const { child, url } = await launch(python, ["-m", "server.cli", "serve", "--port", "0", "--data-dir", dataDir], env, async (output) => {
    const match = /Hinge is serving (http:\/\/[^/]+)\//.exec(output);
    return match && (await fetch(`${match[1]}/api/v1/health`)).ok ? match[1] : null;
  });
  const post = (path, body) => fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());
  await post("/api/v1/accounts", { username: "bench", password: PASSWORD });
  const device = async (name, username = "bench") => post("/api/v1/devices", { username, password: PASSWORD, name });
  const phones = [];
  for (let n = 0; n < CROWD; n++) {
    await post("/api/v1/accounts", { username: `crowd${n}`, password: PASSWORD });
    phones.push(await device("phone", `crowd${n}`));
  }
  return { child, url, pusher: await device("pusher"), puller: await device("puller"), crowd: phones };
}

// ---- the workloads, one client per server ----

/** Hinge: ops for the wire contract, bodies encoded before the clock starts. */
function hingeBatches(deviceId) {
  const t0 = Date.now();
  const session = randomUUID();
  return Array.from({ length: BATCHES }, (_, b) => {
    const ops = Array.from({ length: BATCH }, (__, i) => {
      const n = b * BATCH + i;
      const hlc = `${t0 + Math.floor(n / 1000)}-${(n % 1000).toString(16).padStart(4, "0")}-${deviceId}`;
      return { hlc, entity: "session", entity_id: session, field: "notes", value: `note ${n}` };
    });
    return JSON.stringify({ since: 0, ops, limit: 1 });
  });
}

/** Actual: protobuf envelopes of unencrypted messages, the same count, bodies encoded up front. */
function actualBatches(crdt, peer) {
  const { SyncProtoBuf, Timestamp } = crdt;
  const node = randomBytes(8).toString("hex").toUpperCase();
  const t0 = Date.now();
  const row = randomUUID();
  return Array.from({ length: BATCHES }, (_, b) => {
    const request = new SyncProtoBuf.SyncRequest();
    for (let i = 0; i < BATCH; i++) {
      const n = b * BATCH + i;
      const message = new SyncProtoBuf.Message();
      message.setDataset("transactions");
      message.setRow(row);
      message.setColumn("notes");
      message.setValue(`S:note ${n}`);
      const envelope = new SyncProtoBuf.MessageEnvelope();
      envelope.setTimestamp(new Timestamp(t0 + Math.floor(n / 1000), n % 1000, node).toString());
      envelope.setIsencrypted(false);
      envelope.setContent(message.serializeBinary());
      request.addMessages(envelope);
    }
    request.setFileid(peer.fileId);
    request.setGroupid(peer.groupId);
    request.setSince(new Timestamp(t0 + 10 * BATCHES * BATCH, 0, "0000000000000000").toString()); // pull nothing back
    return Buffer.from(request.serializeBinary());
  });
}

async function timed(work) {
  const started = performance.now();
  const result = await work();
  return [(performance.now() - started) / 1000, result];
}

async function ingest(send, bodies) {
  const [seconds] = await timed(async () => {
    for (const body of bodies) {
      const answer = await send(body);
      if (!answer.ok) throw new Error(`ingest answered ${answer.status}: ${await answer.text()}`);
      await answer.arrayBuffer();
    }
  });
  return (BATCHES * BATCH) / seconds;
}

/** (b1): every device in a closed loop for CROWD_SECONDS; `request(device, n)` makes and sends its n-th push. */
async function crowd(devices, request) {
  const latencies = [];
  let errors = 0;
  const end = performance.now() + CROWD_SECONDS * 1000;
  await Promise.all(
    devices.map(async (device) => {
      for (let n = 0; performance.now() < end; n++) {
        const started = performance.now();
        try {
          const answer = await request(device, n);
          await answer.arrayBuffer();
          if (answer.ok) latencies.push(performance.now() - started);
          else errors += 1;
        } catch {
          errors += 1;
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))];
  return { perSecond: latencies.length / CROWD_SECONDS, p50: at(0.5), p99: at(0.99), errors };
}

function hingeCrowdPush(url) {
  const t0 = Date.now();
  const session = new Map();
  return (device, n) => {
    if (!session.has(device.device_id)) session.set(device.device_id, randomUUID());
    const ops = Array.from({ length: CROWD_BATCH }, (_, i) => {
      const k = n * CROWD_BATCH + i;
      return { hlc: `${t0 + Math.floor(k / 1000)}-${(k % 1000).toString(16).padStart(4, "0")}-${device.device_id}`, entity: "session", entity_id: session.get(device.device_id), field: "notes", value: `note ${k}` };
    });
    return fetch(`${url}/api/v1/sync`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${device.token}` }, body: JSON.stringify({ since: 0, ops, limit: 1 }) });
  };
}

function actualCrowdPush(crdt, peer) {
  const { SyncProtoBuf, Timestamp } = crdt;
  const t0 = Date.now();
  const far = new Timestamp(t0 + 10 ** 9, 0, "0000000000000000").toString(); // pull nothing back
  return (file, n) => {
    file.node ??= randomBytes(8).toString("hex").toUpperCase();
    file.row ??= randomUUID();
    const request = new SyncProtoBuf.SyncRequest();
    for (let i = 0; i < CROWD_BATCH; i++) {
      const k = n * CROWD_BATCH + i;
      const message = new SyncProtoBuf.Message();
      message.setDataset("transactions");
      message.setRow(file.row);
      message.setColumn("notes");
      message.setValue(`S:note ${k}`);
      const envelope = new SyncProtoBuf.MessageEnvelope();
      envelope.setTimestamp(new Timestamp(t0 + Math.floor(k / 1000), k % 1000, file.node).toString());
      envelope.setIsencrypted(false);
      envelope.setContent(message.serializeBinary());
      request.addMessages(envelope);
    }
    request.setFileid(file.fileId);
    request.setGroupid(file.groupId);
    request.setSince(far);
    const headers = { "content-type": "application/actual-sync", "x-actual-token": peer.token, "x-forwarded-for": file.address };
    return fetch(`${peer.url}/sync/sync`, { method: "POST", headers, body: Buffer.from(request.serializeBinary()) });
  };
}

async function main() {
  const peer = installPeer();
  const crdt = createRequire(import.meta.url)(peer.crdt);
  const scratch = mkdtempSync(join(tmpdir(), "hinge-peer-bench-"));
  const actual = await startActual(peer, join(scratch, "actual"), 5000 + Math.floor(Math.random() * 1000));
  const hinge = await startHinge(join(scratch, "hinge"));
  try {
    const hingeSync = (token) => (body) => fetch(`${hinge.url}/api/v1/sync`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body });
    const actualSync = (body) => fetch(`${actual.url}/sync/sync`, { method: "POST", headers: { "content-type": "application/actual-sync", "x-actual-token": actual.token }, body });

    const hingeIngest = await ingest(hingeSync(hinge.pusher.token), hingeBatches(hinge.pusher.device_id));
    const actualIngest = await ingest(actualSync, actualBatches(crdt, actual));

    const [hingePull, pulled] = await timed(async () => {
      let since = 0;
      let count = 0;
      for (;;) {
        const page = await (await hingeSync(hinge.puller.token)(JSON.stringify({ since, ops: [], limit: 5000 }))).json();
        count += page.ops.length;
        since = page.cursor;
        if (!page.more) return count;
      }
    });
    const [actualPull, actualPulled] = await timed(async () => {
      const request = new crdt.SyncProtoBuf.SyncRequest();
      request.setFileid(actual.fileId);
      request.setGroupid(actual.groupId);
      request.setSince(new crdt.Timestamp(0, 0, "0000000000000000").toString());
      const answer = await actualSync(Buffer.from(request.serializeBinary()));
      return crdt.SyncProtoBuf.SyncResponse.deserializeBinary(new Uint8Array(await answer.arrayBuffer())).getMessagesList().length;
    });

    const hingeCrowd = await crowd(hinge.crowd, hingeCrowdPush(hinge.url));
    const actualCrowd = await crowd(actual.files, actualCrowdPush(crdt, actual));

    const ratio = (ours, theirs) => `${(ours / theirs).toFixed(1)}×`;
    console.log(`\nHinge (SQLite, one process) beside @actual-app/sync-server ${peer.version}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
    console.log("| workload | Hinge | peer | Hinge ÷ peer |");
    console.log("|---|---:|---:|---:|");
    console.log(`| (a) ingest 100 × 1,000 ops, ops/s | ${hingeIngest.toFixed(0)} | ${actualIngest.toFixed(0)} | ${ratio(hingeIngest, actualIngest)} |`);
    console.log(`| (b1) ${CROWD} devices × ${CROWD_BATCH} ops, closed loop, requests/s | ${hingeCrowd.perSecond.toFixed(0)} | ${actualCrowd.perSecond.toFixed(0)} | ${ratio(hingeCrowd.perSecond, actualCrowd.perSecond)} |`);
    console.log(`| (b1) p50 ms (lower is better) | ${hingeCrowd.p50.toFixed(1)} | ${actualCrowd.p50.toFixed(1)} | ${ratio(actualCrowd.p50, hingeCrowd.p50)} lower |`);
    console.log(`| (b1) p99 ms (lower is better) | ${hingeCrowd.p99.toFixed(1)} | ${actualCrowd.p99.toFixed(1)} | ${ratio(actualCrowd.p99, hingeCrowd.p99)} lower |`);
    console.log(`| (b1) errors | ${hingeCrowd.errors} | ${actualCrowd.errors} | |`);
    console.log(`| (c) pull 100,000 ops, s (lower is better) | ${hingePull.toFixed(2)} (${pulled}) | ${actualPull.toFixed(2)} (${actualPulled}) | ${ratio(actualPull, hingePull)} faster |`);
  } finally {
    actual.child.kill();
    hinge.child.kill();
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
