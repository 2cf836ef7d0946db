"""The ledger's primitives on the SQLite writer's connection: for one sync, or for many at once.

``SqliteTransaction`` runs one sync's statements as it asks for them: five (its device and
usage, the stored hlcs of its batch, the ops, the user's sequence, the fields' state). Each
statement hands the GIL to the event loop and waits to get it back, so under load the writer
spent more time waiting than working. ``GroupedTransaction`` runs the syncs queued side by side
together: it reads what all of them need in two statements, lets each decide in turn in memory
(by the same rules as alone, ``service.append_batch``), and writes what all of them appended in
four, one per table, which SQLite runs in C with the GIL released.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

import msgspec

from server.store.base import LedgerTransaction, SyncReads
from server.store.writer import Outcome
from sync.ledger import Batch, Content, Usage
from sync.ops import Op

_encode = msgspec.json.Encoder().encode

# [[device_id, uid], ...] -> the live ones, with their user's usage.
_LIVE_DEVICES = (
    "SELECT d.device_id, d.uid, u.last_seq, u.stored_bytes FROM json_each(?) AS j"
    " JOIN devices AS d ON d.device_id = j.value ->> 0 AND d.uid = j.value ->> 1 AND d.revoked = 0"
    " JOIN users AS u ON u.uid = d.uid"
)
# Each array is taken apart once, into a materialized table: an expression on a row of the outer
# array beside its inner array's rows would take the outer one apart again for each of them (and
# keep the planner from using ops_by_hlc on both its columns).
# [[uid, hlc], ...] -> those the log holds, with their ops' JSON.
_STORED = (
    "WITH asked (uid, hlc) AS MATERIALIZED (SELECT value ->> 0, value ->> 1 FROM json_each(?))"
    " SELECT ops.uid, ops.op ->> 'hlc', CAST(ops.op AS BLOB)"
    " FROM asked JOIN ops INDEXED BY ops_by_hlc ON ops.uid = asked.uid AND ops.op ->> 'hlc' = asked.hlc"
)
# [[uid, first_seq, [op, ...]], ...]
_APPEND_OPS = (
    "WITH batch (uid, first_seq, ops) AS MATERIALIZED (SELECT value ->> 0, value ->> 1, value -> 2 FROM json_each(?))"
    " INSERT INTO ops (uid, seq, op) SELECT batch.uid, batch.first_seq + o.key, o.value"
    " FROM batch, json_each(batch.ops) AS o"
)
# [[uid, last_seq, stored_bytes], ...]
_SET_USAGE = (
    "UPDATE users SET last_seq = j.value ->> 1, stored_bytes = j.value ->> 2"
    " FROM json_each(?) AS j WHERE users.uid = j.value ->> 0"
)
# [[uid, [op, ...]], ...]: the newest op of each field, per batch; of two batches, the greater hlc wins.
_KEEP_NEWEST = (
    "WITH batch (uid, ops) AS MATERIALIZED (SELECT value ->> 0, value -> 1 FROM json_each(?))"
    " INSERT INTO state (uid, entity, entity_id, field, hlc, value)"
    " SELECT batch.uid, o.value ->> 'entity', o.value ->> 'entity_id', o.value ->> 'field',"
    " o.value ->> 'hlc', o.value -> 'value' FROM batch, json_each(batch.ops) AS o WHERE true"
    " ON CONFLICT (uid, entity, entity_id, field) DO UPDATE"
    " SET hlc = excluded.hlc, value = excluded.value WHERE excluded.hlc > state.hlc"
)
# [[device_id, now], ...], a device once.
_MARK_SYNCED = "UPDATE devices SET last_sync_at = j.value ->> 1 FROM json_each(?) AS j WHERE device_id = j.value ->> 0"


class SqliteTransaction(LedgerTransaction):
    """The ledger's primitives on the writer's connection, inside its transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def start_sync(self, device_id: str, user_key: int, now: str) -> Usage | None:
        # The writer's BEGIN IMMEDIATE already holds the database's one write lock. One statement,
        # not two: every statement hands the GIL to the event loop and waits to get it back.
        rows = self.conn.execute(
            "UPDATE devices SET last_sync_at = ? WHERE device_id = ? AND uid = ? AND revoked = 0 RETURNING"
            " (SELECT last_seq FROM users WHERE users.uid = devices.uid),"
            " (SELECT stored_bytes FROM users WHERE users.uid = devices.uid)",
            (now, device_id, user_key),
        ).fetchall()
        return Usage(int(rows[0][0]), int(rows[0][1])) if rows else None

    def stored_content(self, user_key: int, hlcs: Sequence[str]) -> dict[str, Content]:
        return stored_content(self.conn, user_key, hlcs)

    def append_batch(self, user_key: int, first_seq: int, batch: Batch) -> None:
        # The statements of a group, with one batch: rows read from a JSON array in C,
        # no per-row round trip through Python (and its GIL).
        self.conn.execute(_APPEND_OPS, (f"[[{user_key},{first_seq},{batch.ops_json}]]",))
        self.conn.execute(
            "UPDATE users SET last_seq = ?, stored_bytes = stored_bytes + ? WHERE uid = ?",
            (first_seq + len(batch.ops) - 1, batch.size, user_key),
        )
        self.conn.execute(_KEEP_NEWEST, (f"[[{user_key},{batch.newest_json}]]",))


