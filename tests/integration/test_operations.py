"""Operating Hinge: migrate, back up and restore (SQLite's online backup, PostgreSQL's pg_dump), trusted proxies."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest

from sync.merge import merge_ops
from sync.ops import Op
from sync.reduce import reduce_state
from tests.conftest import database_for
from tests.integration.conftest import PASSWORD, new_user
from tests.support.device import Device, new_id
from tests.support.postgres import tool
from tests.support.server import ServerProcess

HINGE = [sys.executable, "-m", "server.cli"]


def hinge(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HINGE, *args], capture_output=True, text=True, timeout=120, check=False)


def reads(server: ServerProcess, device: Device) -> tuple[list[dict[str, Any]], Any]:
    """Everything a fresh device would read: the whole log in order, and the sessions."""
    log: list[dict[str, Any]] = []
    with httpx.Client(base_url=server.url, timeout=30) as client:
        headers = device.headers
        cursor, more = 0, True
        while more:
            page = client.post("/api/v1/sync", json={"since": cursor, "ops": [], "limit": 5000}, headers=headers)
            body = page.json()
            log += body["ops"]
            cursor, more = body["cursor"], body["more"]
        sessions = client.get("/api/v1/sessions", headers=headers).json()
    return log, sessions


def sessions_of(log: list[dict[str, Any]]) -> Any:
    """The sessions the reference reduction makes of a log."""
    state = merge_ops({}, [Op(**op) for op in log])
    rows = [(op.entity, op.entity_id, op.field, op.value) for op in state.values()]
    return {"sessions": msgspec.to_builtins(reduce_state(rows))}


class WriteLoad:
    """A device pushing 41-op batches as fast as the server takes them, in a thread."""

    def __init__(self, server: ServerProcess) -> None:
        self.client = httpx.Client(base_url=server.url, timeout=30)
        self.device = Device.sign_in(self.client, new_user(self.client), PASSWORD, "phone")
        self.acknowledged: list[list[str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._push)

    def _push(self) -> None:
        while not self._stop.is_set():
            session = new_id()
            batch = [self.device.write("session", session, "started_at", "2026-11-24T18:00:00Z")]
            batch += [self.device.write("set", new_id(), "session_id", session) for _ in range(40)]
            response = self.device.post_sync(batch, 0, limit=1)
            assert response.status_code == 200, response.text
            self.device.outbox.clear()
            self.acknowledged.append([op.hlc for op in batch])

    def __enter__(self) -> WriteLoad:
        self._thread.start()
        while len(self.acknowledged) < 5:
            self._stop.wait(0.02)
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=60)
        self.client.close()

    def ends(self, batches: int | None = None) -> set[int]:
        """The log lengths that hold whole batches only (of the first ``batches``)."""
        done = self.acknowledged[:batches]
        return {sum(len(batch) for batch in done[:n]) for n in range(len(done) + 1)}


def assert_a_moment_of_the_log(copy: list[dict[str, Any]], original: list[dict[str, Any]], load: WriteLoad) -> None:
    """The copy is the log at one moment: a prefix of it, of whole batches, at least what came before the copy."""
    assert copy == original[: len(copy)]
    assert len(copy) in load.ends()
    assert len(copy) >= max(load.ends(5))


def test_a_backup_taken_under_write_load_restores_to_the_reads_of_whole_batches(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "data").start()
    copy = tmp_path / "backup.db"
    try:
        with WriteLoad(server) as load:
            made = hinge("backup", str(copy), "--data-dir", str(tmp_path / "data"))
            acknowledged_by_then = len(load.acknowledged)
            threading.Event().wait(0.3)  # more batches after the backup, which it cannot hold
        assert made.returncode == 0, made.stderr
        assert "Backed up" in made.stdout
        original, _ = reads(server, load.device)
    finally:
        server.stop()

    restored_dir = tmp_path / "restored"
    done = hinge("restore", str(copy), "--data-dir", str(restored_dir))
    assert done.returncode == 0, done.stderr
    restored = ServerProcess(restored_dir).start()
    try:
        log, sessions = reads(restored, load.device)
    finally:
        restored.stop()
    assert_a_moment_of_the_log(log, original, load)
    assert len(log) <= max(load.ends(acknowledged_by_then))
    assert sessions == sessions_of(log)


def test_a_restore_is_refused_while_a_server_uses_the_data_dir(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "data").start()
    try:
        assert hinge("backup", str(tmp_path / "b.db"), "--data-dir", str(tmp_path / "data")).returncode == 0
        refused = hinge("restore", str(tmp_path / "b.db"), "--data-dir", str(tmp_path / "data"))
    finally:
        server.stop()
    assert refused.returncode == 1
    assert "another Hinge server" in refused.stderr
    assert "Traceback" not in refused.stderr


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p.write_bytes(b"not a database at all, just text " * 200), "not an SQLite database"),
        (lambda p: None, "there is no backup"),
    ],
)
def test_a_restore_from_something_that_is_no_backup_is_one_clear_line(tmp_path: Path, make: Any, words: str) -> None:
    make(tmp_path / "b.db")
    result = hinge("restore", str(tmp_path / "b.db"), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert words in result.stderr


def test_backup_refuses_to_overwrite_and_points_postgres_users_to_pg_dump(tmp_path: Path) -> None:
    (tmp_path / "taken.db").write_text("x")
    assert hinge("migrate", "--data-dir", str(tmp_path / "data")).returncode == 0
    exists = hinge("backup", str(tmp_path / "taken.db"), "--data-dir", str(tmp_path / "data"))
    assert (exists.returncode, "exists already" in exists.stderr) == (1, True)
    postgres = hinge("backup", str(tmp_path / "x.db"), "--database-url", "postgresql://h@127.0.0.1:1/x")
    assert (postgres.returncode, "pg_dump" in postgres.stderr) == (1, True)


def test_migrate_brings_a_new_database_to_the_latest_schema_on_either_backend(
    tmp_path: Path, database_url: str
) -> None:
    result = hinge("migrate", "--data-dir", str(tmp_path / "data"), "--database-url", database_url)
    assert result.returncode == 0, result.stderr
    assert "The schema is at version" in result.stdout
    again = hinge("migrate", "--data-dir", str(tmp_path / "data"), "--database-url", database_url)
    assert again.stdout == result.stdout


@pytest.mark.skipif(tool("pg_dump") is None, reason="pg_dump is not installed (scripts/test.sh installs it)")
def test_a_pg_dump_taken_under_write_load_restores_with_pg_restore_to_whole_batches(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = database_for(request, "postgresql")
    server = ServerProcess(tmp_path / "data", database_url=url).start()
    dump = tmp_path / "hinge.dump"
    try:
        with WriteLoad(server) as load:
            dumped = run_tool("pg_dump", "--format=custom", f"--file={dump}", url)
        original, _ = reads(server, load.device)
    finally:
        server.stop()

    target = database_for(request, "postgresql")
    run_tool("pg_restore", "--no-owner", f"--dbname={target}", str(dump))
    again = ServerProcess(tmp_path / "again", database_url=target).start()
    try:
        log, sessions = reads(again, load.device)
    finally:
        again.stop()
    assert dumped.returncode == 0
    assert_a_moment_of_the_log(log, original, load)
    assert sessions == sessions_of(log)


def run_tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(tool(name)), *args], capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    return result


@pytest.mark.parametrize("trusted", [True, False])
def test_sign_in_limits_see_the_client_behind_a_trusted_proxy_only(tmp_path: Path, trusted: bool) -> None:
    env = {"HINGE_FORWARDED_ALLOW_IPS": "127.0.0.1"} if trusted else {}
    server = ServerProcess(tmp_path / "data", env=env).start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            users = [new_user(client) for _ in range(6)]
            attacker = {"X-Forwarded-For": "203.0.113.5"}
            for attempt in range(50):
                body = {"username": users[attempt % 5], "password": "wrong-password", "name": "x"}
                assert client.post("/api/v1/devices", json=body, headers=attacker).status_code == 401
            right = {"username": users[5], "password": PASSWORD, "name": "x"}
            lifter = client.post("/api/v1/devices", json=right, headers={"X-Forwarded-For": "198.51.100.7"})
            locked = client.post("/api/v1/devices", json=right, headers=attacker)
    finally:
        server.stop()
    assert locked.status_code == 429
    # Behind a trusted proxy the lifter's own address is not the attacker's; untrusted, every
    # request is the proxy's own address and a forged header changes nothing.
    assert lifter.status_code == (201 if trusted else 429)
