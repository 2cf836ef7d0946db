"""Each real store (SQLite and PostgreSQL) merges like the reference model, whatever the batches and their order."""

from __future__ import annotations

import itertools
import random
import secrets
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.store import AuthDevice, Store
from sync.ops import Op
from tests.conftest import BACKENDS, database_for
from tests.property.test_convergence import NODES, reference_state, unique_ops
from tests.support.stores import opened, page_ops, sync


@pytest.fixture(scope="module", params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One store per backend for every example: each example is a new user with new devices."""
    with opened(tmp_path_factory.mktemp("store"), database_for(request, request.param)) as adapter:
        yield adapter


@settings(max_examples=60, deadline=None)
@given(ops=unique_ops(max_size=40), cuts=st.lists(st.integers(0, 40), max_size=6), seed=st.integers(0, 2**32))
def test_store_state_equals_the_reference_model(store: Store, ops: list[Op], cuts: list[int], seed: int) -> None:
    shuffle = random.Random(seed)
    username = f"lifter_{secrets.token_hex(6)}"
    store.create_user(username, "hash", "2026-11-24T00:00:00Z")
    user = store.find_user(username)
    assert user is not None
    # The store knows devices by id; the ops' clocks name the test's nodes.
    devices = {node: AuthDevice(secrets.token_hex(8), user.user_key) for node in NODES}
    for device in devices.values():
        store.create_device(user.user_key, device.device_id, "device", f"token-{device.device_id}", "2026-11-24")
    # Each device pushes its own ops, cut into batches, some sent twice, in a shuffled order.
    batches: list[tuple[str, list[Op]]] = []
    for node in NODES:
        own = [op for op in ops if op.hlc.endswith(node)]
        edges = sorted({0, len(own), *(c % (len(own) + 1) for c in cuts)})
        batches += [(node, own[a:b]) for a, b in itertools.pairwise(edges)]
    batches += shuffle.sample(batches, k=len(batches) // 2)
    shuffle.shuffle(batches)
    for node, batch in batches:
        sync(store, devices[node], batch)

    merged = {(e, i, f): v for e, i, f, v in store.load_fields(user.user_key)}
    expected = {key: op.value for key, op in reference_state(ops).items()}
    assert merged == expected
    pulled = sync(store, devices[NODES[0]], [])
    assert {op.hlc: op for op in page_ops(pulled)} == {op.hlc: op for op in ops}
