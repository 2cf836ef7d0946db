"""Passwords, device tokens and the login rate limit's arithmetic.

Passwords are hashed with argon2id; a device token is shown once and only its
SHA-256 is stored, so a stolen database holds no usable token.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError


class Passwords:
    """argon2id hashing of passwords, at most one hash per core at a time.

    The default cost is argon2-cffi's recommended one (64 MiB, 3 passes). An
    operator may tune it to the hardware; the test servers lower it, as
    Django's test settings do, because the tests are about limits and
    sync, not about hashing strength (tests/unit/test_auth.py checks the default).
    """

    def __init__(self, *, time_cost: int, memory_kib: int) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, type=Type.ID)
        # Verified against when the username is unknown, so both paths cost the same time.
        self._dummy_hash = self._hasher.hash("not-a-real-password")
        # Each hash takes its memory and a core; more at once than there are cores
        # only queues the same work while memory grows, so callers wait their turn.
        self._hashing = threading.BoundedSemaphore(os.cpu_count() or 1)

    def hash(self, password: str) -> str:
        with self._hashing:
            return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        try:
            with self._hashing:
                return self._hasher.verify(password_hash or self._dummy_hash, password) and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_device_id() -> str:
    return secrets.token_hex(8)


def new_user_id() -> str:
    return secrets.token_hex(16)
