"""Convergence of the merge under any delivery order, duplication and partition."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from sync.hlc import HybridLogicalClock, format_hlc
from sync.merge import FieldKey, merge_ops
from sync.ops import Op

ENTITY_IDS = [f"00000000-0000-4000-8000-00000000000{i}" for i in range(3)]
FIELDS = ["reps", "load_kg", "deleted"]
NODES = [f"{i:016x}" for i in range(1, 6)]


def reference_state(ops: list[Op]) -> dict[FieldKey, Op]:
    """The plain model: for each field, the op with the greatest hlc."""
    best: dict[FieldKey, Op] = {}
    for op in sorted(ops, key=lambda o: o.hlc):
        best[(op.entity, op.entity_id, op.field)] = op
    return best


@st.composite
def unique_ops(draw: st.DrawFn, max_size: int = 30) -> list[Op]:
    stamps = draw(
        st.lists(
            st.tuples(st.integers(0, 50), st.integers(0, 3), st.sampled_from(NODES)),
            unique=True,
            max_size=max_size,
        )
    )
    return [
        Op(
            format_hlc(wall, counter, node),
            "set",
            draw(st.sampled_from(ENTITY_IDS)),
            draw(st.sampled_from(FIELDS)),
            draw(st.integers(0, 5)),
        )
        for wall, counter, node in stamps
    ]


@st.composite
def disjoint_batches(draw: st.DrawFn, count: int) -> list[list[Op]]:
    """``count`` batches cut from one pool: an hlc names one op everywhere."""
    pool = draw(unique_ops(max_size=45))
    owners = draw(st.lists(st.integers(0, count - 1), min_size=len(pool), max_size=len(pool)))
    return [[op for op, owner in zip(pool, owners, strict=True) if owner == i] for i in range(count)]


@given(disjoint_batches(2))
def test_merge_is_commutative(batches: list[list[Op]]) -> None:
    a, b = batches
    assert merge_ops(merge_ops({}, a), b) == merge_ops(merge_ops({}, b), a)


@given(disjoint_batches(3))
def test_merge_is_associative(batches: list[list[Op]]) -> None:
    a, b, c = batches
    left = merge_ops(merge_ops(merge_ops({}, a), b), c)
    right = merge_ops(merge_ops({}, a), list(merge_ops(merge_ops({}, b), c).values()))
    assert left == right


@given(unique_ops())
def test_merge_is_idempotent(ops: list[Op]) -> None:
    once = merge_ops({}, ops)
    assert merge_ops(once, ops) == once
    assert once == reference_state(ops)


class Device:
    def __init__(self, node: str, skew_ms: int) -> None:
        self.clock = HybridLogicalClock(node)
        self.skew_ms = skew_ms
        self.state: dict[FieldKey, Op] = {}
        self.outbox: list[Op] = []
        self.cursor = 0
        self.last_value = ""
        self.largest_received = ""

    def write(self, now_ms: int, entity_id: str, field: str, value: int) -> Op:
        self.clock, hlc = self.clock.tick(now_ms + self.skew_ms)
        assert hlc > self.last_value, "the clock never goes backwards"
        assert hlc > self.largest_received, "the clock stays ahead of every value received"
        self.last_value = hlc
        op = Op(hlc, "set", entity_id, field, value)
        self.state = merge_ops(self.state, [op])
        self.outbox.append(op)
        return op

    def receive(self, ops: list[Op]) -> None:
        for op in ops:
            self.clock = self.clock.receive(op.hlc)
            self.largest_received = max(self.largest_received, op.hlc)
        self.state = merge_ops(self.state, ops)


class Server:
    """The server's part of the protocol: an append-only log, pushes deduplicated by hlc."""

    def __init__(self) -> None:
        self.log: list[Op] = []
        self.known: set[str] = set()

    def sync(self, device: Device, shuffle: random.Random, duplicate: bool) -> None:
        batch = list(device.outbox)
        if duplicate:
            batch += batch[: len(batch) // 2]
        shuffle.shuffle(batch)
        for op in batch:
            if op.hlc not in self.known:
                self.known.add(op.hlc)
                self.log.append(op)
        device.outbox.clear()
        pulled = self.log[device.cursor :]
        device.cursor = len(self.log)
        device.receive(pulled)


actions = st.lists(
    st.one_of(
        st.tuples(
            st.just("write"),
            st.integers(0, 4),
            st.integers(0, 20),
            st.sampled_from(ENTITY_IDS),
            st.sampled_from(FIELDS),
            st.integers(0, 9),
        ),
        st.tuples(st.just("sync"), st.integers(0, 4), st.booleans()),
        # A direct exchange between two devices, as when one is partitioned from the server.
        st.tuples(st.just("gossip"), st.integers(0, 4), st.integers(0, 4)),
    ),
    max_size=60,
)


@settings(max_examples=300)
@given(
    devices=st.integers(2, 5),
    skews=st.lists(st.integers(-3_600_000, 3_600_000), min_size=5, max_size=5),
    schedule=actions,
    seed=st.integers(0, 2**32),
)
def test_every_device_converges_to_the_reference_model(
    devices: int, skews: list[int], schedule: list[tuple[object, ...]], seed: int
) -> None:
    shuffle = random.Random(seed)
    fleet = [Device(NODES[i], skews[i]) for i in range(devices)]
    server = Server()
    written: list[Op] = []
    now = 1_764_000_000_000
    for action in schedule:
        match action:
            case ("write", who, elapsed, entity_id, field, value):
                now += int(elapsed)  # type: ignore[call-overload]
                written.append(fleet[int(who) % devices].write(now, str(entity_id), str(field), int(value)))  # type: ignore[call-overload]
            case ("sync", who, duplicate):
                server.sync(fleet[int(who) % devices], shuffle, bool(duplicate))  # type: ignore[call-overload]
            case ("gossip", a, b):
                source, target = fleet[int(a) % devices], fleet[int(b) % devices]  # type: ignore[call-overload]
                target.receive(shuffle.sample(list(source.state.values()), k=len(source.state)))
    for _ in range(2):
        for device in fleet:
            server.sync(device, shuffle, duplicate=True)
    expected = reference_state(written)
    assert all(device.state == expected for device in fleet)
    assert merge_ops({}, server.log) == expected
