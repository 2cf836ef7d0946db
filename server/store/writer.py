"""One writer thread that owns the write connection and commits in groups.

A commit is the expensive part of a small write (the WAL is synced to disk),
so the writer takes every job waiting in its queue, runs each inside its own
savepoint, and commits them together: one sync for many requests. A job that
fails rolls back to its savepoint alone; a failed commit fails every job of
the group. A caller's ``run`` returns only after the commit, so an answer
sent to a client always means the write is durable.

Work submitted with a ``together`` function may run in one go with the jobs of the same
``together`` queued next to it: it gets all their work at once and returns each one's outcome,
so that it can read and write for all of them in a few statements rather than several for each
(every statement hands the GIL to the event loop and waits to get it back). If it raises, its
savepoint is rolled back and each of those jobs runs alone, as any other.

The writer also keeps the WAL bounded. Passive checkpoints (``BackgroundCheckpointer``) never
block anyone, but under continuous writes the WAL never gets to start over (a checkpoint from
another connection is complete only at a moment with no new frame, which a busy writer never
leaves), so the file only grows (1 GB beside a 158 MB database after a long benchmark). Only the
writer can make it start over, between two groups, and the writes queued meanwhile wait (they do
not fail) and go in the next group. So that the wait is short, the checkpointer copies the WAL
back first and, when it holds more than a few MB, asks the writer to RESTART right after
(``restart_wal``): the writer copies only the frames of the last moment, and its next group writes
the WAL from its start again. Overwriting the file in place costs less than truncating it (5-10 ms
against 40-60 ms a time, measured under the b1 benchmark). If the file passes its limit all the
same (readers kept the WAL from starting over), the writer empties it with a TRUNCATE checkpoint.
Either waits for readers of older snapshots only briefly; the next group tries again.
"""

from __future__ import annotations

import contextlib
import queue
import sqlite3
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from itertools import groupby
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")
MAX_GROUP = 256
# How long the writer's checkpoint waits for readers of older snapshots: every write queued
# meanwhile waits too.
CHECKPOINT_WAIT_MS = 50

# What became of one job's work: its result, or what it raised.
Outcome = tuple[Any, BaseException | None]
# Runs the work of several jobs in one go, in order, inside the group's transaction.
RunTogether = Callable[[sqlite3.Connection, Sequence[Any]], list[Outcome]]


class _Job(Generic[T]):
    def __init__(self, work: Callable[[sqlite3.Connection], T], together: RunTogether | None) -> None:
        self.work = work
        self.together = together
        self.future: Future[T] = Future()


