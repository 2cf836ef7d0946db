"""A throw-away PostgreSQL server for the tests: initdb and pg_ctl in a temporary directory.

It listens on a free loopback port and a socket in its own directory, runs as
a non-root user (PostgreSQL refuses to run as root: under root the commands go
through ``runuser``), and trusts local connections: it lives only as long as
the test run. ``./scripts/test.sh`` starts one for the whole run:

    python -m tests.support.postgres start DIR   # prints the server's URL
    python -m tests.support.postgres stop DIR

and a test run without one (``pytest`` alone) starts its own (``tests/conftest.py``).
Each test gets a database of its own from ``fresh_database``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg

from tests.support.server import free_port

USER = "hinge"  # the database superuser's name inside the throw-away cluster


def binaries() -> Path:
    """The directory of initdb and pg_ctl: Debian keeps them per version under /usr/lib/postgresql."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if versions:
        return versions[-1].parent
    found = shutil.which("initdb")
    if found is None:
        raise RuntimeError("PostgreSQL is not installed: scripts/test.sh installs Debian's postgresql")
    return Path(found).resolve().parent


def tool(name: str) -> Path | None:
    """A PostgreSQL program such as pg_dump, if installed."""
    try:
        path = binaries() / name
    except RuntimeError:
        return None
    return path if path.exists() else None


def _os_user() -> str | None:
    """Who runs the server: ourselves, or under root a system user (PostgreSQL will not run as root)."""
    if os.getuid() != 0:
        return None
    for name in ["postgres", "nobody"]:
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise RuntimeError("no user to run PostgreSQL as (neither postgres nor nobody exists)")


class PostgresServer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.port_file = root / "port"

    @property
    def url(self) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port_file.read_text().strip()}/postgres"

    def _run(self, *command: str) -> None:
        user = _os_user()
        prefix = ["runuser", "-u", user, "--"] if user else []
        result = subprocess.run([*prefix, *command], capture_output=True, text=True, check=False, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")

    def start(self) -> PostgresServer:
        self.root.mkdir(parents=True, exist_ok=True)
        user = _os_user()
        if user:
            shutil.chown(self.root, user)
        bindir = binaries()
        self._run(str(bindir / "initdb"), "-D", str(self.data), "-U", USER, "-A", "trust", "-E", "UTF8", "--no-sync")
        for _attempt in range(5):
            port = free_port()
            # fsync off: the tests kill Hinge, never this server, and it is thrown away after.
            options = f"-p {port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300"
            pg_ctl = [str(bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"), "-o", options]
            try:
                self._run(*pg_ctl, "-w", "-t", "60", "start")
            except RuntimeError:
                continue  # most likely another process took the port in between: try another
            self.port_file.write_text(str(port))
            return self
        raise RuntimeError(f"PostgreSQL did not start:\n{(self.root / 'log').read_text(errors='replace')}")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(binaries() / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")


def fresh_database(cluster_url: str) -> str:
    """A new, empty database on the server at ``cluster_url``, and its URL."""
    name = f"hinge_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(cluster_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return cluster_url.rsplit("/", 1)[0] + f"/{name}"


def main(argv: list[str]) -> None:
    command, root = argv
    server = PostgresServer(Path(root))
    if command == "start":
        print(server.start().url)
    elif command == "stop":
        server.stop()
    else:
        raise SystemExit(f"usage: python -m tests.support.postgres start|stop DIR, not {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
