"""Passwords, device tokens, and the limit on sign-ups from one address.

Passwords are hashed with argon2id; a device token is shown once and only its
SHA-256 is stored, so a stolen database holds no usable token.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import secrets
import time
import unicodedata
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

T = TypeVar("T")


class PasswordsBusy(Exception):
    """More hashes are already waiting than this kind of request may queue behind."""


class Passwords:
    """argon2id hashing of passwords, on a few threads of its own.

    The default cost is argon2-cffi's recommended one (64 MiB, 3 passes). An
    operator may tune it to the hardware; the test servers lower it, as
    Django's test settings do, because the tests are about limits and
    sync, not about hashing strength (tests/unit/test_auth.py checks the default).

    A password is NFC-normalised first, so the same word typed on two keyboards (one sending "é",
    the other "e" and a combining accent) is one password.

    ``hash`` and ``verify`` run in the caller's thread (tests, tools); the server awaits
    ``hashed`` and ``verified``, which run on the pool: one thread per core, since more hashes
    at once only queue the same work while memory grows. Hashes wait there, never holding a
    request thread, and a caller whose queue is full is refused at once (``PasswordsBusy``).
    """

    def __init__(self, *, time_cost: int, memory_kib: int, workers: int | None = None) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, type=Type.ID)
        # Verified against when the username is unknown, so both paths cost the same time.
        self._dummy_hash = self._hasher.hash("not-a-real-password")
        self.workers = workers or os.cpu_count() or 1
        self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="hinge-argon2")
        self._queued = 0  # hashes running or waiting; touched only on the event loop's thread

    def hash(self, password: str) -> str:
        return self._hasher.hash(normalized(password))

    def verify(self, password_hash: str | None, password: str) -> bool:
        try:
            if self._hasher.verify(password_hash or self._dummy_hash, normalized(password)):
                return password_hash is not None
        except (VerificationError, InvalidHashError):
            pass
        # A hash stored before passwords were normalised was made from the text as typed.
        if password_hash is not None and normalized(password) != password:
            try:
                return self._hasher.verify(password_hash, password)
            except (VerificationError, InvalidHashError):
                return False
        return False

    async def hashed(self, password: str, *, max_queued: int) -> str:
        return await self._run(max_queued, self.hash, password)

    async def verified(self, password_hash: str | None, password: str, *, max_queued: int) -> bool:
        return await self._run(max_queued, self.verify, password_hash, password)

    async def _run(self, max_queued: int, work: Callable[..., T], *args: Any) -> T:
        if self._queued >= max_queued:
            raise PasswordsBusy
        self._queued += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._pool, work, *args)
        finally:
            self._queued -= 1

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def normalized(password: str) -> str:
    return unicodedata.normalize("NFC", password)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_device_id() -> str:
    return secrets.token_hex(8)


def new_user_id() -> str:
    return secrets.token_hex(16)


class SignUpLimit:
    """At most ``limit`` sign-ups from one address in ``window_s`` seconds, counted by this process.

    Each instance counts its own (several instances let through that many times more); the
    point is that one address cannot queue enough argon2 hashes to starve everyone else. Touched
    only on the event loop's thread. The oldest addresses are forgotten beyond ``max_addresses``.
    """

    def __init__(
        self, limit: int, window_s: float, *, max_addresses: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self.max_addresses = max_addresses
        self.clock = clock
        self._recent: dict[str, deque[float]] = {}

    def wait_s(self, address: str) -> float:
        """0 when ``address`` may sign up now (and counts this one), else the seconds until it may."""
        now = self.clock()
        times = self._recent.pop(address, deque())
        while times and times[0] <= now - self.window_s:
            times.popleft()
        self._recent[address] = times  # re-inserted: the dict's order is least recently seen first
        if len(times) >= self.limit:
            return times[0] + self.window_s - now
        times.append(now)
        while len(self._recent) > self.max_addresses:
            del self._recent[next(iter(self._recent))]
        return 0.0
