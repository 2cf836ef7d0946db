"""The ``hinge`` command: ``hinge serve`` runs the API and the PWA on one port.

Everything that can go wrong at start (a port in use, a data directory that
cannot be made or written, another server on the same data directory, a bad
program file) is found before anything says "serving", and reported as one
plain line on stderr with exit status 1.
"""

from __future__ import annotations

import argparse
import errno
import fcntl
import os
import socket
import sqlite3
import sys
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import IO, NoReturn

import uvicorn
from litestar.concurrency import set_asyncio_executor

from server.app import create_app
from server.progression.program import ProgramError
from server.settings import SettingsError, load_settings
from server.store.base import DatabaseUnreachable, describe_url

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_DATA_DIR = "data"
LOCK_FILE = "hinge.lock"


class StartupError(Exception):
    """A reason the server cannot start, worded for the person who started it."""


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, got {port}")
    return port


def build_parser(environ: Mapping[str, str] = os.environ) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hinge", description="Hinge, the offline-first hip-hinge workout logger.")
    parser.add_argument("--version", action="version", version=f"hinge {metadata.version('hinge')}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = commands.add_parser(
        "serve",
        help="serve the API and the app",
        description="Serve the sync API and the installable app on one port, with the data on SQLite.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    serve.add_argument("--host", default=DEFAULT_HOST, help="address to listen on (0.0.0.0 for every interface)")
    serve.add_argument("--port", type=_port, default=DEFAULT_PORT, help="TCP port to listen on")
    serve.add_argument(
        "--data-dir",
        type=Path,
        default=Path(environ.get("HINGE_DATA_DIR", DEFAULT_DATA_DIR)),
        help="directory of the SQLite database hinge.db, made on first start (or set HINGE_DATA_DIR)",
    )
    serve.add_argument(
        "--database-url",
        default=environ.get("HINGE_DATABASE_URL", ""),
        metavar="URL",
        help="a postgresql:// URL to keep the data in PostgreSQL instead, where several instances may share it"
        " (or set HINGE_DATABASE_URL; empty means SQLite in --data-dir)",
    )
    return parser


def claim_data_dir(data_dir: Path) -> IO[str]:
    """Make ``data_dir`` if needed and hold its lock for the life of the process.

    The lock (``flock`` on ``hinge.lock``) keeps a second server off the same
    SQLite database; opening the lock file for writing also proves the
    directory is writable. The kernel drops the lock when the process ends,
    however it ends, so a crash leaves nothing to clean up.
    """
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StartupError(f"cannot create the data directory {data_dir}: {error.strerror}") from None
    path = data_dir / LOCK_FILE
    try:
        lock = path.open("a+", encoding="ascii")
    except OSError as error:
        raise StartupError(f"cannot write to the data directory {data_dir}: {error.strerror}") from None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        holder = lock.read().strip() or "unknown"
        lock.close()
        raise StartupError(
            f"another Hinge server (pid {holder}) is already using the data directory {data_dir.resolve()}"
        ) from None
    lock.seek(0)
    lock.truncate()
    lock.write(f"{os.getpid()}\n")
    lock.flush()
    return lock


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so that a busy port is a clear refusal, not a traceback."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise StartupError(f"port {port} on {host} is already in use; pick another with --port") from None
        if error.errno == errno.EADDRNOTAVAIL or isinstance(error, socket.gaierror):
            raise StartupError(f"cannot listen on {host}: no such address on this machine") from None
        raise StartupError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    sock.set_inheritable(True)
    return sock


def serve(args: argparse.Namespace) -> None:
    environ = {**os.environ, "HINGE_DATA_DIR": str(args.data_dir), "HINGE_DATABASE_URL": args.database_url}
    try:
        settings = load_settings(environ)
    except SettingsError as error:
        raise StartupError(str(error)) from None
    # Several instances may share one PostgreSQL database; an SQLite data dir takes one server.
    data_lock = None if settings.uses_postgres else claim_data_dir(args.data_dir)
    sock = bind(args.host, args.port)
    try:
        app = create_app(settings)
    except ProgramError as error:
        raise StartupError(f"the program file is not usable: {error}") from None
    except sqlite3.DatabaseError as error:
        raise StartupError(f"cannot open the database in {args.data_dir}: {error.sqlite_errorname}") from None
    except DatabaseUnreachable as error:
        raise StartupError(str(error)) from None
    # Requests wait on the group-commit writer in threads; a deep pool lets
    # many of them share one commit instead of queueing for a thread first.
    # The writer thread gives up the GIL inside every SQLite call and then waits
    # for it; at the default 5 ms switch interval a busy event loop makes each
    # of those waits long (the convoy effect), so hand the GIL over sooner.
    sys.setswitchinterval(0.0002)
    set_asyncio_executor(ThreadPoolExecutor(max_workers=64, thread_name_prefix="hinge-request"))
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    where = (
        f"PostgreSQL at {describe_url(settings.database_url)}" if settings.uses_postgres else args.data_dir.resolve()
    )
    print(f"Hinge is serving http://{shown}:{port}/ (data in {where})", flush=True)  # tests read this line
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    try:
        server.run(sockets=[sock])
    finally:
        if data_lock is not None:
            data_lock.close()


def fail(message: str) -> NoReturn:
    print(f"hinge: {message}", file=sys.stderr)
    raise SystemExit(1)


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "serve":
            serve(args)
    except StartupError as error:
        fail(str(error))
    except KeyboardInterrupt:
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
