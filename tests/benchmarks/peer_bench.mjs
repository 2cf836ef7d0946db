// Hinge beside a peer, in one run: Actual Budget's open-source sync server (@actual-app/sync-server,
// a CRDT op log over HTTP, like Hinge's) installed from npm into a temp directory on demand, and
// `hinge serve` on SQLite, on PostgreSQL with one instance and with two instances on one database.
// The same workloads hit each in turn from this one Node process, so the figures compare side by
// side on whatever machine runs it. Each target gets a fresh server and a fresh database.
//
//   (a)  one device ingests 100 batches of 1,000 ops, each batch waiting for its answer;
//   (c)  a second device pulls those 100,000 ops (Hinge in pages of 5,000; the peer answers at once);
//   (b1) 50 devices of 50 lifters (on the peer: 50 budget files) in a closed loop, each pushing 50
//        ops and waiting for the answer, for 20 s;
//   (b2) 50 devices of one lifter (one budget file) in a closed loop, each pushing 10 ops and
//        pulling what the others pushed since its last sync, for 20 s;
//   (d)  200 devices (4 per lifter) for 60 s, each syncing every 0.5-3 s with 1-50 ops; one sync in
//        ten pulls the lifter's whole log from 0, as a new phone does.
// Then each server's peak resident memory, its bytes on disk per stored op and (SQLite) the largest
// its write-ahead log grew to, sampled every 50 ms.
//
//   node tests/benchmarks/peer_bench.mjs            (installs the peer on first use; about 10 min)
//
// With every target and workload (the default) it rewrites tests/benchmarks/RESULTS.md above the
// line NOTES_MARK and keeps what is written below it. PEER_BENCH_TARGETS (peer,sqlite,pg1,pg2) and
// PEER_BENCH_WORKLOADS (a,c,b1,b2,d) pick a subset, which is only printed; PEER_BENCH_SECONDS
// scales the timed workloads. Each Hinge server's pid is printed, to attach py-spy to. It asserts
// nothing about time.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { Agent, request as httpRequest } from "node:http";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { seeded } from "../support/seeded.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PYTHON = join(ROOT, ".venv/bin/python");
const RESULTS = join(ROOT, "tests/benchmarks/RESULTS.md");
const NOTES_MARK = "<!-- Written by hand below this line; peer_bench.mjs keeps it. -->";
const PEER_DIR = join(tmpdir(), "hinge-peer-actual");
// The peer's version is pinned, so that runs on different days compare the same server.
const PEER_VERSION = "25.6.0";
const PASSWORD = "correct horse battery";

const ALL_TARGETS = ["peer", "sqlite", "pg1", "pg2"];
const ALL_WORKLOADS = ["a", "c", "b1", "b2", "d"];
const TARGETS = (process.env.PEER_BENCH_TARGETS ?? ALL_TARGETS.join(",")).split(",");
const WORKLOADS = (process.env.PEER_BENCH_WORKLOADS ?? ALL_WORKLOADS.join(",")).split(",");
const SCALE = Number(process.env.PEER_BENCH_SECONDS ?? 20) / 20;

const INGEST = { batches: 100, batch: 1000 };
const CROWD = { devices: 50, batch: 50, seconds: 20 * SCALE };
const SHARED = { devices: 50, batch: 10, seconds: 20 * SCALE };
const FLEET = { devices: 200, perLifter: 4, seconds: 60 * SCALE, minWaitS: 0.5, maxWaitS: 3, maxOps: 50, fromZero: 0.1 };
const PULL_PAGE = 5000;

const sleep = (ms) =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

// ---- clocks: one hybrid logical clock per device, the same shape on both wires ----

/** A device's clock: wall time in ms and a counter, never going back, as both protocols ask. */
function deviceClock() {
  let ms = 0;
  let counter = 0;
  return () => {
    const wall = Date.now();
    if (wall > ms) [ms, counter] = [wall, 0];
    else if (counter < 0xffff) counter += 1;
    else [ms, counter] = [ms + 1, 0];
    return { ms, counter };
  };
}

// ---- HTTP: one keep-alive client for every target ----

// node:http, not fetch: undici's fetch costs this process about twice the CPU per request, and on
// a small machine the client shares its cores with the server it measures.
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

/**
 * One request, its whole answer read: `{ status, ok, body }` with `text()` and `json()`.
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string>, body?: string | Buffer }} [options]
 */
