"""Driving a storage adapter directly, as the service does, for the storage contract tests."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import msgspec

from server.app import open_store
from server.service import UNLIMITED, SyncMarks, sync_batch
from server.settings import Settings
from server.store import AuthDevice, SqliteStore, Store
from sync.ledger import Page, Quota, encode_batch
from sync.ops import Op

NOW = "2026-11-24T00:00:01Z"


@contextmanager
def opened(data_dir: Path, database_url: str) -> Iterator[Store]:
    """The adapter ``create_app`` would choose for these settings, closed afterwards."""
    store = open_store(Settings(data_dir=data_dir, database_url=database_url))
    try:
        yield store
    finally:
        store.close()


def page_ops(page: Page) -> list[Op]:
    """The ops a page sends, decoded as a device would."""
    return msgspec.json.decode(bytes(page.ops), type=list[Op])


def sync(
    store: Store,
    device: AuthDevice,
    ops: list[Op],
    since: int = 0,
    limit: int = 5000,
    *,
    now: str = NOW,
    marks: SyncMarks | None = None,
) -> Page:
    """One sync round trip, as the service makes it, outside any server.

    It runs on an event loop of its own in a thread of its own: the test's
    thread may already run one (Playwright's sync API does, in the browser tests).
    """

    def round_trip() -> Page:
        return asyncio.run(sync_batch(store, device, encode_batch(ops), since, limit, now, UNLIMITED, marks))

    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(round_trip).result()


def syncs_at_once(
    store: Store, syncs: list[tuple[AuthDevice, list[Op]]], quota: Quota = UNLIMITED
) -> list[Page | BaseException]:
    """Several pushes sent at the same moment, each one's page or what it raised, in order.

    On SQLite they queue behind a held writer, so they reach it side by side, as one group (and
    run together); on PostgreSQL they run concurrently, each in its own transaction.
    """

    async def at_once() -> list[Page | BaseException]:
        release = threading.Event()
        if isinstance(store, SqliteStore):
            held = threading.Event()
            store._writer.submit(lambda _: (held.set(), release.wait(10)))  # the writer, held from outside
            held.wait(10)
        tasks = [
            asyncio.ensure_future(sync_batch(store, device, encode_batch(ops), 0, 5000, NOW, quota))
            for device, ops in syncs
        ]
        await asyncio.sleep(0)  # each task runs up to its wait for the writer: all of them are queued
        release.set()
        return await asyncio.gather(*tasks, return_exceptions=True)

    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, at_once()).result()