def stored_content(conn: sqlite3.Connection, user_key: int, hlcs: Sequence[str]) -> dict[str, Content]:
    if not hlcs:
        return {}
    rows = conn.execute(
        # The same expression as the index's, which SQLite needs to see to use it.
        "SELECT op ->> 'hlc', CAST(op AS BLOB)"
        f" FROM ops INDEXED BY ops_by_hlc WHERE uid = ? AND op ->> 'hlc' IN ({','.join('?' * len(hlcs))})",
        (user_key, *hlcs),
    )
    return dict(rows)


class GroupedTransaction(LedgerTransaction):
    """The ledger's primitives for syncs run one after the other on what was read for all of them.

    A sync sees those before it in the group as if they had committed: its user's usage counts
    their ops, and their hlcs are stored. What a sync that raised wrote is dropped (``drop``),
    as its savepoint would be; ``write`` then stores what the others kept.
    """

    def __init__(self, conn: sqlite3.Connection, reads: Sequence[SyncReads]) -> None:
        self._conn = conn
        self._usage: dict[int, Usage] = {}
        self._live: set[tuple[str, int]] = set()
        for device_id, user_key, last_seq, stored_bytes in conn.execute(
            _LIVE_DEVICES, (_encode([(r.device_id, r.user_key) for r in reads]),)
        ):
            self._live.add((device_id, user_key))
            self._usage[user_key] = Usage(last_seq, stored_bytes)
        self._asked: dict[int, set[str]] = {}
        for r in reads:
            self._asked.setdefault(r.user_key, set()).update(r.hlcs)
        self._stored: dict[int, dict[str, Content]] = {}
        asked = _encode([(r.user_key, hlc) for r in reads for hlc in r.hlcs])
        for user_key, hlc, op in conn.execute(_STORED, (asked,)):
            self._stored.setdefault(user_key, {})[hlc] = op
        self._appended: dict[int, dict[str, Op]] = {}  # by the syncs kept so far
        self._synced: dict[str, str] = {}
        self._appends: list[tuple[int, int, Batch]] = []
        self._this_sync: tuple[str, str] | None = None
        self._this_append: tuple[int, int, Batch] | None = None

    def start_sync(self, device_id: str, user_key: int, now: str) -> Usage | None:
        if (device_id, user_key) not in self._live:
            return None
        self._this_sync = (device_id, now)
        return self._usage[user_key]

    def stored_content(self, user_key: int, hlcs: Sequence[str]) -> dict[str, Content]:
        asked = self._asked.get(user_key, set())
        stored = self._stored.get(user_key, {})
        appended = self._appended.get(user_key, {})
        found: dict[str, Content] = {}
        unread: list[str] = []
        for hlc in hlcs:
            if hlc in appended:
                found[hlc] = _encode(appended[hlc])
            elif hlc in stored:
                found[hlc] = stored[hlc]
            elif hlc not in asked:
                unread.append(hlc)
        if unread:  # not told in advance: read now
            found.update(stored_content(self._conn, user_key, unread))
        return found

    def append_batch(self, user_key: int, first_seq: int, batch: Batch) -> None:
        self._this_append = (user_key, first_seq, batch)

    def keep(self) -> None:
        """The sync just run succeeded: what it wrote counts for those after it, and is written."""
        if self._this_sync is not None:
            device_id, now = self._this_sync
            self._synced[device_id] = now
        if self._this_append is not None:
            user_key, first_seq, batch = self._this_append
            usage = self._usage[user_key]
            self._usage[user_key] = Usage(first_seq + len(batch.ops) - 1, usage.stored_bytes + batch.size)
            self._appended.setdefault(user_key, {}).update((op.hlc, op) for op in batch.ops)
            self._appends.append(self._this_append)
        self.drop()

    def drop(self) -> None:
        """The sync just run raised: nothing of it is written."""
        self._this_sync = None
        self._this_append = None

    def write(self) -> None:
        """Store what every kept sync wrote: one statement per table."""
        conn = self._conn
        if self._appends:
            ops = ",".join(f"[{user_key},{first_seq},{batch.ops_json}]" for user_key, first_seq, batch in self._appends)
            conn.execute(_APPEND_OPS, (f"[{ops}]",))
            newest = ",".join(f"[{user_key},{batch.newest_json}]" for user_key, _, batch in self._appends)
            conn.execute(_KEEP_NEWEST, (f"[{newest}]",))
            touched = {user_key for user_key, _, _ in self._appends}
            conn.execute(_SET_USAGE, (_encode([(key, *self._usage[key]) for key in touched]),))
        if self._synced:
            conn.execute(_MARK_SYNCED, (_encode(list(self._synced.items())),))


class SyncWrite:
    """A sync's work for the writer: alone, on a ``SqliteTransaction``; or with others (``run_together``)."""

    __slots__ = ("reads", "work")

    def __init__(self, reads: SyncReads, work: Callable[[LedgerTransaction], Any]) -> None:
        self.reads = reads
        self.work = work

    def __call__(self, conn: sqlite3.Connection) -> Any:
        return self.work(SqliteTransaction(conn))


def run_together(conn: sqlite3.Connection, writes: Sequence[SyncWrite]) -> list[Outcome]:
    """Each sync's outcome, in order; their reads and writes made for all of them at once."""
    tx = GroupedTransaction(conn, [write.reads for write in writes])
    outcomes: list[Outcome] = []
    for write in writes:
        try:
            outcomes.append((write.work(tx), None))
        except Exception as refusal:
            outcomes.append((None, refusal))
            tx.drop()
        else:
            tx.keep()
    tx.write()
    return outcomes