function send(url, { method = "GET", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method, headers, agent }, (incoming) => {
      const chunks = [];
      incoming.on("data", (chunk) => chunks.push(chunk));
      incoming.on("error", reject);
      incoming.on("end", () => {
        const data = Buffer.concat(chunks);
        const status = incoming.statusCode ?? 0;
        resolve({ status, ok: status >= 200 && status < 300, body: data, text: () => data.toString("utf8"), json: () => JSON.parse(data.toString("utf8")) });
      });
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

// ---- the servers ----

function installPeer() {
  const manifest = join(PEER_DIR, "node_modules/@actual-app/sync-server/package.json");
  if (!existsSync(manifest) || JSON.parse(readFileSync(manifest, "utf8")).version !== PEER_VERSION) {
    console.log(`installing @actual-app/sync-server ${PEER_VERSION} into ${PEER_DIR} (once)…`);
    const spec = `@actual-app/sync-server@${PEER_VERSION}`;
    execFileSync("npm", ["install", "--prefix", PEER_DIR, "--save-exact", "--no-audit", "--no-fund", "--loglevel=error", spec], { stdio: "inherit" });
  }
  const require = createRequire(join(PEER_DIR, "package.json"));
  const version = require("@actual-app/sync-server/package.json").version;
  return { app: require.resolve("@actual-app/sync-server/build/app.js"), crdt: require(require.resolve("@actual-app/crdt")), version };
}

/** Start a server process and wait until `ready` answers with its base URL. */
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
    await sleep(100);
  }
}

/** Stop a server and wait for it to exit, so that its files are closed (and SQLite's WAL folded in). */
async function stop(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => {
    child.once("exit", resolve);
  });
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

/** Peak resident memory of a running process in bytes (Linux's VmHWM). */
function peakRss(pid) {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : NaN;
}

// Clock ticks per second of /proc/<pid>/stat's CPU times: USER_HZ, 100 on every Linux build that matters.
const TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

/** The CPU seconds a process has used so far, in user and kernel mode, all its threads together. */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name, in parentheses, may hold spaces: count fields from after it.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime
}

function directoryBytes(path) {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    total += entry.isDirectory() ? directoryBytes(full) : statSync(full).size;
  }
  return total;
}

/** A file's size in bytes, 0 when it does not exist (SQLite removes its WAL on a clean close). */
function fileBytes(path) {
  return existsSync(path) ? statSync(path).size : 0;
}

function python(...args) {
  return execFileSync(PYTHON, args, { cwd: ROOT, encoding: "utf8" }).trim();
}

// ---- Hinge ----

const HINGE_ENV = { HINGE_PASSWORD_TIME_COST: "1", HINGE_PASSWORD_MEMORY_KIB: "1024" };

async function startHinge(dataDir, databaseUrl) {
  const args = ["-m", "server.cli", "serve", "--port", "0", "--data-dir", dataDir];
  if (databaseUrl) args.push("--database-url", databaseUrl);
  return launch(PYTHON, args, HINGE_ENV, async (output) => {
    const match = /Hinge is serving (http:\/\/[^/]+)\//.exec(output);
    return match && (await send(`${match[1]}/api/v1/health`)).ok ? match[1] : null;
  });
}

