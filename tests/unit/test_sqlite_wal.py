"""SQLite's write-ahead log stays bounded under sustained writes with readers always reading (issue 11).

Passive checkpoints alone never let the WAL start over while reads overlap writes without a
gap, so it grew to 1 GB in a long benchmark. Once copied back it starts over in place, and past its
limit the writer empties it.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
import time
from pathlib import Path

from server.store.sqlite import SqliteStore
from server.store.writer import BackgroundCheckpointer, GroupCommitWriter
from sync.ops import Op
from tests.support.stores import sync
from tests.unit.test_store import signed_in

LIMIT = 1024 * 1024
NOTE = "x" * 2000


def test_the_wal_stays_near_its_limit_under_sustained_writes_and_reads(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "hinge.db", wal_limit_bytes=LIMIT)
    wal = tmp_path / "hinge.db-wal"
    device = signed_in(store)
    stop = threading.Event()

    def read_all_the_time() -> None:
        while not stop.is_set():
            list(store.load_fields(device.user_key))

    readers = [threading.Thread(target=read_all_the_time) for _ in range(2)]
    for reader in readers:
        reader.start()
    largest = 0
    written = 0
    try:
        deadline = time.monotonic() + 120  # only a guard: the loop ends when enough is written
        n = 0
        while written < 6 * LIMIT and time.monotonic() < deadline:
            session = f"0190b2c4-0000-7000-8000-{secrets.token_hex(6)}"
            ops = [
                Op(f"{1764000000000 + n + i:013d}-0000-{device.device_id}", "session", session, "notes", NOTE)
                for i in range(100)
            ]
            n += len(ops)
            sync(store, device, ops)
            written += len(ops) * len(NOTE)
            largest = max(largest, wal.stat().st_size if wal.exists() else 0)
    finally:
        stop.set()
        for reader in readers:
            reader.join()
        store.close()
    # With passive checkpoints alone it grew to 22 MB from about 7 MB of notes written 50 at a time.
    assert written >= 6 * LIMIT, "the test wrote too little to say anything about the bound"
    assert largest <= 4 * LIMIT, f"the WAL reached {largest:,} bytes"


def test_a_wal_the_checkpointer_copied_back_starts_over_in_place_before_any_limit(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    wal = tmp_path / "log.db-wal"

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 10000")
        return conn

    setup = connect()
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, note BLOB NOT NULL)")
    setup.close()
    # No limit to empty the file at: only starting over keeps it small.
    writer = GroupCommitWriter(connect, wal=wal, wal_limit_bytes=2**40)
    checkpointer = BackgroundCheckpointer(connect, every_s=0.01, full_bytes=LIMIT // 4, on_full=writer.restart_wal)
    largest = written = 0
    try:
        while written < 8 * LIMIT:
            rows = [(secrets.token_bytes(2000),) for _ in range(50)]
            writer.run(lambda conn, rows=rows: conn.executemany("INSERT INTO notes (note) VALUES (?)", rows))
            written += 50 * 2000
            largest = max(largest, wal.stat().st_size)
    finally:
        checkpointer.stop()
        writer.close()
    # Appended to without ever starting over, the WAL would hold all 8 MB written.
    assert largest <= 2 * LIMIT, f"the WAL reached {largest:,} bytes"
