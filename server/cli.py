"""The ``hinge`` command: ``serve`` runs the API and the PWA on one port; ``migrate``,
``backup`` and ``restore`` look after the database.

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
from litestar import Litestar
from litestar.concurrency import set_asyncio_executor

from server.app import create_app, open_store
from server.backup import BackupError, backup, restore
from server.http import protocol_with
from server.progression.program import ProgramError
from server.settings import Settings, SettingsError, load_settings
from server.store.base import DatabaseUnreachable, describe_url
from server.store.schema import migrations

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


class _HelpWithDefaults(argparse.ArgumentDefaultsHelpFormatter):
    """Every option's help ends with its default; an empty one reads "none"."""

    def _get_help_string(self, action: argparse.Action) -> str:
        if action.default == "":
            return f"{action.help} (default: none)"
        return super()._get_help_string(action) or ""


def _storage_options(command: argparse.ArgumentParser, environ: Mapping[str, str]) -> None:
    command.add_argument(
        "--data-dir",
        type=Path,
        default=Path(environ.get("HINGE_DATA_DIR", DEFAULT_DATA_DIR)),
        help="directory of the SQLite database hinge.db, made on first start (or set HINGE_DATA_DIR)",
    )
    command.add_argument(
        "--database-url",
        default=environ.get("HINGE_DATABASE_URL", ""),
        metavar="URL",
        help="a postgresql:// URL to keep the data in PostgreSQL instead, where several instances may share it"
        " (or set HINGE_DATABASE_URL; empty means SQLite in --data-dir)",
    )