class GroupCommitWriter:
    def __init__(
        self, connect: Callable[[], sqlite3.Connection], *, wal: Path | None = None, wal_limit_bytes: int = 0
    ) -> None:
        self._connect = connect
        self._wal = wal
        self._wal_limit_bytes = wal_limit_bytes
        self._jobs: queue.SimpleQueue[_Job[Any] | None] = queue.SimpleQueue()  # None: close
        self._restart_due = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="hinge-sqlite-writer", daemon=True)
        self._thread.start()

    def submit(self, work: Callable[[sqlite3.Connection], T], *, together: RunTogether | None = None) -> Future[T]:
        """Queue ``work`` for a write transaction; the future resolves once it is committed.

        ``together(conn, works)`` may run it along with the other work of the same ``together``
        that is queued next to it, and must do for each what ``work(conn)`` alone would.
        """
        job: _Job[T] = _Job(work, together)
        self._jobs.put(job)
        return job.future

    def run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` in a write transaction and wait for its commit."""
        return self.submit(work).result()

    def restart_wal(self) -> None:
        """Have the WAL start over after the current group (the checkpointer has just copied it back)."""
        self._restart_due.set()

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def close(self) -> None:
        """Commit what is queued, then stop the thread and close its connection."""
        self._jobs.put(None)
        self._thread.join()

    def _loop(self) -> None:
        conn = self._connect()
        closing = False
        while not closing:
            first = self._jobs.get()
            group = [] if first is None else [first]
            closing = first is None
            while len(group) < MAX_GROUP and not closing:
                try:
                    job = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    closing = True
                else:
                    group.append(job)
            # A caller that gave up (a cancelled request) drops out before any work is done.
            group = [job for job in group if job.future.set_running_or_notify_cancel()]
            if not group:
                continue
            try:
                self._commit_group(conn, group)
                self._bound_wal(conn)
            except BaseException as failure:
                # Whatever broke, no caller is left waiting, and the next group
                # starts on a fresh connection.
                for job in group:
                    if not job.future.done():
                        job.future.set_exception(failure)
                conn.close()
                conn = self._connect()
        conn.close()

    def _bound_wal(self, conn: sqlite3.Connection) -> None:
        if self._wal is None:
            return
        try:
            too_big = self._wal.stat().st_size > self._wal_limit_bytes
        except FileNotFoundError:
            return
        if not (too_big or self._restart_due.is_set()):
            return
        self._restart_due.clear()
        (busy_timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
        conn.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
        try:
            # Readers holding on past the wait make it fail: a later group tries again.
            with contextlib.suppress(sqlite3.OperationalError):
                conn.execute(f"PRAGMA wal_checkpoint({'TRUNCATE' if too_big else 'RESTART'})")
        finally:
            conn.execute(f"PRAGMA busy_timeout = {busy_timeout}")

    @staticmethod
    def _commit_group(conn: sqlite3.Connection, group: list[_Job[Any]]) -> None:
        outcomes: list[Outcome] = []
        try:
            conn.execute("BEGIN IMMEDIATE")
            for together, run in groupby(group, key=lambda job: job.together):
                jobs = list(run)
                if together is not None and len(jobs) > 1:
                    outcomes.extend(_run_together(conn, together, jobs))
                else:
                    outcomes.extend(_run_alone(conn, job) for job in jobs)
            conn.execute("COMMIT")
        except BaseException as failure:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            outcomes = [(None, failure)] * len(group)
        for job, (result, outcome_error) in zip(group, outcomes, strict=True):
            if outcome_error is None:
                job.future.set_result(result)
            else:
                job.future.set_exception(outcome_error)


def _run_alone(conn: sqlite3.Connection, job: _Job[Any]) -> Outcome:
    conn.execute("SAVEPOINT job")
    try:
        outcome: Outcome = (job.work(conn), None)
    except Exception as job_error:
        outcome = (None, job_error)
        conn.execute("ROLLBACK TO job")
    conn.execute("RELEASE job")
    return outcome


def _run_together(conn: sqlite3.Connection, together: RunTogether, jobs: list[_Job[Any]]) -> list[Outcome]:
    conn.execute("SAVEPOINT together")
    try:
        outcomes = together(conn, [job.work for job in jobs])
        if len(outcomes) != len(jobs):
            raise RuntimeError(f"{len(jobs)} jobs ran together, {len(outcomes)} outcomes")
    except Exception:
        # Whatever went wrong, none of it stays, and each job gets a run of its own.
        conn.execute("ROLLBACK TO together")
        conn.execute("RELEASE together")
        return [_run_alone(conn, job) for job in jobs]
    conn.execute("RELEASE together")
    return outcomes


class BackgroundCheckpointer:
    """Copies the WAL back into the database file off the request path.

    The writer's connection has automatic checkpoints turned off, because a
    checkpoint inside a commit makes that request wait for a database-file
    sync. A PASSIVE checkpoint never blocks the writer or readers. When it has
    copied back a WAL of ``full_bytes`` or more, it calls ``on_full`` (the
    writer's ``restart_wal``).
    """

    def __init__(
        self,
        connect: Callable[[], sqlite3.Connection],
        every_s: float = 0.5,
        *,
        full_bytes: int = 0,
        on_full: Callable[[], None] | None = None,
    ) -> None:
        self._connect = connect
        self._every_s = every_s
        self._full_bytes = full_bytes
        self._on_full = on_full
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="hinge-sqlite-checkpoint", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        # Connected at the first turn, not at start: a store closed at once (and its directory
        # removed) never has this thread open a file that is gone.
        conn: sqlite3.Connection | None = None
        page_size = 0
        while not self._stop.wait(self._every_s):
            try:
                if conn is None:
                    conn = self._connect()
                    (page_size,) = conn.execute("PRAGMA page_size").fetchone()
                _, frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                if self._on_full is not None and frames == copied and frames * page_size >= self._full_bytes:
                    self._on_full()
            except sqlite3.Error:
                # Try again next time on a fresh connection; the WAL only grows meanwhile.
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
