"""Run the real ``hinge serve`` as a subprocess on a free port."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# A cheap argon2id cost for test servers (Django's test settings do the same):
# the tests are about limits and sync; tests/unit/test_auth.py checks the default cost.
CHEAP_PASSWORD_HASHING = {"HINGE_PASSWORD_TIME_COST": "1", "HINGE_PASSWORD_MEMORY_KIB": "1024"}
_SERVING = re.compile(rb"Hinge is serving http://[^:/]+:([0-9]+)/")


class ServerProcess:
    """``hinge serve`` on SQLite in ``data_dir``, or on ``database_url``; ``kill`` and ``start`` to simulate a crash.

    The first start asks for port 0 and reads the port the server bound from its
    "serving" line, so parallel test workers never race for a free port; a
    restart keeps that port, as a real server's clients expect.
    """

    def __init__(
        self,
        data_dir: Path,
        port: int | None = None,
        env: dict[str, str] | None = None,
        database_url: str = "",
        args: tuple[str, ...] = (),
    ) -> None:
        self.data_dir = data_dir
        self.args = args
        self.database_url = database_url
        self.port = port or 0
        self.env = {**os.environ, **CHEAP_PASSWORD_HASHING, **(env or {})}
        self.process: subprocess.Popen[bytes] | None = None
        self.log = data_dir / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServerProcess:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "server.cli", "serve", "--port", str(self.port)]
        command += ["--data-dir", str(self.data_dir), "--database-url", self.database_url, *self.args]
        with self.log.open("ab") as log:
            logged_before = log.tell()
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=self.env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log.read_text()}")
            if not self.port:
                serving = _SERVING.search(self.log.read_bytes()[logged_before:])
                if serving is None:
                    time.sleep(0.02)
                    continue
                self.port = int(serving.group(1))
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"server did not answer in 30 s:\n{self.log.read_text()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no flushing; what was acknowledged must survive."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def instances(root: Path, count: int = 1, database_url: str = "") -> Iterator[list[ServerProcess]]:
    """``count`` servers on one database, each with a directory under ``root``; all stopped on leaving.

    Without ``database_url`` that database is SQLite in ``root/instance-0``, which takes one server.
    """
    servers: list[ServerProcess] = []
    try:
        for n in range(count):
            servers.append(ServerProcess(root / f"instance-{n}", database_url=database_url).start())
        yield servers
    finally:
        for server in servers:
            server.stop()
