"""Sync throughput and latency against real ``hinge serve`` processes. Not a test: prints figures.

    .venv/bin/python -m tests.benchmarks.sync_bench [--seconds 20] [--devices 50] [--interval 0.2]
    .venv/bin/python -m tests.benchmarks.sync_bench --backends sqlite,postgresql,postgresql-2
    .venv/bin/python -m tests.benchmarks.sync_bench --backends postgresql --database-url postgresql://...

Each backend runs the same workloads in one run, so the figures compare side by
side: ``sqlite`` (one process), ``postgresql`` (one instance) and
``postgresql-2`` (two instances on one database, the devices split between
them). Without ``--database-url`` a throw-away PostgreSQL server is started
(tests/support/postgres.py) and each backend gets a fresh database.

(a) ops/s ingested by one device pushing 100,000 ops in 1,000-op batches;
(b) requests/s, p50 and p99 latency with 50 concurrent devices pushing 50-op batches;
(c) time for a second device to pull those 100,000 ops;
and the disk the database takes per op stored, with (SQLite) the largest WAL seen during the run.
Request bodies are encoded before the clock starts, so the figures measure the server.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path

import httpx
import msgspec

from sync.hlc import HybridLogicalClock
from sync.ops import Op
from tests.support.device import new_id
from tests.support.postgres import PostgresServer, fresh_database
from tests.support.server import ServerProcess, instances

PASSWORD = "benchmark password"
encode = msgspec.json.Encoder().encode


def sign_in(client: httpx.Client, username: str, name: str) -> tuple[str, str]:
    response = client.post("/api/v1/devices", json={"username": username, "password": PASSWORD, "name": name})
    response.raise_for_status()
    body = response.json()
    return body["token"], body["device_id"]


def batches(device_id: str, total: int, size: int, start_ms: int) -> list[list[Op]]:
    """Batches of ops: sets of a session with a few fields each."""
    clock = HybridLogicalClock(device_id)
    ops: list[Op] = []
    session = new_id()
    set_id = new_id()
    fields = [("session_id", session), ("exercise", "deadlift"), ("load_kg", 60), ("reps", 5), ("rpe", 7.5)]
    while len(ops) < total:
        if len(ops) % len(fields) == 0:
            set_id = new_id()
        field, value = fields[len(ops) % len(fields)]
        clock, hlc = clock.tick(start_ms)
        ops.append(Op(hlc, "set", set_id, field, value))
    return [ops[i : i + size] for i in range(0, total, size)]


def body(ops: list[Op], since: int) -> bytes:
    return encode({"since": since, "ops": ops})


def bench_ingest(client: httpx.Client, username: str) -> float:
    token, device_id = sign_in(client, username, "bulk")
    ops = batches(device_id, 100_000, 1_000, int(time.time() * 1000))
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    started = time.perf_counter()
    cursor = 0
    for batch in ops:
        # Encoding is part of a client's work, but cheap: msgspec, a few ms per 1,000 ops.
        response = client.post("/api/v1/sync", content=body(batch, cursor), headers=headers)
        response.raise_for_status()
        cursor = msgspec.json.decode(response.content)["cursor"]
    return 100_000 / (time.perf_counter() - started)


def bench_pull(client: httpx.Client, username: str) -> tuple[float, int]:
    token, _ = sign_in(client, username, "puller")
    headers = {"Authorization": f"Bearer {token}"}
    started = time.perf_counter()
    cursor, pulled, more = 0, 0, True
    while more:
        response = client.post("/api/v1/sync", json={"since": cursor, "ops": [], "limit": 5000}, headers=headers)
        response.raise_for_status()
        body = msgspec.json.decode(response.content)
        pulled += len(body["ops"])
        cursor, more = body["cursor"], body["more"]
    return time.perf_counter() - started, pulled


def bench_concurrent(urls: list[str], devices: list[tuple[str, str]], seconds: float, interval: float) -> list[float]:
    """Every device in its own thread with its own connection (httpx's async client
    is slower per request on this machine than the server under test).

    With ``interval`` 0 each device pushes again as soon as it has its answer (a
    closed loop, which measures saturation); otherwise it pushes once every
    ``interval`` seconds, an offered load of ``devices / interval`` requests/s.
    """
    latencies: list[float] = []
    now = int(time.time() * 1000)
    prepared = [batches(device_id, 50 * 1_500, 50, now) for _, device_id in devices]
    start = threading.Barrier(len(devices) + 1)

    def device_loop(url: str, token: str, batches_of_device: list[list[Op]], offset: float) -> None:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        with httpx.Client(base_url=url, timeout=60) as client:
            cursor = 0
            start.wait()
            # Each device times its own run from the moment all are ready: setting up 50
            # clients can take longer than a short run, which would then end before it began.
            deadline = time.perf_counter() + seconds
            next_send = time.perf_counter() + offset  # spread the devices over the interval
            for ops in batches_of_device:
                if interval:
                    time.sleep(max(0.0, next_send - time.perf_counter()))
                    next_send += interval
                if time.perf_counter() >= deadline:
                    return
                sent = time.perf_counter()
                response = client.post("/api/v1/sync", content=body(ops, cursor), headers=headers)
                latencies.append(time.perf_counter() - sent)
                response.raise_for_status()
                cursor = msgspec.json.decode(response.content)["cursor"]
        raise RuntimeError("ran out of prepared batches; raise the count")

    threads = [
        threading.Thread(target=device_loop, args=(urls[n % len(urls)], token, ops, interval * n / len(devices)))
        for n, ((token, _), ops) in enumerate(zip(devices, prepared, strict=True))
    ]
    for thread in threads:
        thread.start()
    start.wait()
    for thread in threads:
        thread.join()
    return latencies


class Figures(msgspec.Struct):
    ingest_ops_s: float
    pull_s: float
    pulled: int
    requests_s: float
    p50_ms: float
    p99_ms: float
    bytes_per_op: float
    largest_wal: int | None


class WalWatch:
    """The largest size the SQLite WAL reaches while the benchmark runs (sampled every 50 ms)."""

    def __init__(self, wal: Path | None) -> None:
        self.wal = wal
        self.largest = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        if wal is not None:
            self._thread.start()

    def _watch(self) -> None:
        assert self.wal is not None
        while not self._stop.wait(0.05):
            if self.wal.exists():
                self.largest = max(self.largest, self.wal.stat().st_size)

    def stop(self) -> int | None:
        self._stop.set()
        return self.largest if self.wal is not None else None


def disk_bytes(servers: list[ServerProcess]) -> int:
    """What the database takes on disk: SQLite's file and WAL, or PostgreSQL's database size."""
    server = servers[0]
    if not server.database_url:
        return sum(path.stat().st_size for path in server.data_dir.glob("hinge.db*"))
    import psycopg

    with psycopg.connect(server.database_url) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    assert row is not None
    return int(row[0])


def run(servers: list[ServerProcess], args: argparse.Namespace) -> Figures:
    sqlite = not servers[0].database_url
    watch = WalWatch(servers[0].data_dir / "hinge.db-wal" if sqlite else None)
    with httpx.Client(base_url=servers[0].url, timeout=60) as client:
        client.post("/api/v1/accounts", json={"username": "bulk", "password": PASSWORD}).raise_for_status()
        rate = bench_ingest(client, "bulk")
        pull_s, pulled = bench_pull(client, "bulk")
        devices = []
        for n in range(args.devices):
            name = f"crowd{n}"
            client.post("/api/v1/accounts", json={"username": name, "password": PASSWORD}).raise_for_status()
            devices.append(sign_in(client, name, "phone"))
    latencies = bench_concurrent([server.url for server in servers], devices, args.seconds, args.interval)
    largest_wal = watch.stop()
    if not latencies:
        raise SystemExit("no request finished within --seconds; run longer")
    ms = sorted(x * 1000 for x in latencies)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    stored = pulled + len(latencies) * 50
    per_op = disk_bytes(servers) / stored
    return Figures(rate, pull_s, pulled, len(ms) / args.seconds, statistics.median(ms), p99, per_op, largest_wal)


def backend(name: str, scratch: Path, database_url: str | None) -> AbstractContextManager[list[ServerProcess]]:
    """The servers of one backend: ``sqlite``, ``postgresql`` or ``postgresql-2``."""
    if name != "sqlite":
        assert database_url is not None
    return instances(scratch / name, 2 if name == "postgresql-2" else 1, database_url or "")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--interval", type=float, default=0, help="seconds between one device's pushes; 0: closed loop")
    parser.add_argument("--backends", default="sqlite", help="comma-separated: sqlite, postgresql, postgresql-2")
    parser.add_argument(
        "--database-url", default="", help="an empty PostgreSQL database to use (default: a throw-away)"
    )
    args = parser.parse_args()
    names = args.backends.split(",")
    unknown = set(names) - {"sqlite", "postgresql", "postgresql-2"}
    if unknown:
        parser.error(f"unknown backends {sorted(unknown)}")
    # 50 client threads share one GIL; at the default 5 ms switch interval a
    # thread whose answer has arrived can wait its turn long enough to distort
    # the latency measured, so the client hands the GIL over sooner.
    sys.setswitchinterval(0.0005)

    results: dict[str, Figures] = {}
    with tempfile.TemporaryDirectory() as scratch, ExitStack() as cleanup:
        cluster = None
        if any(name != "sqlite" for name in names) and not args.database_url:
            root = Path(tempfile.mkdtemp(prefix="hinge-bench-postgres-"))
            cleanup.callback(shutil.rmtree, root, ignore_errors=True)
            postgres = PostgresServer(root).start()
            cleanup.callback(postgres.stop)
            cluster = postgres.url
        for name in names:
            url = None if name == "sqlite" else (args.database_url or fresh_database(str(cluster)))
            with backend(name, Path(scratch), url) as servers:
                results[name] = run(servers, args)
            figures = results[name]
            print(
                f"{name}: (a) ingest {figures.ingest_ops_s:,.0f} ops/s; (c) pull {figures.pulled:,} ops in"
                f" {figures.pull_s:.3f} s; (b) {figures.requests_s:,.0f} requests/s,"
                f" p50 {figures.p50_ms:.1f} ms, p99 {figures.p99_ms:.1f} ms;"
                f" {figures.bytes_per_op:.0f} bytes/op on disk"
                + ("" if figures.largest_wal is None else f", largest WAL {figures.largest_wal / 2**20:.1f} MiB"),
                flush=True,
            )
    load = f"one push per device every {args.interval} s" if args.interval else "closed loop"
    print()
    print(f"(a) 100,000 ops in 1,000-op batches; (b) {args.devices} devices x 50-op batches, {args.seconds:.0f} s,")
    print(f"{load};")
    print("(c) one device pulling the 100,000 ops, 5,000 per request")
    print()
    columns = ["(a) ingest ops/s", "(b) requests/s", "(b) p50 ms", "(b) p99 ms", "(c) pull s"]
    columns += ["bytes/op", "largest WAL"]
    print(f"| backend | {' | '.join(columns)} |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, f in results.items():
        row = [
            f"{f.ingest_ops_s:,.0f}",
            f"{f.requests_s:,.0f}",
            f"{f.p50_ms:.1f}",
            f"{f.p99_ms:.1f}",
            f"{f.pull_s:.3f}",
            f"{f.bytes_per_op:.0f}",
            "-" if f.largest_wal is None else f"{f.largest_wal / 2**20:.1f} MiB",
        ]
        print(f"| {name} | {' | '.join(row)} |")


if __name__ == "__main__":
    main()
