"""The SQLite store: WAL, one writer at a time, an append-only op log per user.

Each thread gets its own connection (sqlite3 connections are bound to a
thread); writes take one process-wide lock, so threads of one process never
meet SQLite's sleeping busy handler, and ``BEGIN IMMEDIATE`` plus
``busy_timeout`` covers other processes on the same file.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from pathlib import Path

import msgspec
import sqlite_utils
from sqlite_utils.migrations import Migrations

from server.auth import new_user_id
from server.store.base import (
    AuthDevice,
    ConflictingOp,
    DeviceRecord,
    DeviceRevoked,
    FieldRow,
    StoredOp,
    SyncResult,
    UsernameTaken,
    UserRecord,
)
from server.store.writer import BackgroundCheckpointer, GroupCommitWriter
from sync.ops import Op

migrations = Migrations("hinge")

OpRow = tuple[str, str, str, str, str]


@migrations()
def create_accounts(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE users (
            uid INTEGER PRIMARY KEY,
            user_id TEXT NOT NULL UNIQUE,
            username TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            last_seq INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE devices (
            device_id TEXT PRIMARY KEY,
            uid INTEGER NOT NULL REFERENCES users(uid),
            name TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            last_sync_at TEXT,
            revoked INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX devices_by_user ON devices(uid);
        CREATE TABLE login_failures (
            username TEXT NOT NULL,
            address TEXT NOT NULL,
            at_ms INTEGER NOT NULL
        );
        CREATE INDEX login_failures_by_username ON login_failures(username, at_ms);
        CREATE INDEX login_failures_by_address ON login_failures(address, at_ms);
        """
    )


@migrations()
def create_op_log(db: sqlite_utils.Database) -> None:
    # ops is the append-only log; state is the merged value of every field,
    # kept in the same transaction so reads never replay the log.
    db.executescript(
        """
        CREATE TABLE ops (
            uid INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            hlc TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            field TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (uid, seq)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX ops_by_hlc ON ops(uid, hlc);
        CREATE TABLE state (
            uid INTEGER NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            field TEXT NOT NULL,
            hlc TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (uid, entity, entity_id, field)
        ) WITHOUT ROWID;
        CREATE INDEX state_sets_by_session ON state(uid, field, value) WHERE field = 'session_id';
        """
    )


@migrations()
def index_login_failures_by_time(db: sqlite_utils.Database) -> None:
    # Expired attempts are deleted on every sign-in; without this, each delete scans the table.
    db.execute("CREATE INDEX login_failures_by_time ON login_failures(at_ms)")


_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.decode


