"""Versioned schema migrations: plain SQL files per backend, applied in order at start.

``migrations/<backend>/NNNN_name.sql`` holds version NNNN. Each adapter keeps
the versions it has applied in a ``hinge_migrations`` table and applies the
missing ones, each in its own transaction, under a lock that makes several
processes starting at once apply each version exactly once.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_FILE = re.compile(r"([0-9]{4})_([a-z0-9_]+)\.sql")


class Migration(NamedTuple):
    version: int
    name: str
    sql: str


def migrations(backend: str) -> list[Migration]:
    """Every migration of ``backend`` ("sqlite" or "postgresql"), in version order."""
    found: list[Migration] = []
    for path in sorted((MIGRATIONS / backend).glob("*.sql")):
        match = _FILE.fullmatch(path.name)
        if match is None:
            raise ValueError(f"{path}: a migration file is named NNNN_name.sql")
        found.append(Migration(int(match.group(1)), match.group(2), path.read_text(encoding="utf-8")))
    versions = [migration.version for migration in found]
    if versions != list(range(1, len(found) + 1)):
        raise ValueError(f"{MIGRATIONS / backend}: versions must run 1, 2, 3 ... without gaps, got {versions}")
    return found


def pending(applied: set[int], available: list[Migration]) -> list[Migration]:
    """The migrations not applied yet, in order."""
    return [migration for migration in available if migration.version not in applied]
