"""A Jepsen-style run (issue 11): simulated devices against a real server that is killed at random.

Six devices of one lifter, each on a thread of its own so their requests overlap, speak only the
wire contract (docs/sync-protocol.md) over HTTP: random creates, edits and deletes; random offline
spells; two clocks wrong by up to an hour (corrected from ``server_time_ms``, as the PWA does:
from every answer, and after a clock-ahead refusal by stamping the waiting ops again); requests
duplicated, replayed long after, delayed behind later ones, and sent with their answer lost.
Meanwhile the server is SIGKILLed and restarted at random, on PostgreSQL one of two instances on
one database, with requests spread over both.

At the end every device syncs until it has nothing left, and then:
- every acknowledged op is on the server, as it was sent;
- every device, each instance's merged log and its session reads agree, and equal a reference
  model that merges every acknowledged op;
- each device's clock offset has converged to what its clock is wrong by;
and during the run, after acknowledged pushes the server reads back the device's own writes
(read-your-writes), and no device's cursor goes back or loses an op it once pulled (monotonic reads).

The seed is printed; ``HINGE_JEPSEN_SEED=<seed>`` runs the same choices again (each device and the
killer draw from generators of their own, seeded from it; how the threads interleave still varies),
and ``HINGE_JEPSEN_SECONDS`` sets how long the random part lasts.
"""

from __future__ import annotations

import contextlib
import os
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest

from sync.hlc import HybridLogicalClock
from sync.merge import FieldKey, field_key, merge_ops
from sync.ops import Op
from sync.reduce import reduce_state
from tests.conftest import database_for
from tests.support.device import new_id, op_json
from tests.support.server import ServerProcess, instances

SECONDS = float(os.environ.get("HINGE_JEPSEN_SECONDS", "25"))
# A device's pause between steps: thousands of ops in a run, not hundreds of thousands.
STEP_S = 0.01
DEVICES = 6
PASSWORD = "correct horse battery"
HOUR_MS = 3_600_000


def merge_into(state: dict[FieldKey, Op], op: Op) -> None:
    """merge_ops for one op, in place: a device merges every op it writes or pulls."""
    current = state.get(field_key(op))
    if current is None or op.hlc > current.hlc:
        state[field_key(op)] = op


class Cluster:
    """The API instances under test; any may be dead at a given moment."""

    def __init__(self, servers: list[ServerProcess], rng: random.Random) -> None:
        self.servers = servers
        self.rng = rng
        self.kills = 0
        self._lock = threading.Lock()

    def url(self, rng: random.Random) -> str:
        return rng.choice(self.servers).url

    def kill_one(self) -> None:
        with self._lock:
            live = [server for server in self.servers if server.process and server.process.poll() is None]
            if len(live) == len(self.servers):  # never all down at once: one kill at a time
                self.rng.choice(live).kill()
                self.kills += 1

    def restart_dead(self) -> None:
        with self._lock:
            for server in self.servers:
                if server.process is None or server.process.poll() is not None:
                    server.start()


@dataclass
class History:
    """What the run sent and what the server acknowledged, for the checks; shared by the devices' threads."""

    acknowledged: dict[str, Op] = field(default_factory=dict)
    sent: dict[FieldKey, list[Op]] = field(default_factory=dict)
    pulled: set[str] = field(default_factory=set)
    read_checks: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record_sent(self, ops: list[Op]) -> None:
        with self.lock:
            for op in ops:
                self.sent.setdefault(field_key(op), []).append(op)

    def record_answer(self, acknowledged: list[Op], pulled: list[Op]) -> None:
        with self.lock:
            self.acknowledged.update((op.hlc, op) for op in acknowledged)
            self.pulled.update(op.hlc for op in pulled)

    def values_sent_since(self, op: Op) -> list[Any]:
        """What the field may read as once ``op`` is stored: its value or one sent with a later clock."""
        with self.lock:
            return [sent.value for sent in self.sent[field_key(op)] if sent.hlc >= op.hlc]

    def count_read_check(self) -> None:
        with self.lock:
            self.read_checks += 1


