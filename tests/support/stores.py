"""Driving a storage adapter directly, as the service does, for the storage contract tests."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import msgspec

from server.app import open_store
from server.service import sync_batch
from server.settings import Settings
from server.store import AuthDevice, Store
from sync.ledger import Page, encode_batch
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


def sync(store: Store, device: AuthDevice, ops: list[Op], since: int = 0, limit: int = 5000) -> Page:
    """One sync round trip through the store's transaction, outside any server.

    It runs on an event loop of its own in a thread of its own: the test's
    thread may already run one (Playwright's sync API does, in the browser tests).
    """

    def round_trip() -> Page:
        return asyncio.run(sync_batch(store, device, encode_batch(ops), since, limit, NOW))

    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(round_trip).result()
