"""The group-commit writer: one failure never takes down another job, nor the writer."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from server.store.writer import GroupCommitWriter


def make_writer(tmp_path: Path) -> GroupCommitWriter:
    path = tmp_path / "w.db"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(path, isolation_level=None, check_same_thread=False)

    connect().execute("CREATE TABLE t (x INTEGER UNIQUE)")
    return GroupCommitWriter(connect)


def rows(writer: GroupCommitWriter) -> list[int]:
    return writer.run(lambda conn: [x for (x,) in conn.execute("SELECT x FROM t ORDER BY x")])


def block_writer(writer: GroupCommitWriter) -> threading.Event:
    """Keep the writer busy until the returned event is set, so the next jobs queue up."""
    release, started = threading.Event(), threading.Event()

    def wait(_: sqlite3.Connection) -> None:
        started.set()
        release.wait(10)

    writer.submit(wait)
    started.wait(10)
    return release


def test_a_failing_job_rolls_back_alone_within_its_group(tmp_path: Path) -> None:
    writer = make_writer(tmp_path)
    release = block_writer(writer)
    first = writer.submit(lambda conn: conn.execute("INSERT INTO t VALUES (1)"))
    clash = writer.submit(
        lambda conn: (conn.execute("INSERT INTO t VALUES (2)"), conn.execute("INSERT INTO t VALUES (1)"))
    )
    third = writer.submit(lambda conn: conn.execute("INSERT INTO t VALUES (3)"))
    release.set()
    first.result(10)
    third.result(10)
    with pytest.raises(sqlite3.IntegrityError):
        clash.result(10)
    assert rows(writer) == [1, 3]


def test_a_cancelled_job_is_skipped_and_the_writer_lives_on(tmp_path: Path) -> None:
    writer = make_writer(tmp_path)
    release = block_writer(writer)
    cancelled = writer.submit(lambda conn: conn.execute("INSERT INTO t VALUES (7)"))
    assert cancelled.cancel()
    release.set()
    assert writer.run(lambda conn: conn.execute("INSERT INTO t VALUES (8)").rowcount) == 1
    assert writer.alive
    assert rows(writer) == [8]


def test_a_base_exception_fails_its_group_and_the_writer_lives_on(tmp_path: Path) -> None:
    writer = make_writer(tmp_path)

    def explode(_: sqlite3.Connection) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        writer.run(explode)
    assert writer.alive
    writer.run(lambda conn: conn.execute("INSERT INTO t VALUES (9)"))
    assert rows(writer) == [9]
