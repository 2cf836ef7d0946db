"""Login failures are limited per client address too (sync-protocol.md section 1)."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.integration.conftest import PASSWORD, new_user
from tests.support.server import ServerProcess


def test_fifty_failures_from_one_address_lock_that_address(tmp_path: Path, database_url: str) -> None:
    server = ServerProcess(tmp_path / "data", database_url=database_url).start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            victims = [new_user(client) for _ in range(6)]
            for attempt in range(50):
                # Spread over several usernames so no single username reaches its own limit of 10.
                body = {"username": victims[attempt % 5], "password": "wrong-password", "name": "x"}
                assert client.post("/api/v1/devices", json=body).status_code == 401
            fresh = client.post("/api/v1/devices", json={"username": victims[5], "password": PASSWORD, "name": "x"})
            assert fresh.status_code == 429
            assert "detail" in fresh.json()
    finally:
        server.stop()
