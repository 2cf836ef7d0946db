"""The SQLite adapter of the storage port: WAL, one writer thread, an append-only op log per user.

Reads use a connection per thread (sqlite3 connections are bound to their
thread). Every write goes to one writer thread, which commits whatever is
waiting as one group (``writer.py``), so threads of one process never meet
SQLite's sleeping busy handler; ``BEGIN IMMEDIATE`` plus ``busy_timeout``
covers other processes on the same file, and the data directory's lock file
keeps a second server away (``server/cli.py``).
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

import msgspec
import sqlite_utils

from server.auth import new_user_id
from server.store.base import (
    AuthDevice,
    DeviceRecord,
    FieldRow,
    LedgerTransaction,
    SyncReads,
    UsernameTaken,
    UserRecord,
)
from server.store.schema import migrations, pending
from server.store.sqlite_ledger import SqliteTransaction, SyncWrite, run_together, stored_content
from server.store.writer import BackgroundCheckpointer, GroupCommitWriter
from sync.ledger import Content, LogEntry, LogSlice

T = TypeVar("T")
_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.decode
# The version each migration of the sqlite-utils era (before the SQL files) became.
_SQLITE_UTILS_ERA = {"create_accounts": 1, "create_op_log": 2, "index_login_failures_by_time": 3}


def apply_migrations(conn: sqlite3.Connection) -> None:
    """Apply the missing migrations; ``BEGIN IMMEDIATE`` makes concurrent starts take turns."""
    db = sqlite_utils.Database(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS hinge_migrations"
            " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
        )
        applied = {version for (version,) in conn.execute("SELECT version FROM hinge_migrations")}
        if not applied and db["_sqlite_migrations"].exists():
            # A database made before the migrations were SQL files: take over its record.
            names = [row["name"] for row in db["_sqlite_migrations"].rows if row["migration_set"] == "hinge"]
            applied = {_SQLITE_UTILS_ERA[name] for name in names if name in _SQLITE_UTILS_ERA}
            conn.executemany(
                "INSERT INTO hinge_migrations (version, name) VALUES (?, 'adopted')", [(v,) for v in applied]
            )
        for migration in pending(applied, migrations("sqlite")):
            for statement in _statements(migration.sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO hinge_migrations (version, name) VALUES (?, ?)", (migration.version, migration.name)
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _statements(sql: str) -> list[str]:
    """The statements of a migration file (ours hold no semicolon inside a statement).

    executescript() would commit the transaction, so the file runs statement by statement inside it.
    """
    lines = [line for line in sql.splitlines() if not line.lstrip().startswith("--")]
    return [statement for statement in "\n".join(lines).split(";") if statement.strip()]


# The ops of a slice joined in sequence order. SQLite 3.44 and later take the order inside
# the aggregate; before, a subquery with LIMIT is never flattened into the aggregate above
# it, which reads the subquery's rows in the order it gives them.
_JOINED_OPS = (
    "group_concat(op, ',' ORDER BY seq)" if sqlite3.sqlite_version_info >= (3, 44) else "group_concat(op, ',')"
)

_LIVE_LAST_SEQ = (
    "SELECT u.last_seq FROM devices AS d JOIN users AS u ON u.uid = d.uid"
    " WHERE d.device_id = ? AND d.uid = ? AND d.revoked = 0"
)

# Past this the writer empties the WAL after its next commit, so the file stays under this plus
# one group commit (a few MB): well under 64 MB.
WAL_LIMIT_BYTES = 32 * 1024 * 1024
# A WAL the checkpointer copied back that holds this much starts over (writer.py): well before
# the limit, which it then seldom reaches.
WAL_RESTART_PART = 4


class SqliteStore:
    def __init__(self, path: Path, *, synchronous: str = "FULL", wal_limit_bytes: int = WAL_LIMIT_BYTES) -> None:
        self.path = path
        self.synchronous = synchronous
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        conn = self._connect()
        conn.execute("PRAGMA journal_mode=WAL")
        apply_migrations(conn)
        conn.close()
        wal = path.with_name(f"{path.name}-wal")
        self._writer = GroupCommitWriter(self._connect_writer, wal=wal, wal_limit_bytes=wal_limit_bytes)
        self._checkpointer = BackgroundCheckpointer(
            self._connect, full_bytes=wal_limit_bytes // WAL_RESTART_PART, on_full=self._writer.restart_wal
        )

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute(f"PRAGMA synchronous = {self.synchronous}")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _connect_writer(self) -> sqlite3.Connection:
        conn = self._connect()
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("PRAGMA journal_size_limit = 67108864")
        conn.execute("PRAGMA temp_store = MEMORY")  # the tables a grouped write materializes
        return conn

    @property
    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
        return conn

    def close(self) -> None:
        """Stop the writer (after the work already queued) and the checkpointer."""
        self._writer.close()
        self._checkpointer.stop()

    def ping(self) -> bool:
        """True when the database answers and the writer is alive to take writes."""
        row: tuple[int] | None = self._conn.execute("SELECT 1").fetchone()
        return row == (1,) and self._writer.alive

    # Accounts and devices

    def create_user(self, username: str, password_hash: str, now: str) -> str:
        user_id = new_user_id()
        try:
            self._writer.run(
                lambda conn: conn.execute(
                    "INSERT INTO users (user_id, username, password_hash, created_at) VALUES (?, ?, ?, ?)",
                    (user_id, username, password_hash, now),
                )
            )
        except sqlite3.IntegrityError as error:
            raise UsernameTaken(username) from error
        return user_id

    def find_user(self, username: str) -> UserRecord | None:
        row = self._conn.execute("SELECT uid, password_hash FROM users WHERE username = ?", (username,)).fetchone()
        return None if row is None else UserRecord(*row)

    def reserve_login_attempt(
        self, username: str, address: str, at_ms: int, window_start_ms: int, limits: tuple[int, int]
    ) -> int | None:
        def reserve(conn: sqlite3.Connection) -> int | None:
            conn.execute("DELETE FROM login_failures WHERE at_ms <= ?", (window_start_ms,))
            by_user = conn.execute("SELECT count(*) FROM login_failures WHERE username = ?", (username,)).fetchone()[0]
            by_address = conn.execute("SELECT count(*) FROM login_failures WHERE address = ?", (address,)).fetchone()[0]
            if (username and by_user >= limits[0]) or by_address >= limits[1]:
                return None
            cursor = conn.execute(
                "INSERT INTO login_failures (username, address, at_ms) VALUES (?, ?, ?)", (username, address, at_ms)
            )
            return cursor.lastrowid

        return self._writer.run(reserve)

    def release_login_attempt(self, attempt: int) -> None:
        self._writer.run(lambda conn: conn.execute("DELETE FROM login_failures WHERE rowid = ?", (attempt,)))

    def create_device(self, user_key: int, device_id: str, name: str, token_hash: str, now: str) -> None:
        self._writer.run(
            lambda conn: conn.execute(
                "INSERT INTO devices (device_id, uid, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                (device_id, user_key, name, token_hash, now),
            )
        )

    def device_for_token(self, token_hash: str) -> AuthDevice | None:
        row = self._conn.execute(
            "SELECT device_id, uid FROM devices WHERE token_hash = ? AND revoked = 0", (token_hash,)
        ).fetchone()
        return None if row is None else AuthDevice(*row)

    def list_devices(self, user_key: int) -> list[DeviceRecord]:
        rows = self._conn.execute(
            "SELECT device_id, name, created_at, last_sync_at FROM devices"
            " WHERE uid = ? AND revoked = 0 ORDER BY created_at, device_id",
            (user_key,),
        )
        return [DeviceRecord(*row) for row in rows]

    def revoke_device(self, user_key: int, device_id: str) -> bool:
        cursor = self._writer.run(
            lambda conn: conn.execute(
                "UPDATE devices SET revoked = 1 WHERE uid = ? AND device_id = ? AND revoked = 0",
                (user_key, device_id),
            )
        )
        return cursor.rowcount == 1

    # The ledger

    async def transact(self, work: Callable[[LedgerTransaction], T], reads: SyncReads | None = None) -> T:
        # Group commit: the writer thread runs this work with whatever else is waiting, under
        # one disk sync: alone in a savepoint, or (a sync, which says what it reads) with the
        # syncs queued beside it. The request waits for that commit without holding a thread.
        if reads is None:
            future = self._writer.submit(lambda conn: work(SqliteTransaction(conn)))
        else:
            future = self._writer.submit(SyncWrite(reads, work), together=run_together)
        return await asyncio.wrap_future(future)

    # Reads of committed rows, on this thread's connection: never the writer's.

    def read_ops(self, user_key: int, after: int, upto: int, limit: int) -> list[LogEntry]:
        rows = self._conn.execute(
            "SELECT seq, op ->> 'hlc', CAST(op AS BLOB) FROM ops"
            " WHERE uid = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
            (user_key, after, upto, limit),
        )
        return [LogEntry(*row) for row in rows]

    def read_slice(self, user_key: int, after: int, upto: int, limit: int) -> LogSlice:
        row = self._conn.execute(
            f"SELECT count(*), coalesce(max(seq), 0), CAST(coalesce({_JOINED_OPS}, '') AS BLOB)"
            " FROM (SELECT seq, op FROM ops WHERE uid = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?)",
            (user_key, after, upto, limit),
        ).fetchone()
        return LogSlice(*row)

    def stored_content(self, user_key: int, hlcs: Sequence[str]) -> dict[str, Content]:
        return stored_content(self._conn, user_key, hlcs)

    # Reads

    def last_seq(self, user_key: int) -> int:
        row = self._conn.execute("SELECT last_seq FROM users WHERE uid = ?", (user_key,)).fetchone()
        return int(row[0]) if row else 0

    def live_last_seq(self, device_id: str, user_key: int) -> int | None:
        row = self._conn.execute(_LIVE_LAST_SEQ, (device_id, user_key)).fetchone()
        return None if row is None else int(row[0])

    def load_fields(self, user_key: int, entity: str | None = None) -> Iterable[FieldRow]:
        if entity is None:
            rows = self._conn.execute("SELECT entity, entity_id, field, value FROM state WHERE uid = ?", (user_key,))
        else:
            rows = self._conn.execute(
                "SELECT entity, entity_id, field, value FROM state WHERE uid = ? AND entity = ?", (user_key, entity)
            )
        return [(entity, eid, field, _decode(value)) for entity, eid, field, value in rows]

    def load_sessions_fields(self, user_key: int, session_ids: Sequence[str]) -> Iterable[FieldRow]:
        # The ids as a JSON array, read by json_each: one statement for any number of them. A
        # set's session_id is stored as JSON text, so it is matched as the id's JSON.
        ids = _encode(list(session_ids)).decode()
        rows = self._conn.execute(
            "SELECT entity, entity_id, field, value FROM state"
            " WHERE uid = ? AND entity = 'session' AND entity_id IN (SELECT value FROM json_each(?))"
            " UNION ALL "
            "SELECT entity, entity_id, field, value FROM state WHERE uid = ? AND entity = 'set'"
            " AND entity_id IN (SELECT entity_id FROM state WHERE uid = ? AND field = 'session_id'"
            " AND value IN (SELECT json_quote(value) FROM json_each(?)))",
            (user_key, ids, user_key, user_key, ids),
        )
        return [(entity, eid, field, _decode(value)) for entity, eid, field, value in rows]
