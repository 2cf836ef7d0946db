"""The storage interface and the records it returns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from typing import Any, Protocol

import msgspec

from sync.ops import Op


class UsernameTaken(Exception):
    pass


class DeviceRevoked(Exception):
    """The device was revoked after its token was checked; nothing of its batch is stored."""


class ConflictingOp(Exception):
    """An op reuses a stored hlc with other content; ``index`` is its place in the batch."""

    def __init__(self, index: int, hlc: str) -> None:
        super().__init__(f"hlc {hlc} is already stored with other content")
        self.index = index
        self.hlc = hlc


class UserRecord(msgspec.Struct, frozen=True):
    user_key: int  # the store's own key; the public user_id is only shown at sign-up
    password_hash: str


class AuthDevice(msgspec.Struct, frozen=True):
    device_id: str
    user_key: int


class DeviceRecord(msgspec.Struct, frozen=True):
    device_id: str
    name: str
    created_at: str
    last_sync_at: str | None


class StoredOp(msgspec.Struct, gc=False):
    """An op as the sync response sends it; ``value`` is the stored JSON, passed through."""

    hlc: str
    entity: str
    entity_id: str
    field: str
    value: msgspec.Raw


class SyncResult(msgspec.Struct, frozen=True):
    cursor: int
    ops: list[StoredOp]
    more: bool


FieldRow = tuple[str, str, str, Any]


class Store(Protocol):
    def ping(self) -> bool: ...

    def create_user(self, username: str, password_hash: str, now: str) -> str: ...

    def find_user(self, username: str) -> UserRecord | None: ...

    def reserve_login_attempt(
        self, username: str, address: str, at_ms: int, window_start_ms: int, limits: tuple[int, int]
    ) -> int | None:
        """Count this attempt as a failure before the password is checked, atomically with the
        check of the limits (per username, per address), so concurrent guesses can't slip
        past them. None when a limit is reached; otherwise an id to release on success."""
        ...

    def release_login_attempt(self, attempt: int) -> None: ...

    def create_device(self, user_key: int, device_id: str, name: str, token_hash: str, now: str) -> None: ...

    def device_for_token(self, token_hash: str) -> AuthDevice | None: ...

    def list_devices(self, user_key: int) -> list[DeviceRecord]: ...

    def revoke_device(self, user_key: int, device_id: str) -> bool: ...

    def sync(self, device: AuthDevice, ops: Sequence[Op], since: int, limit: int, now: str) -> Future[SyncResult]:
        """Store the batch, then scan for ops above ``since`` (sync-protocol.md section 4).

        Returns at once; the future resolves when the batch is durable.
        """
        ...

    def find_conflict(self, user_key: int, ops: Sequence[Op]) -> ConflictingOp | None: ...

    def last_seq(self, user_key: int) -> int: ...

    def load_fields(self, user_key: int) -> Iterable[FieldRow]: ...

    def load_session_fields(self, user_key: int, session_id: str) -> Iterable[FieldRow]: ...
