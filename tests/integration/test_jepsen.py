"""A Jepsen-style run (issue 11): simulated devices against a real server that is killed at random.

Six devices of one lifter speak only the wire contract (docs/sync-protocol.md) over HTTP:
random creates, edits and deletes; random offline spells; two clocks wrong by up to an hour
(corrected from ``server_time_ms`` when the server refuses them, as the PWA does); requests
duplicated, replayed long after, and sent with their answer lost. Meanwhile the server is
SIGKILLed and restarted at random, on PostgreSQL one of two instances on one database.

At the end every device syncs until it has nothing left, and then:
- every acknowledged op is on the server, as it was sent;
- every device, the server's merged log and its session reads agree, and equal a reference
  model that merges every acknowledged op;
and during the run, after each acknowledged push the server reads back the device's own writes
(read-your-writes), and no device's cursor goes back or loses an op it once pulled (monotonic reads).

The seed is printed; ``HINGE_JEPSEN_SEED=<seed>`` replays a run, ``HINGE_JEPSEN_SECONDS`` sets
how long the random part lasts.
"""

from __future__ import annotations

import os
import random
import threading
import time
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
# A pause between steps: thousands of ops in a run, not hundreds of thousands.
STEP_S = 0.002
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

    def url(self) -> str:
        return self.rng.choice(self.servers).url

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
    """What the run sent and what the server acknowledged, for the checks."""

    acknowledged: dict[str, Op] = field(default_factory=dict)
    sent: dict[FieldKey, list[Op]] = field(default_factory=dict)
    pulled: set[str] = field(default_factory=set)
    read_checks: int = 0


