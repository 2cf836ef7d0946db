"""Driving a storage adapter directly, as the service does, for the storage contract tests."""

from __future__ import annotations

import asyncio

from server.service import store_and_pull
from server.store import AuthDevice, Store
from sync.ledger import Page
from sync.ops import Op

NOW = "2026-11-24T00:00:01Z"


def sync(store: Store, device: AuthDevice, ops: list[Op], since: int = 0, limit: int = 5000) -> Page:
    """One sync round trip through the store's transaction, outside any server."""
    return asyncio.run(store.transact(lambda tx: store_and_pull(tx, device, ops, since, limit, NOW)))
