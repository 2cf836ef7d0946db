"""Passwords, device tokens and the login rate limit's arithmetic.

Passwords are hashed with argon2id; a device token is shown once and only its
SHA-256 is stored, so a stolen database holds no usable token.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2id with the library's recommended cost (64 MiB, 3 passes)
# Verified against when the username is unknown, so both paths cost the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")
# Each hash takes 64 MiB and a core; more at once than there are cores only
# queues the same work while memory grows, so callers wait their turn here.
_hashing = threading.BoundedSemaphore(os.cpu_count() or 1)


def hash_password(password: str) -> str:
    with _hashing:
        return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        with _hashing:
            return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
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
