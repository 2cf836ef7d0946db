"""Sync throughput and latency against a real ``hinge serve`` on SQLite. Not a test: prints figures.

    .venv/bin/python -m tests.benchmarks.sync_bench [--seconds 20] [--devices 50]

(a) ops/s ingested by one device pushing 100,000 ops in 1,000-op batches;
(b) requests/s, p50 and p99 latency with 50 concurrent devices pushing 50-op batches;
(c) time for a second device to pull those 100,000 ops.
Request bodies are encoded before the clock starts, so the figures measure the server.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import msgspec

from sync.hlc import HybridLogicalClock
from sync.ops import Op
from tests.support.device import new_id
from tests.support.server import ServerProcess

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


def bench_concurrent(url: str, devices: list[tuple[str, str]], seconds: float, interval: float) -> list[float]:
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
    deadline = 0.0

    def device_loop(token: str, batches_of_device: list[list[Op]], offset: float) -> None:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        with httpx.Client(base_url=url, timeout=60) as client:
            cursor = 0
            start.wait()
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
        threading.Thread(target=device_loop, args=(token, ops, interval * n / len(devices)))
        for n, ((token, _), ops) in enumerate(zip(devices, prepared, strict=True))
    ]
    for thread in threads:
        thread.start()
    deadline = time.perf_counter() + seconds
    start.wait()
    for thread in threads:
        thread.join()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--interval", type=float, default=0, help="seconds between one device's pushes; 0: closed loop")
    args = parser.parse_args()
    # 50 client threads share one GIL; at the default 5 ms switch interval a
    # thread whose answer has arrived can wait its turn long enough to distort
    # the latency measured, so the client hands the GIL over sooner.
    sys.setswitchinterval(0.0005)

    with tempfile.TemporaryDirectory() as scratch:
        server = ServerProcess(Path(scratch) / "data").start()
        try:
            with httpx.Client(base_url=server.url, timeout=60) as client:
                client.post("/api/v1/accounts", json={"username": "bulk", "password": PASSWORD}).raise_for_status()
                rate = bench_ingest(client, "bulk")
                print(f"(a) ingest: {rate:,.0f} ops/s (100,000 ops in 1,000-op batches; target >= 50,000)")
                pull_s, pulled = bench_pull(client, "bulk")
                print(f"(c) pull: {pulled:,} ops in {pull_s:.3f} s (limit 5,000 per request; target <= 0.5 s)")
                devices = []
                for n in range(args.devices):
                    name = f"crowd{n}"
                    client.post("/api/v1/accounts", json={"username": name, "password": PASSWORD}).raise_for_status()
                    devices.append(sign_in(client, name, "phone"))
            latencies = bench_concurrent(server.url, devices, args.seconds, args.interval)
            ms = sorted(x * 1000 for x in latencies)
            p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
            print(
                f"(b) {args.devices} devices x 50-op batches for {args.seconds:.0f} s"
                f" ({f'one push per device every {args.interval} s' if args.interval else 'closed loop'}): "
                f"{len(ms) / args.seconds:,.0f} requests/s, p50 {statistics.median(ms):.1f} ms, "
                f"p99 {p99:.1f} ms (target p99 <= 50 ms)"
            )
        finally:
            server.stop()


if __name__ == "__main__":
    main()
