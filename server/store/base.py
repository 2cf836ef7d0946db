"""The storage port: a small transactional interface, and the records it returns.

Adapters (``sqlite.py``, ``postgres.py``) implement it with SQL and nothing
else: what to store and what to answer is decided by ``sync.ledger`` and
``server.service``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple, Protocol, TypeVar
from urllib.parse import urlsplit

import msgspec

from sync.ledger import Batch, Content, LogEntry, LogSlice, Usage

T = TypeVar("T")


class UsernameTaken(Exception):
    pass


class DatabaseUnreachable(Exception):
    """The database server did not answer at start; the message says where, without the password."""


def describe_url(url: str) -> str:
    """``postgresql://host:port/database`` of a database URL: enough to find it, no credentials."""
    parts = urlsplit(url)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname or 'localhost'}{port}{parts.path or '/'}"


class DeviceRevoked(Exception):
    """The device was revoked after its token was checked; nothing of its batch is stored."""


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


FieldRow = tuple[str, str, str, Any]


class SyncReads(NamedTuple):
    """What a sync's transaction will read: its device, and the hlcs of its batch. Told in
    advance, so that an adapter may read them for many transactions in one go."""

    device_id: str
    user_key: int
    hlcs: Sequence[str]


class LedgerTransaction(Protocol):
    """The primitives of one write transaction on the ledger; the rules are in ``sync.ledger``.

    ``Store.transact`` runs a function of these inside one transaction: all of
    it commits, or none of it.
    """

    def start_sync(self, device_id: str, user_key: int, now: str) -> Usage | None:
        """Record that the user's device syncs now, and return the user's last sequence number and
        stored bytes, locked until commit: no other transaction can append for this user
        meanwhile, so one user's sequence numbers commit in order (and a quota holds across
        concurrent batches). None when the device has been revoked (or is not the user's)."""
        ...

    def stored_content(self, user_key: int, hlcs: Sequence[str]) -> dict[str, Content]:
        """What each of ``hlcs`` that the log holds names there."""
        ...

    def append_batch(self, user_key: int, first_seq: int, batch: Batch) -> None:
        """Append ``batch.ops`` to the log at ``first_seq`` onward; move the user's last sequence
        number and add ``batch.size`` to their stored bytes; and keep, for every field of
        ``batch.newest_json`` (which names a field once), whichever value has the greater hlc."""
        ...


class LogReader(Protocol):
    """Reads of a user's log that need no transaction: what they read is committed."""

    def read_ops(self, user_key: int, after: int, upto: int, limit: int) -> list[LogEntry]:
        """Up to ``limit`` log rows with ``after < seq <= upto``, in sequence order."""
        ...

    def read_slice(self, user_key: int, after: int, upto: int, limit: int) -> LogSlice:
        """The rows ``read_ops`` would return, with their ops' JSON joined in sequence order."""
        ...


class Store(LogReader, Protocol):
    """What the service needs of a database. Adapters: ``SqliteStore``, ``PostgresStore``."""

    def ping(self) -> bool: ...

    def close(self) -> None: ...

    async def transact(self, work: Callable[[LedgerTransaction], T], reads: SyncReads | None = None) -> T:
        """Run ``work`` in one write transaction and return its result once it is durable.

        ``reads``, when given, is all that ``work`` reads (a sync's), which an adapter may use
        to run it along with other such work; it must come to what running it alone would.
        """
        ...

    def stored_content(self, user_key: int, hlcs: Sequence[str]) -> dict[str, Content]:
        """``LedgerTransaction.stored_content`` outside a transaction, for checks that store nothing."""
        ...

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

    def last_seq(self, user_key: int) -> int: ...

    def live_last_seq(self, device_id: str, user_key: int) -> int | None:
        """Where the user's log ends, or None when the device is revoked (or not the user's)."""
        ...

    def load_fields(self, user_key: int, entity: str | None = None) -> Iterable[FieldRow]:
        """The winning value of every field of the user's entities (of one kind of entity, if given)."""
        ...

    def load_sessions_fields(self, user_key: int, session_ids: Sequence[str]) -> Iterable[FieldRow]:
        """The fields of these sessions and of every set naming one of them."""
        ...
