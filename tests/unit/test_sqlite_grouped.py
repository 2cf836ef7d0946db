"""Syncs that reach SQLite's writer side by side run together: what they store and answer is
what each alone, one after the other, would have stored and answered."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

import server.store.sqlite as sqlite_adapter
from server.service import sync_batch
from server.store import AuthDevice, SqliteStore
from server.store.writer import Outcome
from sync.ledger import Page, Quota, encode_batch
from sync.ops import Op
from tests.support.stores import NOW, syncs_at_once

SESSION = "00000000-0000-4000-8000-000000000001"
AT = "2026-11-24T00:00:00Z"
# Ada's phone and laptop, Bob's phone, and Bob's old tablet, revoked.
DEVICES = {"ada": ["00000000000000a1", "00000000000000a2"], "bob": ["00000000000000b1", "00000000000000b9"]}
REVOKED = "00000000000000b9"
QUOTA = Quota(max_ops=12, max_bytes=10**6)

Push = tuple[AuthDevice, list[Op]]


def lifters(store: SqliteStore) -> dict[str, AuthDevice]:
    devices = {}
    for username, device_ids in DEVICES.items():
        store.create_user(username, "hash", AT)
        user = store.find_user(username)
        assert user is not None
        for device_id in device_ids:
            store.create_device(user.user_key, device_id, "phone", f"token-{device_id}", AT)
            devices[device_id] = AuthDevice(device_id, user.user_key)
    assert store.revoke_device(devices[REVOKED].user_key, REVOKED)
    return devices


def op(device_id: str, n: int, value: object, field: str = "notes") -> Op:
    return Op(f"{1764000000000 + n:013d}-0000-{device_id}", "session", SESSION, field, value)


def one_after_the_other(store: SqliteStore, pushes: Sequence[Push], quota: Quota) -> list[Page | BaseException]:
    async def in_turn() -> list[Page | BaseException]:
        answers: list[Page | BaseException] = []
        for device, ops in pushes:
            try:
                answers.append(await sync_batch(store, device, encode_batch(ops), 0, 5000, NOW, quota))
            except Exception as refusal:
                answers.append(refusal)
        return answers

    # On a loop of its own in a thread of its own: the test's thread may run one (Playwright's).
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, in_turn()).result()


def what_is_stored(store: SqliteStore) -> list[Any]:
    users = sorted({device.user_key for device in lifters_of(store)})
    return [
        (
            store.last_seq(user),
            bytes(store.read_slice(user, 0, 10**9, 10**6).ops),
            sorted(store.load_fields(user), key=repr),
            [(d.device_id, d.last_sync_at) for d in store.list_devices(user)],
        )
        for user in users
    ]


def lifters_of(store: SqliteStore) -> list[AuthDevice]:
    found = [store.device_for_token(f"token-{device_id}") for ids in DEVICES.values() for device_id in ids]
    return [device for device in found if device is not None]


def answer(outcome: Page | BaseException) -> object:
    if isinstance(outcome, BaseException):
        return (type(outcome).__name__, str(outcome))
    return (outcome.cursor, bytes(outcome.ops), outcome.op_count, outcome.more)


def compare(pushes_of: Any, quota: Quota = QUOTA) -> tuple[list[object], list[object]]:
    """Each push's answer, and what is stored, at once (grouped) and one after the other."""
    results = []
    for run in (syncs_at_once, one_after_the_other):
        with tempfile.TemporaryDirectory() as scratch:
            store = SqliteStore(Path(scratch) / "hinge.db")
            try:
                pushes = pushes_of(lifters(store))
                answers = run(store, pushes, quota)
                results.append(([answer(a) for a in answers], what_is_stored(store)))
            finally:
                store.close()
    (at_once, stored_at_once), (alone, stored_alone) = results
    assert stored_at_once == stored_alone
    assert at_once == alone
    return at_once, stored_at_once


@contextmanager
def runs_together() -> Iterator[list[int]]:
    """How many syncs each run that the writer ran together (and that did not fall back) held."""
    runs: list[int] = []
    run_together = sqlite_adapter.run_together

    def counted(conn: Any, writes: Sequence[Any]) -> list[Outcome]:
        outcomes = run_together(conn, writes)
        runs.append(len(writes))
        return outcomes

    with patch.object(sqlite_adapter, "run_together", counted):
        yield runs


def test_syncs_sent_at_once_run_together_and_come_to_what_each_alone_would() -> None:

    def pushes(devices: dict[str, AuthDevice]) -> list[Push]:
        phone, laptop, bobs, tablet = (
            devices[i] for i in ("00000000000000a1", "00000000000000a2", "00000000000000b1", REVOKED)
        )
        first = [op(phone.device_id, 1, "warm-up"), op(phone.device_id, 2, 8, "rpe")]
        return [
            (phone, first),
            (laptop, [op(laptop.device_id, 3, "later"), op(laptop.device_id, 0, "earliest")]),
            (phone, first),  # the phone's retry: stored once
            (tablet, [op(REVOKED, 4, "gone")]),  # revoked: refused
            (bobs, [op(bobs.device_id, 5, 1), op(bobs.device_id, 5, 1)]),  # the same op twice in a batch
            (laptop, [op(phone.device_id, 1, "other")]),  # a stored hlc with other content: refused
            (bobs, [op(bobs.device_id, n, n, f"f{n}") for n in range(6, 18)]),  # past Bob's quota: refused
            (bobs, [op(bobs.device_id, 16, "fits")]),
        ]

    with runs_together() as runs:
        answers, stored = compare(pushes)
    assert runs == [8]  # the writer got them side by side, and ran them in one go
    assert [a[0] for a in answers if isinstance(a[0], str)] == ["DeviceRevoked", "ReusedHlc", "QuotaExceeded"]
    ada, bob = stored
    assert (ada[0], bob[0]) == (4, 2)
    assert ("session", SESSION, "notes", "later") in ada[2]


device_ids = st.sampled_from([*DEVICES["ada"], *DEVICES["bob"]])
some_ops = st.lists(
    st.tuples(device_ids, st.integers(0, 12), st.sampled_from(["a", "b", 1]), st.sampled_from(["notes", "rpe"])),
    max_size=4,
)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(device_ids, some_ops), min_size=2, max_size=8))
def test_any_pushes_sent_at_once_come_to_what_they_would_one_after_the_other(
    plan: list[tuple[str, list[tuple[str, int, object, str]]]],
) -> None:
    # Ops may name another device's clock (refused as foreign by the service, not here: the
    # ledger only sees an hlc), reuse hlcs within and across batches, and pass the quota.
    def pushes(devices: dict[str, AuthDevice]) -> list[Push]:
        return [
            (devices[sender], [op(owner, n, value, field) for owner, n, value, field in ops]) for sender, ops in plan
        ]

    compare(pushes)
