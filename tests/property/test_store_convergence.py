"""The real SQLite store merges like the reference model, whatever the batches and their order."""

from __future__ import annotations

import itertools
import random
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from server.store import AuthDevice, SqliteStore
from sync.ops import Op
from tests.property.test_convergence import NODES, reference_state, unique_ops
from tests.support.stores import sync


@settings(max_examples=60, deadline=None)
@given(ops=unique_ops(max_size=40), cuts=st.lists(st.integers(0, 40), max_size=6), seed=st.integers(0, 2**32))
def test_store_state_equals_the_reference_model(ops: list[Op], cuts: list[int], seed: int) -> None:
    shuffle = random.Random(seed)
    with tempfile.TemporaryDirectory() as scratch:
        store = SqliteStore(Path(scratch) / "h.db")
        store.create_user("lifter", "hash", "2026-11-24T00:00:00Z")
        user = store.find_user("lifter")
        assert user is not None
        for n, node in enumerate(NODES):
            store.create_device(user.user_key, node, "device", f"token-{n}", "2026-11-24T00:00:00Z")
        # Each device pushes its own ops, cut into batches, some sent twice, in a shuffled order.
        batches: list[tuple[str, list[Op]]] = []
        for node in NODES:
            own = [op for op in ops if op.hlc.endswith(node)]
            edges = sorted({0, len(own), *(c % (len(own) + 1) for c in cuts)})
            batches += [(node, own[a:b]) for a, b in itertools.pairwise(edges)]
        batches += shuffle.sample(batches, k=len(batches) // 2)
        shuffle.shuffle(batches)
        for node, batch in batches:
            sync(store, AuthDevice(node, user.user_key), batch)

        merged = {(e, i, f): v for e, i, f, v in store.load_fields(user.user_key)}
        expected = {key: op.value for key, op in reference_state(ops).items()}
        assert merged == expected
        pulled = sync(store, AuthDevice(NODES[0], user.user_key), [])
        assert sorted(op.hlc for op in pulled.ops) == sorted(op.hlc for op in ops)
        store.close()