class SimDevice:
    """One device, written against the wire contract only (like the PWA's sync.js, in brief)."""

    def __init__(self, name: str, token: str, device_id: str, skew_ms: int, rng: random.Random) -> None:
        self.http = httpx.Client(timeout=10)
        self.name = name
        self.headers = {"Authorization": f"Bearer {token}"}
        self.device_id = device_id
        self.skew_ms = skew_ms  # how wrong this device's clock is
        self.offset_ms = 0  # the correction it learned from the server
        self.clock = HybridLogicalClock(device_id)
        self.rng = rng
        self.outbox: list[Op] = []
        self.mine: dict[str, Op] = {}  # own ops acknowledged
        self.theirs: dict[str, Op] = {}  # ops pulled
        self.state: dict[FieldKey, Op] = {}
        self.cursor = 0
        self.offline_until = 0.0
        self.sessions: list[str] = []
        self.sets: list[str] = []
        self.old_batches: list[list[Op]] = []  # acknowledged once, replayed later

    def device_clock_ms(self) -> int:
        """What this device's own clock says: wrong by ``skew_ms``."""
        return time.time_ns() // 1_000_000 + self.skew_ms

    def now_ms(self) -> int:
        return self.device_clock_ms() + self.offset_ms

    def write(self, entity: str, entity_id: str, name: str, value: Any) -> None:
        self.clock, hlc = self.clock.tick(self.now_ms())
        op = Op(hlc, entity, entity_id, name, value)
        self.outbox.append(op)
        merge_into(self.state, op)

    def random_edit(self) -> None:
        roll = self.rng.random()
        if roll < 0.2 or not self.sessions:
            session = new_id()
            self.sessions.append(session)
            self.write("session", session, "started_at", "2026-12-02T18:00:00Z")
        elif roll < 0.55 or not self.sets:
            set_id = new_id()
            self.sets.append(set_id)
            self.write("set", set_id, "session_id", self.rng.choice(self.sessions))
            self.write("set", set_id, "exercise", "pull_through")
            self.write("set", set_id, "reps", self.rng.randint(5, 20))
        elif roll < 0.85:
            self.write("set", self.rng.choice(self.sets), "reps", self.rng.randint(5, 20))
        elif roll < 0.93:
            self.write("set", self.rng.choice(self.sets), "deleted", self.rng.random() < 0.7)
        else:
            self.write("session", self.rng.choice(self.sessions), "notes", f"{self.name} {self.rng.randint(0, 99)}")

    def learn(self, op: Op) -> None:
        """An op another device wrote (or one of ours from a lost answer) arrived in a pull."""
        self.clock = self.clock.receive(op.hlc)
        self.theirs[op.hlc] = op
        merge_into(self.state, op)
        if op.entity == "session" and op.entity_id not in self.sessions:
            self.sessions.append(op.entity_id)
        if op.entity == "set" and op.entity_id not in self.sets:
            self.sets.append(op.entity_id)

    def sync_request(self, cluster: Cluster, ops: list[Op], history: History) -> tuple[str, dict[str, Any]]:
        """The URL and body of a sync pushing ``ops``, recorded as sent."""
        history.record_sent(ops)
        body = {"since": self.cursor, "ops": [op_json(op) for op in ops], "limit": 500}
        return f"{cluster.url(self.rng)}/api/v1/sync", body

    def post(self, cluster: Cluster, ops: list[Op], history: History) -> httpx.Response | None:
        url, body = self.sync_request(cluster, ops, history)
        try:
            return self.http.post(url, json=body, headers=self.headers)
        except httpx.TransportError:
            return None  # the server is down or died mid-request: nothing is known

    def post_later(self, cluster: Cluster, ops: list[Op], history: History, delay_s: float) -> threading.Thread:
        """A request held up in the network: it arrives after later ones, and its answer is lost."""
        url, body = self.sync_request(cluster, ops, history)

        def arrive() -> None:
            time.sleep(delay_s)
            with contextlib.suppress(httpx.TransportError):  # the server is down: it never arrives
                httpx.post(url, json=body, headers=self.headers, timeout=10)

        late = threading.Thread(target=arrive)
        late.start()
        return late

    def sync_once(self, cluster: Cluster, history: History, *, lose_answer: bool = False) -> bool:
        """One round trip; True when it was acknowledged (and the answer not lost)."""
        batch = self.outbox[: self.rng.choice([1, 5, 50, 200])]
        sent_at = self.device_clock_ms()
        response = self.post(cluster, batch, history)
        if response is None or lose_answer:
            return False
        body = response.json()
        # The server's clock against the midpoint of the round trip on this device's own clock.
        offset_ms = body.get("server_time_ms", 0) - (sent_at + self.device_clock_ms()) // 2
        if response.status_code == 422 and "server_time_ms" in body:
            self.correct_clock(offset_ms)
            return False
        assert response.status_code == 200, (self.name, response.status_code, body)
        assert body["cursor"] >= self.cursor, "monotonic reads: the cursor never goes back"
        self.offset_ms = offset_ms
        pulled = [Op(**raw) for raw in body["ops"]]
        for op in pulled:
            self.learn(op)
        history.record_answer(batch, pulled)
        self.cursor = body["cursor"]
        sent = {op.hlc for op in batch}
        for op in batch:
            self.mine[op.hlc] = op
        self.outbox = [op for op in self.outbox if op.hlc not in sent]
        if batch:
            self.old_batches.append(batch)
        return True

    def correct_clock(self, offset_ms: int) -> None:
        """Refused as too far ahead: take the server's time and stamp the waiting ops again.

        The refused batch stored nothing, and none of the outbox was ever acknowledged, so a
        new stamp for each waiting op loses nothing; the clock starts over from the corrected
        time (past every op pulled), as the PWA's restamp does.
        """
        self.offset_ms = offset_ms
        clock = HybridLogicalClock(self.device_id)
        for seen in (*self.theirs, *self.mine):
            clock = clock.receive(seen)
        self.clock = clock
        waiting, self.outbox = self.outbox, []
        for op in waiting:
            self.write(op.entity, op.entity_id, op.field, op.value)
        self.state = merge_ops({}, [*self.theirs.values(), *self.mine.values(), *self.outbox])

    def check_reads_own_writes(self, cluster: Cluster, history: History) -> None:
        """The server's read of one just-acknowledged field: this write or one sent after it."""
        if not self.old_batches:
            return
        op = self.rng.choice(self.old_batches[-1])
        if op.entity == "session":
            session_id = op.entity_id
        else:
            link = self.state.get(("set", op.entity_id, "session_id"))
            if link is None:
                return
            session_id = link.value
        try:
            response = self.http.get(f"{cluster.url(self.rng)}/api/v1/sessions/{session_id}", headers=self.headers)
        except httpx.TransportError:
            return
        if response.status_code == 404:
            return  # the session was deleted, or a set moved out of it: nothing to read back
        assert response.status_code == 200, response.text
        session = response.json()
        if op.entity == "set":
            found = next((s for s in session["sets"] if s["id"] == op.entity_id), None)
            if found is None or op.field not in found:
                return  # deleted since (a later op), or a field the view does not show
            value = found[op.field]
        else:
            if op.field not in session:
                return
            value = session[op.field]
        later = history.values_sent_since(op)
        assert value in later, f"read-your-writes: {op} read back as {value!r}"
        history.count_read_check()