def build_parser(environ: Mapping[str, str] = os.environ) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hinge", description="Hinge, the offline-first hip-hinge workout logger.")
    parser.add_argument("--version", action="version", version=f"hinge {metadata.version('hinge')}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    defaults = _HelpWithDefaults

    serve = commands.add_parser(
        "serve",
        help="serve the API and the app",
        description="Serve the sync API and the installable app on one port.",
        formatter_class=defaults,
    )
    serve.add_argument("--host", default=DEFAULT_HOST, help="address to listen on (0.0.0.0 for every interface)")
    serve.add_argument("--port", type=_port, default=DEFAULT_PORT, help="TCP port to listen on")
    _storage_options(serve, environ)
    serve.add_argument(
        "--forwarded-allow-ips",
        default=environ.get("HINGE_FORWARDED_ALLOW_IPS", ""),
        metavar="IPS",
        help="comma-separated addresses of trusted reverse proxies (or *): their X-Forwarded-For and"
        " X-Forwarded-Proto name the client, so per-address sign-in limits see the real address;"
        " empty trusts none (or set HINGE_FORWARDED_ALLOW_IPS)",
    )

    migrate = commands.add_parser(
        "migrate",
        help="bring the database's schema up to date and exit",
        description="Apply the schema migrations the database lacks (hinge serve does this at start too).",
        formatter_class=defaults,
    )
    _storage_options(migrate, environ)

    backup = commands.add_parser(
        "backup",
        help="copy the SQLite database to a file, also while the server runs",
        description="Copy the SQLite database to PATH with SQLite's online backup API; safe while serving."
        " For PostgreSQL use pg_dump (docs/deploy.md).",
        formatter_class=defaults,
    )
    backup.add_argument("path", type=Path, metavar="PATH", help="the backup file to make (it must not exist)")
    _storage_options(backup, environ)

    restore = commands.add_parser(
        "restore",
        help="replace the SQLite database with a backup (stop the server first)",
        description="Replace the SQLite database in --data-dir with the backup at PATH. No server may be"
        " using the data directory. For PostgreSQL use pg_restore (docs/deploy.md).",
        formatter_class=defaults,
    )
    restore.add_argument("path", type=Path, metavar="PATH", help="a file made by hinge backup")
    _storage_options(restore, environ)
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
    # IPPROTO_TCP, not 0: asyncio turns Nagle's algorithm off (TCP_NODELAY) only on
    # connections whose socket says it is TCP; with proto 0 every answer of a
    # request sent in two writes waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
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


def _settings(args: argparse.Namespace) -> Settings:
    environ = {**os.environ, "HINGE_DATA_DIR": str(args.data_dir), "HINGE_DATABASE_URL": args.database_url}
    try:
        return load_settings(environ)
    except SettingsError as error:
        raise StartupError(str(error)) from None


def _sqlite_only(settings: Settings, command: str) -> None:
    if settings.uses_postgres:
        tool = "pg_dump" if command == "backup" else "pg_restore"
        raise StartupError(f"hinge {command} is for SQLite; for PostgreSQL use {tool} (docs/deploy.md)")


def serve(args: argparse.Namespace) -> None:
    settings = _settings(args)
    # Several instances may share one PostgreSQL database; an SQLite data dir takes one server.
    data_lock = None if settings.uses_postgres else claim_data_dir(args.data_dir)
    sock = bind(args.host, args.port)
    app = _create_app(settings)
    # Requests wait on the group-commit writer in threads; a deep pool lets
    # many of them share one commit instead of queueing for a thread first.
    # The writer thread gives up the GIL inside every SQLite call and then waits
    # for it; at the default 5 ms switch interval a busy event loop makes each
    # of those waits long (the convoy effect), so hand the GIL over sooner.
    sys.setswitchinterval(0.0002)
    set_asyncio_executor(ThreadPoolExecutor(max_workers=64, thread_name_prefix="hinge-request"))
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    where = describe_url(settings.database_url) if settings.uses_postgres else args.data_dir.resolve()
    print(f"Hinge is serving http://{shown}:{port}/ (data in {where})", flush=True)  # tests read this line
    proxies = args.forwarded_allow_ips
    limits = settings.connections
    config = uvicorn.Config(
        app,
        log_level="warning",
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
        http=protocol_with(limits),
        loop="uvloop",
        timeout_keep_alive=int(limits.keep_alive_s),
        limit_concurrency=limits.max_connections,
    )
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        if data_lock is not None:
            data_lock.close()


def _create_app(settings: Settings) -> Litestar:
    try:
        return create_app(settings)
    except ProgramError as error:
        raise StartupError(f"the program file is not usable: {error}") from None
    except sqlite3.DatabaseError as error:
        raise StartupError(f"cannot open the database in {settings.data_dir}: {error.sqlite_errorname}") from None
    except DatabaseUnreachable as error:
        raise StartupError(str(error)) from None


def migrate(args: argparse.Namespace) -> None:
    settings = _settings(args)
    data_lock = None if settings.uses_postgres else claim_data_dir(args.data_dir)
    try:
        store = open_store(settings)
    except sqlite3.DatabaseError as error:
        raise StartupError(f"cannot open the database in {settings.data_dir}: {error.sqlite_errorname}") from None
    except DatabaseUnreachable as error:
        raise StartupError(str(error)) from None
    store.close()
    if data_lock is not None:
        data_lock.close()
    print(f"The schema is at version {len(migrations('postgresql' if settings.uses_postgres else 'sqlite'))}.")


def back_up(args: argparse.Namespace) -> None:
    settings = _settings(args)
    _sqlite_only(settings, "backup")
    try:
        size = backup(settings.database_path, args.path)
    except BackupError as error:
        raise StartupError(str(error)) from None
    print(f"Backed up {settings.database_path} to {args.path} ({size:,} bytes).")


def restore_from(args: argparse.Namespace) -> None:
    settings = _settings(args)
    _sqlite_only(settings, "restore")
    data_lock = claim_data_dir(args.data_dir)  # no server may be using it
    try:
        restore(args.path, settings.database_path)
    except BackupError as error:
        raise StartupError(str(error)) from None
    finally:
        data_lock.close()
    print(f"Restored {settings.database_path} from {args.path}.")


COMMANDS = {"serve": serve, "migrate": migrate, "backup": back_up, "restore": restore_from}


def fail(message: str) -> NoReturn:
    print(f"hinge: {message}", file=sys.stderr)
    raise SystemExit(1)


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        COMMANDS[args.command](args)
    except StartupError as error:
        fail(str(error))
    except KeyboardInterrupt:
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
