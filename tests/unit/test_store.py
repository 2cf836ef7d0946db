"""The SQLite store on a real file, without HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.store import AuthDevice, DeviceRevoked, SqliteStore
from sync.ops import Op
from tests.support.stores import sync

DEVICE = "0123456789abcdef"
SESSION = "00000000-0000-4000-8000-000000000001"


def test_a_device_revoked_after_its_token_was_checked_stores_nothing(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "h.db")
    store.create_user("lifter", "hash", "2026-11-24T00:00:00Z")
    user = store.find_user("lifter")
    assert user is not None
    store.create_device(user.user_key, DEVICE, "phone", "token-hash", "2026-11-24T00:00:00Z")
    device = AuthDevice(DEVICE, user.user_key)  # what the token check returned a moment ago
    assert store.revoke_device(user.user_key, DEVICE)
    op = Op(f"1764000000000-0000-{DEVICE}", "session", SESSION, "notes", "x")
    with pytest.raises(DeviceRevoked):
        sync(store, device, [op])
    assert list(store.load_fields(user.user_key)) == []
