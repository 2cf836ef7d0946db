"""The group-commit writer: one failure never takes down another job, nor the writer."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from server.store.writer import GroupCommitWriter, Outcome, RunTogether


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


class Insert:
    """Work that inserts one value: alone, or with its neighbours in one statement."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __call__(self, conn: sqlite3.Connection) -> int:
        conn.execute("INSERT INTO t VALUES (?)", (self.value,))
        return self.value


def insert_together(calls: list[list[int]]) -> RunTogether:
    def together(conn: sqlite3.Connection, works: Sequence[Insert]) -> list[Outcome]:
        values = [work.value for work in works]
        calls.append(values)
        conn.executemany("INSERT INTO t VALUES (?)", [(value,) for value in values])
        return [(value, None) for value in values]

    return together  # type: ignore[return-value]


def test_work_queued_side_by_side_with_one_together_runs_in_one_call(tmp_path: Path) -> None:
    writer = make_writer(tmp_path)
    calls: list[list[int]] = []
    together = insert_together(calls)
    release = block_writer(writer)
    futures = [writer.submit(Insert(n), together=together) for n in (1, 2)]
    futures.append(writer.submit(Insert(3)))  # without a together
    futures += [writer.submit(Insert(n), together=together) for n in (4, 5, 6)]
    futures.append(writer.submit(Insert(7), together=together))
    release.set()
    assert [future.result(10) for future in futures] == [1, 2, 3, 4, 5, 6, 7]
    # The plain job in the middle splits the runs; each run is one call.
    assert calls == [[1, 2], [4, 5, 6, 7]]
    assert rows(writer) == [1, 2, 3, 4, 5, 6, 7]


def test_when_running_together_fails_each_job_runs_alone_and_only_its_own_failure_counts(tmp_path: Path) -> None:
    writer = make_writer(tmp_path)
    calls: list[list[int]] = []
    together = insert_together(calls)
    release = block_writer(writer)
    # 2 twice: together, the one statement fails as a whole; alone, only the second 2 does.
    futures = [writer.submit(Insert(n), together=together) for n in (1, 2, 2, 3)]
    release.set()
    assert futures[0].result(10) == 1
    assert futures[1].result(10) == 2
    with pytest.raises(sqlite3.IntegrityError):
        futures[2].result(10)
    assert futures[3].result(10) == 3
    assert calls == [[1, 2, 2, 3]]  # tried once, rolled back, then one by one
    assert rows(writer) == [1, 2, 3]


def test_a_lone_job_with_a_together_runs_alone(tmp_path: Path) -> None:
    writer = make_writer(tmp_path)
    calls: list[list[int]] = []
    assert writer.run(Insert(5)) == 5
    assert writer.submit(Insert(6), together=insert_together(calls)).result(10) == 6
    assert calls == []
    assert rows(writer) == [5, 6]