def run(cluster: Cluster, seed: int, report_figure: Callable[[str], None]) -> None:
    rng = random.Random(seed)
    history = History()
    devices = sign_in_devices(cluster.servers[0].url, seed, rng)
    try:
        deadline = time.monotonic() + SECONDS
        with ThreadPoolExecutor(max_workers=len(devices)) as pool:
            acting = [pool.submit(act, device, cluster, history, deadline) for device in devices]
            kill_at_random(cluster, deadline, acting)
            steps = sum(device_steps.result() for device_steps in acting)
        settle(cluster, devices, history, seed)
        report_figure(
            f"seed {seed}: {steps} steps, {len(history.acknowledged)} ops acknowledged, {cluster.kills} kills,"
            f" {history.read_checks} reads of own writes"
        )
        assert cluster.kills > 0, f"seed {seed}: the server was never killed"
        assert history.read_checks > 0, f"seed {seed}: no device ever read its own writes back"
        check(cluster, devices, history, seed)
    finally:
        for device in devices:
            device.http.close()


def sign_in_devices(url: str, seed: int, rng: random.Random) -> list[SimDevice]:
    """One lifter's devices, two with clocks wrong by half an hour to an hour, one each way."""
    username = f"jepsen{seed % 100_000}"
    body = {"username": username, "password": PASSWORD}
    assert httpx.post(f"{url}/api/v1/accounts", json=body, timeout=30).status_code == 201
    skews = [rng.randint(-HOUR_MS, -HOUR_MS // 2), rng.randint(HOUR_MS // 2, HOUR_MS)] + [0] * (DEVICES - 2)
    devices = []
    for n, skew in enumerate(skews):
        created = httpx.post(f"{url}/api/v1/devices", json={**body, "name": f"device {n}"}, timeout=30).json()
        device_rng = random.Random(seed * DEVICES + n)
        devices.append(SimDevice(f"device {n}", created["token"], created["device_id"], skew, device_rng))
    return devices


def act(device: SimDevice, cluster: Cluster, history: History, deadline: float) -> int:
    """One device's random part of the run, on its own thread; returns how many steps it took."""
    rng = device.rng
    late: list[threading.Thread] = []
    steps = 0
    while time.monotonic() < deadline:
        steps += 1
        time.sleep(STEP_S)
        roll = rng.random()
        if roll < 0.03:
            device.offline_until = time.monotonic() + rng.uniform(0.5, 3)
        elif roll < 0.45:
            device.random_edit()
        elif time.monotonic() < device.offline_until:
            continue
        elif roll < 0.50 and device.old_batches:
            device.post(cluster, rng.choice(device.old_batches), history)  # a replay, long after
        elif roll < 0.53 and device.outbox:
            late.append(device.post_later(cluster, device.outbox[:20], history, rng.uniform(0.05, 1)))
        elif roll < 0.58 and device.outbox:
            if rng.random() < 0.5:
                # A request whose answer never comes back; then the same one again.
                device.sync_once(cluster, history, lose_answer=True)
            # A duplicate of the next push, sent twice in a row.
            device.post(cluster, device.outbox[:20], history)
            device.sync_once(cluster, history)
        elif device.sync_once(cluster, history) and rng.random() < 0.3:
            device.check_reads_own_writes(cluster, history)
    for request in late:
        request.join()
    return steps


def kill_at_random(cluster: Cluster, deadline: float, acting: list[Future[int]]) -> None:
    """SIGKILL an instance every 2-6 s, whatever the devices are doing, and restart it soon after."""
    rng = cluster.rng
    next_kill = time.monotonic() + rng.uniform(1, 4)
    while time.monotonic() < deadline and not any(device.done() for device in acting):
        time.sleep(0.02)
        if time.monotonic() >= next_kill:
            cluster.kill_one()
            time.sleep(rng.uniform(0.2, 1.5))
            cluster.restart_dead()
            next_kill = time.monotonic() + rng.uniform(2, 6)
    cluster.restart_dead()


def settle(cluster: Cluster, devices: list[SimDevice], history: History, seed: int) -> None:
    """The quiet end: every instance up; every device pushes all it has, then pulls to the end."""
    for device in devices:
        for _attempt in range(10_000):
            if not device.outbox:
                break
            device.sync_once(cluster, history)
        assert device.outbox == [], f"seed {seed}: {device.name} could not send everything"
    for device in devices:
        while True:
            before = device.cursor
            assert device.sync_once(cluster, history), f"seed {seed}: {device.name} could not pull"
            if device.cursor == before:
                break


def check(cluster: Cluster, devices: list[SimDevice], history: History, seed: int) -> None:
    reference = merge_ops({}, history.acknowledged.values())
    for device in devices:
        assert device.state == reference, f"seed {seed}: {device.name} disagrees with the reference model"
        # What the device's clock is wrong by, learned from the server's answers (within a second).
        assert abs(device.offset_ms + device.skew_ms) < 1000, f"seed {seed}: {device.name}'s clock is still off"
    expected = [
        session_json(session)
        for session in reduce_state((op.entity, op.entity_id, op.field, op.value) for op in reference.values())
    ]
    checker = devices[0]
    for server in cluster.servers:
        # A pull from 0 is the server's whole log, on every instance.
        stored: dict[str, Op] = {}
        cursor = 0
        while True:
            body = checker.http.post(
                f"{server.url}/api/v1/sync", json={"since": cursor, "ops": [], "limit": 5000}, headers=checker.headers
            ).json()
            stored.update((raw["hlc"], Op(**raw)) for raw in body["ops"])
            cursor = body["cursor"]
            if not body["more"]:
                break
        lost = [op for hlc, op in history.acknowledged.items() if stored.get(hlc) != op]
        assert not lost, (
            f"seed {seed}: {len(lost)} acknowledged ops missing or changed on {server.url}, e.g. {lost[:3]}"
        )
        vanished = history.pulled - set(stored)
        assert not vanished, f"seed {seed}: ops once pulled are gone from {server.url}: {sorted(vanished)[:3]}"
        assert merge_ops({}, stored.values()) == reference, f"seed {seed}: {server.url}'s log merges differently"
        read = checker.http.get(f"{server.url}/api/v1/sessions", headers=checker.headers).json()["sessions"]
        assert read == expected, f"seed {seed}: {server.url}'s reads disagree"


def session_json(session: Any) -> Any:
    return msgspec.json.decode(msgspec.json.encode(session))


@pytest.fixture
def seed() -> int:
    chosen = int(os.environ.get("HINGE_JEPSEN_SEED") or random.randrange(2**32))
    print(f"HINGE_JEPSEN_SEED={chosen}")
    return chosen


def test_jepsen_style_run_on_sqlite_loses_no_acknowledged_op(
    tmp_path: Path, request: pytest.FixtureRequest, seed: int, report_figure: Callable[[str], None]
) -> None:
    with instances(tmp_path, 1, database_for(request, "sqlite")) as servers:
        run(Cluster(servers, random.Random(seed + 1)), seed, report_figure)


def test_jepsen_style_run_on_two_postgresql_instances_loses_no_acknowledged_op(
    tmp_path: Path, request: pytest.FixtureRequest, seed: int, report_figure: Callable[[str], None]
) -> None:
    with instances(tmp_path, 2, database_for(request, "postgresql")) as servers:
        run(Cluster(servers, random.Random(seed + 1)), seed, report_figure)