/** Hinge's side: `instances` servers on one database (SQLite when `databaseUrl` is empty). */
async function hingeTarget(label, scratch, databaseUrl, instances) {
  const servers = [];
  for (let i = 0; i < instances; i++) servers.push(await startHinge(join(scratch, `hinge-${i}`), databaseUrl));
  for (const server of servers) console.log(`  ${label}: pid ${server.child.pid} at ${server.url}`);
  let turn = 0;
  // Like a load balancer in front of stateless instances: each request goes to the next one.
  const base = () => servers[turn++ % servers.length].url;
  const post = async (path, body, token) => {
    const headers = { "content-type": "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    return send(`${base()}${path}`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  };
  const lifters = new Set();
  const device = async (lifter, name) => {
    if (!lifters.has(lifter)) {
      const made = await post("/api/v1/accounts", { username: lifter, password: PASSWORD });
      if (!made.ok) throw new Error(`sign-up answered ${made.status}: ${await made.text()}`);
      lifters.add(lifter);
    }
    const answer = await post("/api/v1/devices", { username: lifter, password: PASSWORD, name });
    if (!answer.ok) throw new Error(`sign-in answered ${answer.status}: ${await answer.text()}`);
    const { device_id: id, token } = await answer.json();
    return { id, token, clock: deviceClock(), cursor: 0, row: randomUUID() };
  };
  const encodeOps = (dev, count) => {
    const ops = Array.from({ length: count }, () => {
      const { ms, counter } = dev.clock();
      const hlc = `${ms}-${counter.toString(16).padStart(4, "0")}-${dev.id}`;
      return { hlc, entity: "session", entity_id: dev.row, field: "notes", value: `note ${ms}.${counter}` };
    });
    return JSON.stringify(ops);
  };
  /** One request: push the ops (their JSON), pull from `since`; the answer's ops and where to go on. */
  const exchange = async (dev, opsJson, since, limit) => {
    const answer = await post("/api/v1/sync", `{"since":${since},"limit":${limit},"ops":${opsJson}}`, dev.token);
    if (!answer.ok) throw new Error(`sync answered ${answer.status}: ${(await answer.text()).slice(0, 200)}`);
    const page = await answer.json();
    return { received: page.ops.length, cursor: page.cursor, more: page.more };
  };
  return {
    label,
    device,
    pushBody: encodeOps,
    // Push only: from the device's cursor, as a real device asks, and at most one op back.
    async push(dev, opsJson) {
      dev.cursor = (await exchange(dev, opsJson, dev.cursor, 1)).cursor;
    },
    /** Push `count` ops and pull everything new since the device's cursor (or 0), page by page. */
    async sync(dev, count, fromZero = false) {
      let since = fromZero ? 0 : dev.cursor;
      let received = 0;
      let ops = encodeOps(dev, count);
      for (;;) {
        const page = await exchange(dev, ops, since, PULL_PAGE);
        received += page.received;
        since = page.cursor;
        if (!page.more) break;
        ops = "[]";
      }
      if (!fromZero) dev.cursor = since;
      return received;
    },
    peakRss: () => servers.reduce((sum, server) => sum + peakRss(server.child.pid), 0),
    cpuSeconds: () => servers.reduce((sum, server) => sum + cpuSeconds(server.child.pid), 0),
    // SQLite's write-ahead log, which the server keeps bounded (32 MiB by default) under load.
    walBytes: databaseUrl ? undefined : () => fileBytes(join(scratch, "hinge-0", "hinge.db-wal")),
    async stop() {
      for (const server of servers) await stop(server.child);
    },
    diskBytes: () => (databaseUrl ? Number(python("-c", PG_SIZE, databaseUrl)) : directoryBytes(join(scratch, "hinge-0"))),
  };
}

const PG_SIZE = "import psycopg, sys\nwith psycopg.connect(sys.argv[1]) as c: print(c.execute('select pg_database_size(current_database())').fetchone()[0])";

// ---- the peer ----

async function peerTarget(peer, dataDir) {
  const { SyncProtoBuf, Timestamp } = peer.crdt;
  for (const folder of ["server-files", "user-files"]) mkdirSync(join(dataDir, folder), { recursive: true });
  const port = 5000 + Math.floor(Math.random() * 1000);
  const { child, url } = await launch("node", [peer.app], { ACTUAL_PORT: String(port), ACTUAL_DATA_DIR: dataDir, NODE_ENV: "production" }, async () => {
    const answer = await send(`http://[::1]:${port}/account/needs-bootstrap`);
    return answer.ok ? `http://[::1]:${port}` : null;
  });
  console.log(`  peer: pid ${child.pid} at ${url}`);
  const post = (path, body) => send(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());
  await post("/account/bootstrap", { password: PASSWORD });
  const token = (await post("/account/login", { loginMethod: "password", password: PASSWORD })).data.token;
  // A lifter is a budget file; each of its devices is a node with a clock of its own.
  const files = new Map();
  let addresses = 0;
  const budgetFile = async () => {
    const fileId = randomUUID();
    const uploaded = await send(`${url}/sync/upload-user-file`, {
      method: "POST",
      headers: { "x-actual-token": token, "x-actual-file-id": fileId, "x-actual-name": "bench", "x-actual-format": "2", "content-type": "application/encrypted-file" },
      body: Buffer.from("a budget file"),
    }).then((r) => r.json());
    return { fileId, groupId: uploaded.groupId };
  };
  const device = async (lifter) => {
    if (!files.has(lifter)) files.set(lifter, await budgetFile());
    addresses += 1;
    // The peer limits each client address to 500 requests a minute (express-rate-limit); each
    // device is a phone of its own behind a proxy the peer trusts (::1, hence the IPv6 loopback).
    const address = `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`;
    return { ...files.get(lifter), address, node: randomBytes(8).toString("hex").toUpperCase(), clock: deviceClock(), cursor: "", row: randomUUID() };
  };
  const timestamp = ({ ms, counter }, node) => new Timestamp(ms, counter, node).toString();
  const ZERO = timestamp({ ms: 0, counter: 0 }, "0000000000000000");
  const encode = (dev, count, since) => {
    const request = new SyncProtoBuf.SyncRequest();
    let last = "";
    for (let i = 0; i < count; i++) {
      const message = new SyncProtoBuf.Message();
      message.setDataset("transactions");
      message.setRow(dev.row);
      message.setColumn("notes");
      const stamp = dev.clock();
      message.setValue(`S:note ${stamp.ms}.${stamp.counter}`);
      const envelope = new SyncProtoBuf.MessageEnvelope();
      last = timestamp(stamp, dev.node);
      envelope.setTimestamp(last);
      envelope.setIsencrypted(false);
      envelope.setContent(message.serializeBinary());
      request.addMessages(envelope);
    }
    request.setFileid(dev.fileId);
    request.setGroupid(dev.groupId);
    request.setSince(since);
    return { body: Buffer.from(request.serializeBinary()), last };
  };
  const exchange = async (dev, body) => {
    const headers = { "content-type": "application/actual-sync", "x-actual-token": token, "x-forwarded-for": dev.address };
    const answer = await send(`${url}/sync/sync`, { method: "POST", headers, body });
    if (!answer.ok) throw new Error(`sync answered ${answer.status}: ${(await answer.text()).slice(0, 200)}`);
    const response = SyncProtoBuf.SyncResponse.deserializeBinary(new Uint8Array(answer.body));
    const messages = response.getMessagesList();
    return { received: messages.length, newest: messages.length ? messages[messages.length - 1].getTimestamp() : "" };
  };
  const far = timestamp({ ms: Date.now() + 10 ** 9, counter: 0 }, "0000000000000000");
  return {
    label: "peer",
    device,
    // Push only: a `since` in the future pulls nothing back.
    pushBody: (dev, count) => encode(dev, count, far).body,
    push: (dev, body) => exchange(dev, body),
    /** Push `count` ops and pull what is newer than the device's last sync (or everything). */
    async sync(dev, count, fromZero = false) {
      // Actual's client asks for what is newer than its last sync; a new phone asks from zero.
      const since = fromZero ? ZERO : dev.cursor || ZERO;
      const { body, last } = encode(dev, count, since);
      const page = await exchange(dev, body);
      if (!fromZero) dev.cursor = [dev.cursor, last, page.newest].reduce((a, b) => (b > a ? b : a));
      return page.received;
    },
    peakRss: () => peakRss(child.pid),
    cpuSeconds: () => cpuSeconds(child.pid),
    stop: () => stop(child),
    diskBytes: () => directoryBytes(dataDir),
  };
}

// ---- the workloads: the same on every target ----

function quantiles(latencies) {
  latencies.sort((x, y) => x - y);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

/** (a): one device, 100 batches of 1,000 ops, bodies encoded before the clock starts. */
async function ingest(target) {
  const dev = await target.device("ingest", "ingester");
  const bodies = Array.from({ length: INGEST.batches }, () => target.pushBody(dev, INGEST.batch));
  const started = performance.now();
  for (const body of bodies) await target.push(dev, body);
  const seconds = (performance.now() - started) / 1000;
  return { opsPerSecond: (INGEST.batches * INGEST.batch) / seconds, stored: INGEST.batches * INGEST.batch };
}

/** (c): a new device of the same lifter pulls everything (a) stored. */
async function pullAll(target) {
  const dev = await target.device("ingest", "puller");
  const started = performance.now();
  const received = await target.sync(dev, 0, true);
  return { seconds: (performance.now() - started) / 1000, received };
}

/** Closed loop: every device runs `step` again as soon as its last one answered, for `seconds`. */
async function closedLoop(devices, seconds, step) {
  const latencies = [];
  let errors = 0;
  let stored = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    devices.map(async (dev) => {
      while (performance.now() < end) {
        const started = performance.now();
        try {
          const pushed = await step(dev); // not `stored += await …`, which adds to a stale total
          stored += pushed;
          latencies.push(performance.now() - started);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  return { requests: latencies.length, perSecond: latencies.length / seconds, ...quantiles(latencies), errors, stored };
}

/** (b1): 50 lifters with one device each, pushing only. */
async function crowd(target) {
  const devices = [];
  for (let n = 0; n < CROWD.devices; n++) devices.push(await target.device(`crowd${n}`, "phone"));
  return closedLoop(devices, CROWD.seconds, async (dev) => {
    await target.push(dev, target.pushBody(dev, CROWD.batch));
    return CROWD.batch;
  });
}

/** (b2): one lifter with 50 devices, each pushing and pulling the others' ops. */
async function shared(target) {
  const devices = [];
  for (let n = 0; n < SHARED.devices; n++) devices.push(await target.device("shared", `phone ${n}`));
  let received = 0;
  const result = await closedLoop(devices, SHARED.seconds, async (dev) => {
    const pulled = await target.sync(dev, SHARED.batch);
    received += pulled;
    return SHARED.batch;
  });
  return { ...result, received };
}

/** (d): 200 devices of 50 lifters syncing at random moments; one sync in ten pulls from 0. */
async function fleet(target, random) {
  const devices = [];
  for (let n = 0; n < FLEET.devices; n++) devices.push(await target.device(`fleet${Math.floor(n / FLEET.perLifter)}`, `phone ${n}`));
  const latencies = [];
  const failures = [];
  let stored = 0;
  let fromZero = 0;
  const end = performance.now() + FLEET.seconds * 1000;
  await Promise.all(
    devices.map(async (dev) => {
      for (;;) {
        await sleep((FLEET.minWaitS + random() * (FLEET.maxWaitS - FLEET.minWaitS)) * 1000);
        if (performance.now() >= end) return;
        const count = 1 + Math.floor(random() * FLEET.maxOps);
        const whole = random() < FLEET.fromZero;
        const started = performance.now();
        try {
          await target.sync(dev, count, whole);
          latencies.push(performance.now() - started);
          stored += count;
          fromZero += whole ? 1 : 0;
        } catch (error) {
          failures.push(String(error.message ?? error));
        }
      }
    }),
  );
  if (failures.length) console.log(`  (d) on ${target.label}: ${failures.length} errors, the first: ${failures[0]}`);
  return { syncs: latencies.length, perSecond: latencies.length / FLEET.seconds, ...quantiles(latencies), errors: failures.length, stored, fromZero };
}

async function measure(target, seed) {
  const figures = {};
  let stored = 0;
  const run = async (name, work) => {
    if (!WORKLOADS.includes(name)) return;
    console.log(`  ${target.label}: (${name})…`);
    const cpuBefore = target.cpuSeconds();
    figures[name] = await work();
    figures[name].cpuSeconds = target.cpuSeconds() - cpuBefore;
    stored += figures[name].stored ?? 0;
  };
  const walBytes = target.walBytes;
  const watchingWal = walBytes && setInterval(() => (figures.wal = Math.max(figures.wal ?? 0, walBytes())), 50);
  try {
    await run("a", () => ingest(target));
    if (WORKLOADS.includes("c") && !WORKLOADS.includes("a")) throw new Error("(c) pulls what (a) stored: run (a) too");
    await run("c", () => pullAll(target));
    await run("b1", () => crowd(target));
    await run("b2", () => shared(target));
    await run("d", () => fleet(target, seeded(seed)));
  } finally {
    if (watchingWal) clearInterval(watchingWal);
  }
  figures.rss = target.peakRss();
  await target.stop();
  figures.disk = target.diskBytes();
  figures.stored = stored;
  return figures;
}

// ---- the report ----

function versions(peer, postgresUrl) {
  const lines = [
    `- Machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Linux ${release()}.`,
    `- Hinge: ${python("-c", "import importlib.metadata as m, platform; print(f\"Python {platform.python_version()}, Litestar {m.version('litestar')}, uvicorn {m.version('uvicorn')}, msgspec {m.version('msgspec')}, psycopg {m.version('psycopg')}, SQLite {__import__('sqlite3').sqlite_version}\")")}.`,
    `- Peer: @actual-app/sync-server ${peer.version} on Node ${process.version}, NODE_ENV=production.`,
  ];
  if (postgresUrl) lines.push(`- PostgreSQL: ${python("-c", "import psycopg, sys\nwith psycopg.connect(sys.argv[1]) as c: print(c.execute('show server_version').fetchone()[0])", postgresUrl)}, a throw-away local server (fsync off, as in the tests).`);
  return lines;
}

const NAMES = { peer: "peer", sqlite: "Hinge SQLite", pg1: "Hinge PG ×1", pg2: "Hinge PG ×2" };

function table(results) {
  const hinge = TARGETS.filter((t) => t !== "peer" && results[t]);
  const peer = results.peer;
  const header = ["figure", ...(peer ? ["peer"] : []), ...hinge.flatMap((t) => (peer ? [NAMES[t], "÷ peer"] : [NAMES[t]]))];
  const rows = [];
  // [label, workload, read a figure, format, "higher" or "lower" is better]
  const fixed = (digits) => (x) => (Number.isFinite(x) ? x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "–");
  const figures = [
    ["(a) ingest, ops/s", "a", (f) => f.a?.opsPerSecond, fixed(0), "higher"],
    ["(a) server CPU per 1,000 ops, ms", "a", (f) => (f.a?.cpuSeconds * 1e6) / f.a?.stored, fixed(1), "lower"],
    ["(c) pull 100,000 ops, s", "c", (f) => f.c?.seconds, fixed(2), "lower"],
    ["(c) server CPU, ms", "c", (f) => f.c?.cpuSeconds * 1000, fixed(0), "lower"],
    ["(b1) requests/s", "b1", (f) => f.b1?.perSecond, fixed(0), "higher"],
    ["(b1) p50 ms", "b1", (f) => f.b1?.p50, fixed(1), "lower"],
    ["(b1) p99 ms", "b1", (f) => f.b1?.p99, fixed(1), "lower"],
    ["(b1) server CPU per request, ms", "b1", (f) => (f.b1?.cpuSeconds * 1000) / f.b1?.requests, fixed(2), "lower"],
    ["(b1) errors", "b1", (f) => f.b1?.errors, fixed(0), null],
    ["(b2) requests/s", "b2", (f) => f.b2?.perSecond, fixed(0), "higher"],
    ["(b2) p50 ms", "b2", (f) => f.b2?.p50, fixed(1), "lower"],
    ["(b2) p99 ms", "b2", (f) => f.b2?.p99, fixed(1), "lower"],
    ["(b2) server CPU per request, ms", "b2", (f) => (f.b2?.cpuSeconds * 1000) / f.b2?.requests, fixed(2), "lower"],
    ["(b2) ops pulled", "b2", (f) => f.b2?.received, fixed(0), null],
    ["(b2) errors", "b2", (f) => f.b2?.errors, fixed(0), null],
    ["(d) syncs done", "d", (f) => f.d?.syncs, fixed(0), null],
    ["(d) p50 ms", "d", (f) => f.d?.p50, fixed(1), "lower"],
    ["(d) p99 ms", "d", (f) => f.d?.p99, fixed(1), "lower"],
    ["(d) errors", "d", (f) => f.d?.errors, fixed(0), null],
    ["peak RSS, MiB", null, (f) => f.rss / 2 ** 20, fixed(0), "lower"],
    ["disk per stored op, bytes", null, (f) => f.disk / f.stored, fixed(0), "lower"],
    ["largest SQLite WAL during the run, MiB", null, (f) => f.wal / 2 ** 20, fixed(1), null],
  ];
  for (const [label, workload, read, format, better] of figures) {
    if (workload && !WORKLOADS.includes(workload)) continue;
    const cells = [label];
    if (peer) cells.push(format(read(peer)));
    for (const t of hinge) {
      const ours = read(results[t]);
      cells.push(format(ours));
      if (!peer) continue;
      const theirs = read(peer);
      const factor = better === "higher" ? ours / theirs : theirs / ours;
      cells.push(better && Number.isFinite(factor) ? `${factor.toFixed(1)}×` : "");
    }
    rows.push(cells);
  }
  const line = (cells) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? "---" : "---:"))), ...rows.map(line)].join("\n");
}

function writeResults(report) {
  const kept = existsSync(RESULTS) ? readFileSync(RESULTS, "utf8").split(NOTES_MARK)[1] : undefined;
  writeFileSync(RESULTS, `${report}\n\n${NOTES_MARK}${kept ?? "\n"}`);
  console.log(`\nwrote ${RESULTS}`);
}

async function main() {
  const unknown = [...TARGETS.filter((t) => !ALL_TARGETS.includes(t)), ...WORKLOADS.filter((w) => !ALL_WORKLOADS.includes(w))];
  if (unknown.length) throw new Error(`unknown target or workload: ${unknown.join(", ")}`);
  const peer = TARGETS.includes("peer") ? installPeer() : null;
  const scratch = mkdtempSync(join(tmpdir(), "hinge-peer-bench-"));
  const usesPostgres = TARGETS.some((t) => t.startsWith("pg"));
  // Its own temp dir: PostgreSQL runs as another user, who may not enter `scratch`.
  const postgresDir = usesPostgres ? mkdtempSync(join(tmpdir(), "hinge-peer-bench-pg-")) : "";
  const seed = Number(process.env.PEER_BENCH_SEED ?? Date.now() % 2 ** 31);
  const results = {};
  let postgresUrl = "";
  try {
    if (usesPostgres) postgresUrl = python("-m", "tests.support.postgres", "start", postgresDir);
    const database = () => python("-c", "import sys\nfrom tests.support.postgres import fresh_database\nprint(fresh_database(sys.argv[1]))", postgresUrl);
    for (const name of TARGETS) {
      const dir = join(scratch, name);
      mkdirSync(dir);
      console.log(`${NAMES[name]}:`);
      const target =
        name === "peer"
          ? await peerTarget(peer, dir)
          : name === "sqlite"
            ? await hingeTarget(NAMES[name], dir, "", 1)
            : await hingeTarget(NAMES[name], dir, database(), name === "pg1" ? 1 : 2);
      results[name] = await measure(target, seed);
    }
    const date = new Date().toISOString().slice(0, 10);
    const report = [
      "# Hinge beside a peer",
      "",
      `Written by \`node tests/benchmarks/peer_bench.mjs\` on ${date} (seed ${seed}). The same workloads run against`,
      "Actual Budget's open-source sync server (`@actual-app/sync-server`, installed from npm into a temp",
      "directory on first use) and against `hinge serve` on SQLite, on PostgreSQL with one instance, and",
      "with two instances on one database (requests alternate between them). Every target gets a fresh",
      "server and database, on the same machine, one after the other, driven by one Node process. Absolute",
      "figures do not carry from one machine to another; the ratios are what this file is for. A ratio",
      "above 1× means Hinge does better (more per second, or less time, memory or disk).",
      "",
      ...(peer ? versions(peer, postgresUrl) : []),
      "",
      "Workloads: (a) one device pushes 100 batches of 1,000 ops, each waiting for its answer; (c) a second",
      "device pulls those 100,000 ops; (b1) 50 devices of 50 lifters push 50 ops each in a closed loop for",
      `${CROWD.seconds} s; (b2) 50 devices of one lifter push 10 ops each and pull the others' in a closed loop for ${SHARED.seconds} s;`,
      `(d) 200 devices of 50 lifters sync every 0.5-3 s with 1-50 ops for ${FLEET.seconds} s, one sync in ten pulling the`,
      "lifter's whole log from 0. Latencies are per request, or per sync (all its pages) in (d). Peak RSS is",
      "each API process's high-water mark (both instances summed for PG ×2; PostgreSQL's own processes",
      "are not counted, here or in CPU). Server CPU is the API processes' user and kernel time over the",
      "workload, from `/proc/<pid>/stat`: steadier than a rate when the machine is noisy. Disk per op is the database's size after the run (SQLite and the peer: their",
      "data directory once the server stopped; PostgreSQL: `pg_database_size`) over the ops stored. The largest WAL is the SQLite file's size, sampled every 50 ms through every workload.",
      "",
      table(results),
    ].join("\n");
    console.log(`\n${report}\n`);
    if (TARGETS.length === ALL_TARGETS.length && WORKLOADS.length === ALL_WORKLOADS.length && SCALE === 1) writeResults(report);
  } finally {
    if (usesPostgres) {
      python("-m", "tests.support.postgres", "stop", postgresDir);
      rmSync(postgresDir, { recursive: true, force: true });
    }
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
