"""Passwords, device tokens, and the limit on sign-ups from one address.

Passwords are hashed with argon2id; a device token is shown once and only its
SHA-256 is stored, so a stolen database holds no usable token.
"""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import itertools
import os
import queue
import secrets
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

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
    ``hashed`` (sign-ups) and ``verified`` (sign-ins), which run on the pool: one thread per core,
    since more hashes at once only queue the same work while memory grows. Hashes wait there,
    never holding a request thread; a sign-in goes ahead of every waiting sign-up, so a flood of
    sign-ups delays it by at most the hashes already running; and a caller whose queue is full
    is refused at once (``PasswordsBusy``).
    """

    def __init__(self, *, time_cost: int, memory_kib: int, workers: int | None = None) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, type=Type.ID)
        # Verified against when the username is unknown, so both paths cost the same time.
        self._dummy_hash = self._hasher.hash("not-a-real-password")
        self._pool = PriorityPool(workers or os.cpu_count() or 1, "hinge-argon2")

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
        return await self._pool.run(SIGN_UP, max_queued, self.hash, password)

    async def verified(self, password_hash: str | None, password: str, *, max_queued: int) -> bool:
        return await self._pool.run(SIGN_IN, max_queued, self.verify, password_hash, password)

    def close(self) -> None:
        self._pool.close()


# Priorities in the hashing pool: lower goes first.
SIGN_IN, SIGN_UP = 0, 1


class PriorityPool:
    """Worker threads taking the most urgent waiting job first (first come, first served within one priority)."""

    def __init__(self, workers: int, name: str) -> None:
        self.workers = workers
        self._jobs: queue.PriorityQueue[tuple[int, int, _Job | None]] = queue.PriorityQueue()
        self._order = itertools.count()
        self._queued = 0  # jobs running or waiting; touched only on the event loop's thread
        self._threads = [threading.Thread(target=self._loop, name=f"{name}-{n}", daemon=True) for n in range(workers)]
        for thread in self._threads:
            thread.start()

    async def run(self, priority: int, max_queued: int, work: Callable[..., T], *args: Any) -> T:
        """``work(*args)`` on a worker; ``PasswordsBusy`` at once when ``max_queued`` jobs are already in."""
        if self._queued >= max_queued:
            raise PasswordsBusy
        self._queued += 1
        try:
            future: Future[T] = Future()
            self._jobs.put((priority, next(self._order), _Job(future, work, args)))
            return await asyncio.wrap_future(future)
        finally:
            self._queued -= 1

    def _loop(self) -> None:
        while True:
            job = self._jobs.get()[2]
            if job is None:
                return
            if job.future.set_running_or_notify_cancel():
                try:
                    job.future.set_result(job.work(*job.args))
                except BaseException as error:
                    job.future.set_exception(error)

    def close(self) -> None:
        for _ in self._threads:
            self._jobs.put((-1, next(self._order), None))  # ahead of any waiting job


@dataclass
class _Job:
    future: Future[Any]
    work: Callable[..., Any]
    args: tuple[Any, ...]


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


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
        """0 when ``address`` may sign up now (and counts this one), else the seconds until it may.

        Loopback is never limited: it is this host (a tool, a test), or a proxy that does not
        pass on its clients' addresses, where one count would lock every newcomer out at once.
        """
        if is_loopback(address):
            return 0.0
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


class KnownTokens(Generic[T]):
    """Which device a recently used token hash belongs to, for the sync route only.

    A sync checks its device again inside its write transaction (a revoked device is refused
    there, whatever this says) and forgets the device's tokens when it is, so it may skip the token's
    lookup. On PostgreSQL that lookup was a network round trip on the event loop, waiting for
    a pooled connection behind every write in progress. Every other route looks the token up
    each time. Only hashes are kept, never tokens; the least recently used go beyond
    ``max_tokens``. Touched only on the event loop's thread.
    """

    def __init__(self, max_tokens: int = 50_000) -> None:
        self.max_tokens = max_tokens
        self._devices: dict[str, T] = {}

    def get(self, token_hash: str) -> T | None:
        device = self._devices.pop(token_hash, None)
        if device is not None:
            self._devices[token_hash] = device  # re-inserted: most recently used last
        return device

    def remember(self, token_hash: str, device: T) -> None:
        self._devices[token_hash] = device
        while len(self._devices) > self.max_tokens:
            del self._devices[next(iter(self._devices))]

    def forget_device(self, device: T) -> None:
        """Forget every token of ``device`` (revoked: rare, so a scan is fine)."""
        for token_hash in [h for h, known in self._devices.items() if known == device]:
            del self._devices[token_hash]
