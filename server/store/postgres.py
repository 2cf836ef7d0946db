"""The PostgreSQL store: several stateless API instances on one database.

psycopg 3 with a connection pool; each call runs in a pool thread so the event
loop never blocks. Per-user order across instances comes from the users row:
``start_sync`` takes it with ``UPDATE ... RETURNING``, whose row lock holds
until commit, so a transaction holding seq 7 commits before any other can take
seq 8 for that user, and a device that pulled 8 can never miss 7.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import msgspec
import psycopg
from psycopg import errors
from psycopg_pool import ConnectionPool

from server.auth import new_user_id
from server.store.base import (
    AuthDevice,
    DatabaseUnreachable,
    DeviceRecord,
    FieldRow,
    LedgerTransaction,
    SyncReads,
    UsernameTaken,
    UserRecord,
    describe_url,
)
from server.store.schema import migrations, pending
from sync.ledger import Batch, Content, LogEntry, LogSlice, Usage

T = TypeVar("T")
_decode = msgspec.json.decode
# Any constant works; it names "Hinge applies its migrations" among advisory locks.
_MIGRATION_LOCK = 0x48494E4745


def apply_migrations(conn: psycopg.Connection[Any]) -> None:
    """Apply the missing migrations under an advisory lock, so instances starting at once take turns."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS hinge_migrations"
            " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        applied = {version for (version,) in conn.execute("SELECT version FROM hinge_migrations")}
        for migration in pending(applied, migrations("postgresql")):
            conn.execute(migration.sql.encode())
            record = (migration.version, migration.name)
            conn.execute("INSERT INTO hinge_migrations (version, name) VALUES (%s, %s)", record)


class PostgresTransaction(LedgerTransaction):
    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def start_sync(self, device_id: str, user_key: int, now: str) -> Usage | None:
        # One round trip: the device's row, then its user's, locked in that order as before.
        row = self.conn.execute(
            "WITH touched AS ("
            " UPDATE devices SET last_sync_at = %s WHERE device_id = %s AND uid = %s AND NOT revoked RETURNING uid)"
            " UPDATE users SET last_seq = last_seq FROM touched WHERE users.uid = touched.uid"
            " RETURNING last_seq, stored_bytes",
            (now, device_id, user_key),
        ).fetchone()
        return None if row is None else Usage(int(row[0]), int(row[1]))

    def stored_content(self, user_key: int, hlcs: Sequence[str]) -> dict[str, Content]:
        return stored_content(self.conn, user_key, hlcs)

    # The rows go as one JSON array that PostgreSQL takes apart in C, as the SQLite adapter does
    # with json_each: one parameter, not a value per column per row for psycopg to adapt.
    # The json type keeps an element's text as it was sent, so the log holds each op's JSON as is.

    def append_batch(self, user_key: int, first_seq: int, batch: Batch) -> None:
        self.conn.execute(
            "WITH appended AS ("
            " INSERT INTO ops (uid, seq, op) SELECT %(uid)s, %(first)s + n - 1, r"
            " FROM json_array_elements(%(rows)s::json) WITH ORDINALITY AS t(r, n))"
            " UPDATE users SET last_seq = %(last)s, stored_bytes = stored_bytes + %(bytes)s WHERE uid = %(uid)s",
            {
                "uid": user_key,
                "first": first_seq,
                "rows": batch.ops_json,
                "last": first_seq + len(batch.ops) - 1,
                "bytes": batch.size,
            },
        )
        # One INSERT may not touch a row twice: batch.newest_json names a field once (the port's contract).
        self.conn.execute(
            "INSERT INTO state (uid, hlc, entity, entity_id, field, value)"
            " SELECT %s, r ->> 'hlc', r ->> 'entity', r ->> 'entity_id', r ->> 'field', (r -> 'value')::text"
            " FROM json_array_elements(%s::json) AS r"
            " ON CONFLICT (uid, entity, entity_id, field) DO UPDATE"
            " SET hlc = excluded.hlc, value = excluded.value WHERE excluded.hlc > state.hlc",
            (user_key, batch.newest_json),
        )


def stored_content(conn: psycopg.Connection[Any], user_key: int, hlcs: Sequence[str]) -> dict[str, Content]:
    if not hlcs:
        return {}
    rows = conn.execute(
        "SELECT op ->> 'hlc', op::text FROM ops WHERE uid = %s AND op ->> 'hlc' = ANY(%s)", (user_key, list(hlcs))
    )
    return {hlc: op.encode() for hlc, op in rows}


