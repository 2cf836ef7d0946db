"""``hinge`` on the command line: a version, helpful help, and one clear line when it cannot start."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.server import ServerProcess, free_port

HINGE = [sys.executable, "-m", "server.cli"]


def hinge(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HINGE, *args], capture_output=True, text=True, timeout=60, check=False)


def assert_refused_in_one_line(result: subprocess.CompletedProcess[str], words: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("hinge: ")
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert "serving" not in result.stdout


def test_version_names_the_installed_release() -> None:
    from importlib import metadata

    result = hinge("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"hinge {metadata.version('hinge')}"


def test_serve_help_describes_every_option_with_its_default() -> None:
    result = hinge("serve", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for option, default in [("--host", "127.0.0.1"), ("--port", "8000"), ("--data-dir", "data")]:
        assert option in text
        assert f"(default: {default})" in text


def test_a_port_already_in_use_is_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = hinge("serve", "--port", str(port), "--data-dir", str(tmp_path / "data"))
    assert_refused_in_one_line(result, f"port {port} on 127.0.0.1 is already in use")


def test_a_data_dir_that_cannot_be_created_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a directory")
    result = hinge("serve", "--port", str(free_port()), "--data-dir", str(tmp_path / "a-file" / "data"))
    assert_refused_in_one_line(result, "cannot create the data directory")


def test_a_data_dir_that_cannot_be_written_is_one_clear_line() -> None:
    # /proc/1 is a directory nobody can write in, root included, so this holds in CI too.
    result = hinge("serve", "--port", str(free_port()), "--data-dir", "/proc/1")
    assert_refused_in_one_line(result, "cannot write to the data directory /proc/1")


def test_a_second_server_on_the_same_data_dir_is_refused(tmp_path: Path) -> None:
    first = ServerProcess(tmp_path / "data").start()
    try:
        result = hinge("serve", "--port", str(free_port()), "--data-dir", str(tmp_path / "data"))
        assert first.process is not None
        assert_refused_in_one_line(result, f"another Hinge server (pid {first.process.pid}) is already using")
    finally:
        first.stop()


def test_the_data_dir_is_free_again_once_a_killed_server_is_gone(tmp_path: Path) -> None:
    first = ServerProcess(tmp_path / "data").start()
    first.kill()
    again = ServerProcess(tmp_path / "data").start()
    again.stop()


@pytest.mark.parametrize("port", ["http", "70000"])
def test_a_port_that_is_no_port_is_a_usage_error(port: str) -> None:
    result = hinge("serve", "--port", port)
    assert result.returncode == 2
    assert "--port" in result.stderr


def test_a_setting_that_cannot_be_used_is_one_clear_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [*HINGE, "serve", "--port", str(free_port()), "--data-dir", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "HINGE_PASSWORD_TIME_COST": "zero"},
    )
    assert_refused_in_one_line(result, "HINGE_PASSWORD_TIME_COST must be a whole number")
    assert not (tmp_path / "data").exists()


def test_the_listening_socket_is_tcp_so_answers_are_not_held_back_by_nagle() -> None:
    # asyncio sets TCP_NODELAY only on connections of a socket whose proto says TCP; a
    # proto-0 socket made every sync answer wait ~40 ms for a delayed ACK.
    from server.cli import bind

    sock = bind("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()