class SqliteStore:
    def __init__(self, path: Path, *, synchronous: str = "FULL") -> None:
        self.path = path
        self.synchronous = synchronous
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        db = sqlite_utils.Database(self._connect())
        db.execute("PRAGMA journal_mode=WAL")
        migrations.apply(db)
        db.conn.close()
        self._writer = GroupCommitWriter(self._connect_writer)
        self._checkpointer = BackgroundCheckpointer(self._connect)

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
        return conn

    @property
    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
        return conn

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

    # Sync

    def sync(self, device: AuthDevice, ops: Sequence[Op], since: int, limit: int, now: str) -> Future[SyncResult]:
        user_key = device.user_key
        batch_hlcs = {op.hlc for op in ops}

        def store_and_scan(conn: sqlite3.Connection) -> SyncResult:
            # The token was checked before the batch was queued; a revocation
            # committed since then must still stop it.
            alive = conn.execute(
                "UPDATE devices SET last_sync_at = ? WHERE device_id = ? AND revoked = 0", (now, device.device_id)
            )
            if alive.rowcount != 1:
                raise DeviceRevoked(device.device_id)
            seq = before = conn.execute("SELECT last_seq FROM users WHERE uid = ?", (user_key,)).fetchone()[0]
            new_rows = self._new_op_rows(conn, user_key, ops)
            if new_rows:
                # One statement per table, reading the rows from a JSON array in C:
                # no per-row round trip through Python (and its GIL).
                rows_json = _encode(new_rows).decode()
                conn.execute(
                    "INSERT INTO ops (uid, seq, hlc, entity, entity_id, field, value)"
                    " SELECT ?, ? + j.key, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4"
                    " FROM json_each(?) AS j",
                    (user_key, seq + 1, rows_json),
                )
                conn.execute(
                    "INSERT INTO state (uid, entity, entity_id, field, hlc, value)"
                    " SELECT ?, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 0, j.value ->> 4"
                    " FROM json_each(?) AS j WHERE true"
                    " ON CONFLICT (uid, entity, entity_id, field) DO UPDATE"
                    " SET hlc = excluded.hlc, value = excluded.value WHERE excluded.hlc > state.hlc",
                    (user_key, rows_json),
                )
                seq += len(new_rows)
                conn.execute("UPDATE users SET last_seq = ? WHERE uid = ?", (seq, user_key))
            return self._scan(conn, user_key, since, limit, batch_hlcs, before, seq)

        return self._writer.submit(store_and_scan)

    def find_conflict(self, user_key: int, ops: Sequence[Op]) -> ConflictingOp | None:
        """The first op reusing an hlc with other content, without storing anything."""
        try:
            self._new_op_rows(self._conn, user_key, ops)
        except ConflictingOp as conflict:
            return conflict
        return None

    @staticmethod
    def _new_op_rows(conn: sqlite3.Connection, user_key: int, ops: Sequence[Op]) -> list[OpRow]:
        """``(hlc, entity, entity_id, field, value JSON)`` of the ops not stored yet, in batch order.

        Raises ConflictingOp for an hlc stored (or sent earlier in the batch)
        with other content; a repeat with the same content is skipped.
        """
        if not ops:
            return []
        hlcs = [op.hlc for op in ops]
        stored: dict[str, str] = dict(
            conn.execute(
                "SELECT hlc, entity || char(0) || entity_id || char(0) || field || char(0) || value"
                f" FROM ops INDEXED BY ops_by_hlc WHERE uid = ? AND hlc IN ({','.join('?' * len(hlcs))})",
                (user_key, *hlcs),
            )
        )
        rows: list[OpRow] = []
        for index, op in enumerate(ops):
            value = _encode(op.value).decode()
            content = f"{op.entity}\0{op.entity_id}\0{op.field}\0{value}"
            known = stored.get(op.hlc)
            if known is None:
                stored[op.hlc] = content
                rows.append((op.hlc, op.entity, op.entity_id, op.field, value))
            elif known != content:
                raise ConflictingOp(index, op.hlc)
        return rows

    @staticmethod
    def _scan(
        conn: sqlite3.Connection, user_key: int, since: int, limit: int, skip: set[str], before: int, last_seq: int
    ) -> SyncResult:
        """Ops above ``since`` in sequence order, without this batch's own, at most ``limit``.

        Rows after ``before`` were stored by this very batch, so the scan stops
        there: an up-to-date device pushing new ops reads nothing back.
        """
        rows = conn.execute(
            "SELECT seq, hlc, entity, entity_id, field, value FROM ops"
            " WHERE uid = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
            # Enough rows to fill ``limit`` even if every op of the batch is
            # skipped (a retry), plus one to learn whether more lie beyond.
            (user_key, since, before, limit + len(skip) + 1),
        )
        found: list[StoredOp] = []
        cursor = since
        for seq, hlc, entity, entity_id, field, value in rows:
            if hlc in skip:
                cursor = seq
                continue
            if len(found) == limit:
                return SyncResult(cursor=cursor, ops=found, more=True)
            found.append(StoredOp(hlc, entity, entity_id, field, msgspec.Raw(value.encode())))
            cursor = seq
        return SyncResult(cursor=last_seq, ops=found, more=False)

    # Reads

    def last_seq(self, user_key: int) -> int:
        row = self._conn.execute("SELECT last_seq FROM users WHERE uid = ?", (user_key,)).fetchone()
        return int(row[0]) if row else 0

    def load_fields(self, user_key: int) -> Iterable[FieldRow]:
        rows = self._conn.execute("SELECT entity, entity_id, field, value FROM state WHERE uid = ?", (user_key,))
        return [(entity, eid, field, _decode(value)) for entity, eid, field, value in rows]

    def load_session_fields(self, user_key: int, session_id: str) -> Iterable[FieldRow]:
        rows = self._conn.execute(
            "SELECT entity, entity_id, field, value FROM state"
            " WHERE uid = ? AND entity = 'session' AND entity_id = ?"
            " UNION ALL "
            "SELECT entity, entity_id, field, value FROM state WHERE uid = ? AND entity = 'set'"
            " AND entity_id IN (SELECT entity_id FROM state WHERE uid = ? AND field = 'session_id'"
            " AND value = ?)",
            (user_key, session_id, user_key, user_key, _encode(session_id).decode()),
        )
        return [(entity, eid, field, _decode(value)) for entity, eid, field, value in rows]