class PostgresStore:
    def __init__(self, url: str, *, pool_size: int = 10, connect_timeout_s: int = 10) -> None:
        self.url = url
        try:
            # One plain connection first: an unreachable server fails at once and
            # once, rather than through the pool's retries and their log lines.
            with psycopg.connect(url, connect_timeout=connect_timeout_s) as conn:
                apply_migrations(conn)
        except psycopg.OperationalError as error:
            code = "" if error.sqlstate is None else f" (SQLSTATE {error.sqlstate})"
            raise DatabaseUnreachable(
                f"cannot connect to PostgreSQL at {describe_url(url)}{code}: is it up, with that user and database?"
            ) from None
        self._pool = ConnectionPool(url, min_size=1, max_size=pool_size, open=True, name="hinge")
        # Its first connection is made in a background thread; have it before the first request
        # (and before anything that watches the process's random state, as hypothesis does: the
        # pool jitters each connection's lifetime with the global `random`).
        self._pool.wait(timeout=connect_timeout_s)
        # A thread per pooled connection: more would only wait for a connection.
        self._threads = ThreadPoolExecutor(max_workers=pool_size, thread_name_prefix="hinge-postgres")

    def close(self) -> None:
        self._pool.close()
        self._threads.shutdown()

    def ping(self) -> bool:
        try:
            with self._pool.connection(timeout=5) as conn:
                return conn.execute("SELECT 1").fetchone() == (1,)
        except psycopg.Error:
            return False

    def _write(self, work: Callable[[psycopg.Connection[Any]], T]) -> T:
        with self._pool.connection() as conn, conn.transaction():
            return work(conn)

    # The ledger

    async def transact(self, work: Callable[[LedgerTransaction], T], reads: SyncReads | None = None) -> T:
        # Each transaction on its own: its user's row lock is what orders one user's appends.
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, self._write, lambda conn: work(PostgresTransaction(conn)))

    # Reads of committed rows: any connection of the pool, outside the sync's transaction.

    def read_ops(self, user_key: int, after: int, upto: int, limit: int) -> list[LogEntry]:
        with self._pool.connection() as conn:
            rows = conn.execute(
                "SELECT seq, op ->> 'hlc', op::text FROM ops"
                " WHERE uid = %s AND seq > %s AND seq <= %s ORDER BY seq LIMIT %s",
                (user_key, after, upto, limit),
            ).fetchall()
        return [LogEntry(seq, hlc, op.encode()) for seq, hlc, op in rows]

    def read_slice(self, user_key: int, after: int, upto: int, limit: int) -> LogSlice:
        with self._pool.connection() as conn:
            row = conn.execute(
                "SELECT count(*), coalesce(max(seq), 0), coalesce(string_agg(op::text, ',' ORDER BY seq), '')"
                " FROM (SELECT seq, op FROM ops WHERE uid = %s AND seq > %s AND seq <= %s ORDER BY seq LIMIT %s)"
                " AS page",
                (user_key, after, upto, limit),
            ).fetchone()
        assert row is not None  # an aggregate without GROUP BY always answers one row
        count, last_seq, ops = row
        return LogSlice(count, last_seq, ops.encode())

    def stored_content(self, user_key: int, hlcs: Sequence[str]) -> dict[str, Content]:
        with self._pool.connection() as conn:
            return stored_content(conn, user_key, hlcs)

    # Accounts and devices

    def create_user(self, username: str, password_hash: str, now: str) -> str:
        user_id = new_user_id()
        try:
            self._write(
                lambda conn: conn.execute(
                    "INSERT INTO users (user_id, username, password_hash, created_at) VALUES (%s, %s, %s, %s)",
                    (user_id, username, password_hash, now),
                )
            )
        except errors.UniqueViolation as error:
            raise UsernameTaken(username) from error
        return user_id

    def find_user(self, username: str) -> UserRecord | None:
        with self._pool.connection() as conn:
            row = conn.execute("SELECT uid, password_hash FROM users WHERE username = %s", (username,)).fetchone()
        return None if row is None else UserRecord(*row)

    def reserve_login_attempt(
        self, username: str, address: str, at_ms: int, window_start_ms: int, limits: tuple[int, int]
    ) -> int | None:
        def reserve(conn: psycopg.Connection[Any]) -> int | None:
            # Instances count together: the username's and the address's advisory
            # locks (always in that order) make count-then-insert one step.
            conn.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended('hinge-login-user:' || %s, 0)),"
                " pg_advisory_xact_lock(hashtextextended('hinge-login-address:' || %s, 0))",
                (username, address),
            )
            conn.execute("DELETE FROM login_failures WHERE at_ms <= %s", (window_start_ms,))
            counts = conn.execute(
                "SELECT (SELECT count(*) FROM login_failures WHERE username = %s),"
                " (SELECT count(*) FROM login_failures WHERE address = %s)",
                (username, address),
            ).fetchone()
            assert counts is not None
            by_user, by_address = counts
            if (username and by_user >= limits[0]) or by_address >= limits[1]:
                return None
            row = conn.execute(
                "INSERT INTO login_failures (username, address, at_ms) VALUES (%s, %s, %s) RETURNING id",
                (username, address, at_ms),
            ).fetchone()
            assert row is not None
            return int(row[0])

        return self._write(reserve)

    def release_login_attempt(self, attempt: int) -> None:
        self._write(lambda conn: conn.execute("DELETE FROM login_failures WHERE id = %s", (attempt,)))

    def create_device(self, user_key: int, device_id: str, name: str, token_hash: str, now: str) -> None:
        self._write(
            lambda conn: conn.execute(
                "INSERT INTO devices (device_id, uid, name, token_hash, created_at) VALUES (%s, %s, %s, %s, %s)",
                (device_id, user_key, name, token_hash, now),
            )
        )

    def device_for_token(self, token_hash: str) -> AuthDevice | None:
        with self._pool.connection() as conn:
            row = conn.execute(
                "SELECT device_id, uid FROM devices WHERE token_hash = %s AND NOT revoked", (token_hash,)
            ).fetchone()
        return None if row is None else AuthDevice(*row)

    def list_devices(self, user_key: int) -> list[DeviceRecord]:
        with self._pool.connection() as conn:
            rows = conn.execute(
                "SELECT device_id, name, created_at, last_sync_at FROM devices"
                " WHERE uid = %s AND NOT revoked ORDER BY created_at, device_id",
                (user_key,),
            ).fetchall()
        return [DeviceRecord(*row) for row in rows]

    def revoke_device(self, user_key: int, device_id: str) -> bool:
        cursor = self._write(
            lambda conn: conn.execute(
                "UPDATE devices SET revoked = TRUE WHERE uid = %s AND device_id = %s AND NOT revoked",
                (user_key, device_id),
            )
        )
        return cursor.rowcount == 1

    # Reads

    def last_seq(self, user_key: int) -> int:
        with self._pool.connection() as conn:
            row = conn.execute("SELECT last_seq FROM users WHERE uid = %s", (user_key,)).fetchone()
        return int(row[0]) if row else 0

    def live_last_seq(self, device_id: str, user_key: int) -> int | None:
        with self._pool.connection() as conn:
            row = conn.execute(
                "SELECT u.last_seq FROM devices AS d JOIN users AS u ON u.uid = d.uid"
                " WHERE d.device_id = %s AND d.uid = %s AND NOT d.revoked",
                (device_id, user_key),
            ).fetchone()
        return None if row is None else int(row[0])

    def load_fields(self, user_key: int, entity: str | None = None) -> Iterable[FieldRow]:
        query = "SELECT entity, entity_id, field, value FROM state WHERE uid = %s"
        with self._pool.connection() as conn:
            if entity is None:
                rows = conn.execute(query, (user_key,)).fetchall()
            else:
                rows = conn.execute(query + " AND entity = %s", (user_key, entity)).fetchall()
        return [(entity, eid, field, _decode(value)) for entity, eid, field, value in rows]

    def load_sessions_fields(self, user_key: int, session_ids: Sequence[str]) -> Iterable[FieldRow]:
        ids = list(session_ids)
        # A set's session_id is stored as JSON text, so it is matched as the id's JSON.
        as_json = [msgspec.json.encode(session_id).decode() for session_id in ids]
        with self._pool.connection() as conn:
            rows = conn.execute(
                "SELECT entity, entity_id, field, value FROM state"
                " WHERE uid = %s AND entity = 'session' AND entity_id = ANY(%s)"
                " UNION ALL "
                "SELECT entity, entity_id, field, value FROM state WHERE uid = %s AND entity = 'set'"
                " AND entity_id IN (SELECT entity_id FROM state WHERE uid = %s AND field = 'session_id'"
                " AND value = ANY(%s))",
                (user_key, ids, user_key, user_key, as_json),
            ).fetchall()
        return [(entity, eid, field, _decode(value)) for entity, eid, field, value in rows]