class SimDevice:
    """One device, written against the wire contract only (like the PWA's sync.js, in brief)."""

    def __init__(
        self, http: httpx.Client, name: str, token: str, device_id: str, skew_ms: int, rng: random.Random
    ) -> None:
        self.http = http
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

    def now_ms(self) -> int:
        return time.time_ns() // 1_000_000 + self.skew_ms + self.offset_ms

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

    def post(self, cluster: Cluster, ops: list[Op], history: History) -> httpx.Response | None:
        for op in ops:
            history.sent.setdefault(field_key(op), []).append(op)
        body = {"since": self.cursor, "ops": [op_json(op) for op in ops], "limit": 500}
        try:
            return self.http.post(f"{cluster.url()}/api/v1/sync", json=body, headers=self.headers)
        except httpx.TransportError:
            return None  # the server is down or died mid-request: nothing is known

    def sync_once(self, cluster: Cluster, history: History, *, lose_answer: bool = False) -> bool:
        """One round trip; True when it was acknowledged (and the answer not lost)."""
        batch = self.outbox[: self.rng.choice([1, 5, 50, 200])]
        started = self.now_ms()
        response = self.post(cluster, batch, history)
        if response is None or lose_answer:
            return False
        body = response.json()
        if response.status_code == 422 and "server_time_ms" in body:
            self.correct_clock(body["server_time_ms"] - (started + self.now_ms()) // 2 + self.offset_ms)
            return False
        assert response.status_code == 200, (self.name, response.status_code, body)
        assert body["cursor"] >= self.cursor, "monotonic reads: the cursor never goes back"
        for raw in body["ops"]:
            op = Op(**raw)
            history.pulled.add(op.hlc)
            self.learn(op)
        self.cursor = body["cursor"]
        sent = {op.hlc for op in batch}
        for op in batch:
            history.acknowledged[op.hlc] = op
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
            response = self.http.get(f"{cluster.url()}/api/v1/sessions/{session_id}", headers=self.headers)
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
        later = [sent.value for sent in history.sent[field_key(op)] if sent.hlc >= op.hlc]
        assert value in later, f"read-your-writes: {op} read back as {value!r}"
        history.read_checks += 1


def run(cluster: Cluster, seed: int) -> None:
    with httpx.Client(timeout=10) as http:
        run_with(http, cluster, seed)


def run_with(http: httpx.Client, cluster: Cluster, seed: int) -> None:
    rng = random.Random(seed)
    history = History()
    url = cluster.servers[0].url
    username = f"jepsen{seed % 100_000}"
    assert http.post(f"{url}/api/v1/accounts", json={"username": username, "password": PASSWORD}).status_code == 201
    devices = []
    skews = [rng.randint(-HOUR_MS, -HOUR_MS // 2), rng.randint(HOUR_MS // 2, HOUR_MS)] + [0] * (DEVICES - 2)
    for n, skew in enumerate(skews):
        body = {"username": username, "password": PASSWORD, "name": f"device {n}"}
        created = http.post(f"{url}/api/v1/devices", json=body).json()
        devices.append(SimDevice(http, f"device {n}", created["token"], created["device_id"], skew, rng))

    deadline = time.monotonic() + SECONDS
    next_kill = time.monotonic() + rng.uniform(1, 4)
    back_at = float("inf")
    timers: list[threading.Timer] = []
    steps = 0
    while time.monotonic() < deadline:
        steps += 1
        time.sleep(STEP_S)
        device = rng.choice(devices)
        roll = rng.random()
        if time.monotonic() >= next_kill:
            if rng.random() < 0.5:
                cluster.kill_one()
            else:  # while a request may be in flight
                timers.append(threading.Timer(rng.uniform(0, 0.05), cluster.kill_one))
                timers[-1].start()
                device.sync_once(cluster, history)
            next_kill = time.monotonic() + rng.uniform(2, 6)
            back_at = time.monotonic() + rng.uniform(0.2, 1.5)
        elif time.monotonic() >= back_at:
            for timer in timers:
                timer.join()
            cluster.restart_dead()
            back_at = float("inf")
        elif roll < 0.03:
            device.offline_until = time.monotonic() + rng.uniform(0.5, 3)
        elif roll < 0.45:
            device.random_edit()
        elif time.monotonic() < device.offline_until:
            continue
        elif roll < 0.50 and device.old_batches:
            device.post(cluster, rng.choice(device.old_batches), history)  # a replay, long after
        elif roll < 0.55 and device.outbox:
            if rng.random() < 0.5:
                # A request whose answer never comes back; then the same one again.
                device.sync_once(cluster, history, lose_answer=True)
            # A duplicate of the next push, sent twice in a row.
            device.post(cluster, device.outbox[:20], history)
            device.sync_once(cluster, history)
        else:
            if device.sync_once(cluster, history) and rng.random() < 0.3:
                device.check_reads_own_writes(cluster, history)

    # The quiet end: every instance up; every device pushes all it has, then pulls to the end.
    for timer in timers:
        timer.join()
    cluster.restart_dead()
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
    for device in devices:
        assert device.outbox == [], f"{device.name} could not send everything (seed {seed})"
    print(
        f"jepsen seed {seed}: {steps} steps, {len(history.acknowledged)} ops acknowledged, {cluster.kills} kills,"
        f" {history.read_checks} reads of own writes"
    )
    check(http, cluster, devices, history, seed)


def check(http: httpx.Client, cluster: Cluster, devices: list[SimDevice], history: History, seed: int) -> None:
    # A fresh device's pull from 0 is the server's whole log.
    url = cluster.servers[0].url
    checker = devices[0]
    stored: dict[str, Op] = {}
    cursor = 0
    while True:
        body = http.post(
            f"{url}/api/v1/sync", json={"since": cursor, "ops": [], "limit": 5000}, headers=checker.headers
        ).json()
        stored.update((raw["hlc"], Op(**raw)) for raw in body["ops"])
        cursor = body["cursor"]
        if not body["more"]:
            break
    lost = [op for hlc, op in history.acknowledged.items() if stored.get(hlc) != op]
    assert not lost, f"seed {seed}: {len(lost)} acknowledged ops missing or changed, e.g. {lost[:3]}"
    vanished = history.pulled - set(stored)
    assert not vanished, f"seed {seed}: ops once pulled are gone: {sorted(vanished)[:3]}"
    reference = merge_ops({}, history.acknowledged.values())
    assert merge_ops({}, stored.values()) == reference, f"seed {seed}: the server's log merges differently"
    for device in devices:
        assert device.state == reference, f"seed {seed}: {device.name} disagrees with the reference model"
    expected = reduce_state((op.entity, op.entity_id, op.field, op.value) for op in reference.values())
    read = http.get(f"{url}/api/v1/sessions", headers=checker.headers).json()["sessions"]
    assert read == [session_json(session) for session in expected], f"seed {seed}: the server's reads disagree"


def session_json(session: Any) -> Any:
    return msgspec.json.decode(msgspec.json.encode(session))


@pytest.fixture
def seed() -> int:
    chosen = int(os.environ.get("HINGE_JEPSEN_SEED") or random.randrange(2**32))
    print(f"HINGE_JEPSEN_SEED={chosen}")
    return chosen


def test_jepsen_style_run_on_sqlite_loses_no_acknowledged_op(
    tmp_path: Path, request: pytest.FixtureRequest, seed: int
) -> None:
    with instances(tmp_path, 1, database_for(request, "sqlite")) as servers:
        run(Cluster(servers, random.Random(seed + 1)), seed)


def test_jepsen_style_run_on_two_postgresql_instances_loses_no_acknowledged_op(
    tmp_path: Path, request: pytest.FixtureRequest, seed: int
) -> None:
    with instances(tmp_path, 2, database_for(request, "postgresql")) as servers:
        run(Cluster(servers, random.Random(seed + 1)), seed)
