"""Connections that never finish sending (issue 11): each request has a deadline for its head and
for its body, auth bodies are capped at a few KiB, and past a number of connections new requests
get 503. Raw sockets, because an HTTP client always finishes what it sends.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.server import ServerProcess

# A keep-alive shorter than the head deadline, so that the test of each tells which one closed.
TIMEOUTS = {"HINGE_HEAD_TIMEOUT_S": "2", "HINGE_BODY_TIMEOUT_S": "2", "HINGE_KEEP_ALIVE_S": "1"}


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = ServerProcess(tmp_path_factory.mktemp("guarded"), env=TIMEOUTS).start()
    yield server
    server.stop()


def connect(server: ServerProcess) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    return sock


def closed_within(sock: socket.socket, seconds: float) -> tuple[bool, bytes]:
    """Whether the server closed ``sock`` within ``seconds``, and what it sent before."""
    sock.settimeout(seconds)
    received = b""
    try:
        while chunk := sock.recv(4096):
            received += chunk
    except TimeoutError:
        return False, received
    except ConnectionResetError:
        pass
    return True, received


def test_a_request_line_that_never_ends_is_closed_with_408_after_the_head_deadline(guarded: ServerProcess) -> None:
    with connect(guarded) as sock:
        sock.sendall(b"GET /api/v1/hea")
        started = time.monotonic()
        closed, received = closed_within(sock, 10)
    assert closed
    assert received.startswith(b"HTTP/1.1 408")
    assert 1.5 < time.monotonic() - started < 6


def test_a_connection_left_idle_after_an_answer_is_closed_after_the_keep_alive_timeout(
    guarded: ServerProcess,
) -> None:
    with connect(guarded) as sock:
        sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        started = time.monotonic()
        closed, received = closed_within(sock, 10)
    assert received.startswith(b"HTTP/1.1 200")
    assert closed
    assert 0.5 < time.monotonic() - started < 1.9  # the 1 s keep-alive, not the 2 s head deadline


def test_trickling_header_bytes_does_not_move_the_deadline(guarded: ServerProcess) -> None:
    with connect(guarded) as sock:
        started = time.monotonic()
        sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
        try:
            for _ in range(8):
                time.sleep(0.5)
                sock.sendall(b"X-Slow: 1\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        closed, _ = closed_within(sock, 10)
    assert closed
    assert time.monotonic() - started < 6


def test_a_body_that_stops_coming_is_closed_after_the_body_deadline(guarded: ServerProcess) -> None:
    with connect(guarded) as sock:
        head = b"POST /api/v1/sync HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        sock.sendall(head + b'Authorization: Bearer nope\r\nContent-Length: 1000\r\n\r\n{"since"')
        started = time.monotonic()
        closed, _ = closed_within(sock, 10)
    assert closed
    assert time.monotonic() - started < 6


def test_many_half_sent_requests_are_all_closed_and_the_server_still_answers(guarded: ServerProcess) -> None:
    socks = [connect(guarded) for _ in range(300)]
    try:
        for sock in socks:
            sock.sendall(b"POST /api/v1/accounts HTTP/1.1\r\nHost: x\r\n")
        deadline = time.monotonic() + 15
        closed = 0
        for sock in socks:
            done, _ = closed_within(sock, max(0.1, deadline - time.monotonic()))
            closed += done
    finally:
        for sock in socks:
            sock.close()
    assert closed == 300
    assert httpx.get(f"{guarded.url}/api/v1/health", timeout=10).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/accounts", "/api/v1/devices"])
def test_a_declared_auth_body_over_8_kib_is_refused_413_before_it_is_sent(guarded: ServerProcess, path: str) -> None:
    with connect(guarded) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {4 * 1024 * 1024}\r\n\r\n".encode()
        )
        sock.settimeout(5)
        answer = b""
        while b'"detail"' not in answer and (chunk := sock.recv(4096)):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413"), answer
    assert b'"detail"' in answer


def test_an_auth_body_just_under_the_cap_is_read_and_judged_on_its_fields(guarded: ServerProcess) -> None:
    body = {"username": "x" * 10, "password": "y" * 7000}
    response = httpx.post(f"{guarded.url}/api/v1/accounts", json=body, timeout=10)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("password:")


def test_past_the_connection_limit_a_request_gets_503(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "data", env={**TIMEOUTS, "HINGE_MAX_CONNECTIONS": "5"}).start()
    socks = [connect(server) for _ in range(6)]
    try:
        for sock in socks:
            sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")  # open, head not finished
        time.sleep(0.3)
        with connect(server) as extra:
            extra.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            _, answer = closed_within(extra, 5)
        assert answer.startswith(b"HTTP/1.1 503"), answer
    finally:
        for sock in socks:
            sock.close()
        server.stop()
