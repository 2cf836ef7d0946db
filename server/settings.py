"""Settings come from the environment once, into a frozen struct.

``load_settings`` takes any mapping, so a test passes a plain dict.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import msgspec

from server.http import ConnectionLimits

PWA_DIR = Path(__file__).resolve().parent.parent / "pwa"


class Settings(msgspec.Struct, frozen=True):
    data_dir: Path = Path("data")
    # postgresql://... for PostgreSQL; empty for SQLite in ``data_dir``.
    database_url: str = ""
    database_pool_size: int = 10
    pwa_dir: Path = PWA_DIR
    max_body_bytes: int = 5 * 1024 * 1024
    max_ops_per_batch: int = 5000
    # What one account's log may hold. A lifter logging daily for five years writes about
    # 100,000 ops and 10 MB; these leave ten times that.
    max_ops_per_user: int = 1_000_000
    max_bytes_per_user: int = 128 * 1024 * 1024
    login_window_s: int = 15 * 60
    max_failures_per_username: int = 10
    max_failures_per_address: int = 50
    # argon2id cost: argon2-cffi's recommended 3 passes over 64 MiB.
    password_time_cost: int = 3
    password_memory_kib: int = 64 * 1024
    # Sign-ups from one address per hour, in each instance.
    max_signups_per_address: int = 20
    signup_window_s: int = 60 * 60
    # Password hashes running or waiting, past which a sign-in gets 503 and Retry-After; a sign-up
    # gets it at half as many, so a sign-up flood always leaves room for the lifters signing in.
    max_queued_hashes: int = 32
    connections: ConnectionLimits = msgspec.field(default_factory=ConnectionLimits)

    @property
    def database_path(self) -> Path:
        """The SQLite database (when ``database_url`` is empty)."""
        return self.data_dir / "hinge.db"

    @property
    def uses_postgres(self) -> bool:
        return bool(self.database_url)


def load_settings(environ: Mapping[str, str]) -> Settings:
    """Settings from ``HINGE_*`` variables; anything unset keeps its default."""
    defaults = Settings()
    limits = defaults.connections
    return Settings(
        data_dir=Path(environ.get("HINGE_DATA_DIR", str(defaults.data_dir))),
        database_url=_database_url(environ.get("HINGE_DATABASE_URL", defaults.database_url)),
        database_pool_size=_integer(environ, "HINGE_DATABASE_POOL_SIZE", defaults.database_pool_size, minimum=1),
        pwa_dir=Path(environ.get("HINGE_PWA_DIR", str(defaults.pwa_dir))),
        password_time_cost=_integer(environ, "HINGE_PASSWORD_TIME_COST", defaults.password_time_cost, minimum=1),
        password_memory_kib=_integer(environ, "HINGE_PASSWORD_MEMORY_KIB", defaults.password_memory_kib, minimum=64),
        max_ops_per_user=_integer(environ, "HINGE_MAX_OPS_PER_USER", defaults.max_ops_per_user, minimum=1),
        max_bytes_per_user=_integer(environ, "HINGE_MAX_BYTES_PER_USER", defaults.max_bytes_per_user, minimum=1),
        max_signups_per_address=_integer(
            environ, "HINGE_MAX_SIGNUPS_PER_ADDRESS", defaults.max_signups_per_address, minimum=1
        ),
        max_queued_hashes=_integer(environ, "HINGE_MAX_QUEUED_HASHES", defaults.max_queued_hashes, minimum=2),
        connections=ConnectionLimits(
            head_timeout_s=_integer(environ, "HINGE_HEAD_TIMEOUT_S", int(limits.head_timeout_s), minimum=1),
            body_timeout_s=_integer(environ, "HINGE_BODY_TIMEOUT_S", int(limits.body_timeout_s), minimum=1),
            keep_alive_s=_integer(environ, "HINGE_KEEP_ALIVE_S", int(limits.keep_alive_s), minimum=1),
            max_connections=_integer(environ, "HINGE_MAX_CONNECTIONS", limits.max_connections, minimum=1),
        ),
    )


class SettingsError(ValueError):
    """A ``HINGE_*`` variable that cannot be used; the message names it."""


def _database_url(url: str) -> str:
    if url and not url.startswith(("postgresql://", "postgres://")):
        raise SettingsError(f"HINGE_DATABASE_URL must be a postgresql:// URL (or unset for SQLite), got {url[:40]!r}")
    return url


def _integer(environ: Mapping[str, str], name: str, default: int, *, minimum: int) -> int:
    text = environ.get(name)
    if text is None:
        return default
    if not text.isascii() or not text.isdigit() or int(text) < minimum:
        raise SettingsError(f"{name} must be a whole number of at least {minimum}, got {text!r}")
    return int(text)
