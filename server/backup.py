"""Backing up and restoring the SQLite database with SQLite's online backup API.

A backup may run while the server writes: the API copies the whole database
in one step inside one read transaction, which in WAL mode sees a consistent
snapshot and never blocks the writer, so the copy holds whole batches only.
No ``sqlite3`` program is needed. PostgreSQL is backed up with its own tools,
``pg_dump`` and ``pg_restore`` (docs/deploy.md).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from server.store.sqlite import apply_migrations


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


def backup(database: Path, target: Path) -> int:
    """Copy ``database`` to ``target`` (made anew) and return the copy's size in bytes."""
    if not database.exists():
        raise BackupError(f"there is no database at {database}")
    if target.exists():
        raise BackupError(f"{target} exists already; back up to a new file")
    try:
        source = sqlite3.connect(database)
    except sqlite3.Error as error:
        raise BackupError(f"cannot open {database}: {error.sqlite_errorname}") from None
    try:
        copy = sqlite3.connect(target)
    except sqlite3.Error as error:
        source.close()
        raise BackupError(f"cannot write {target}: {error.sqlite_errorname}") from None
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        copy.close()
        source.close()
    check(target)
    return target.stat().st_size


def check(path: Path) -> None:
    """Raise BackupError unless ``path`` is a sound Hinge database."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            (verdict,) = conn.execute("PRAGMA integrity_check").fetchone()
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not an SQLite database ({error.sqlite_errorname})") from None
    if verdict != "ok":
        raise BackupError(f"{path} fails SQLite's integrity check: {verdict}")
    if not {"users", "ops", "state"} <= tables:
        raise BackupError(f"{path} is not a Hinge database (it has no users, ops and state tables)")


def restore(source: Path, database: Path) -> None:
    """Replace ``database`` with the backup at ``source``; no server may be using it (the caller holds the lock)."""
    if not source.exists():
        raise BackupError(f"there is no backup at {source}")
    check(source)
    database.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup_conn:
        target = sqlite3.connect(database, isolation_level=None)
        try:
            target.execute("PRAGMA journal_mode=WAL")
            backup_conn.backup(target)
            # A backup of an older release comes up to this release's schema.
            apply_migrations(target)
            target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            target.close()
