"""The HTTP server's own limits: how long a client may take to send a request, and how many at once.

uvicorn closes a connection that sits idle after a response (``timeout_keep_alive``), but not
one that never finishes sending: 300 connections that each sent half a request line held 300
file descriptors for as long as they liked, and 40 that each sent part of a 4 MiB body held
160 MB. ``GuardedH11Protocol`` gives every request a deadline for its head (request line and
headers) and one for its body, counted from the first byte of each, and closes the connection
when one passes: a slow sender cannot keep resetting it by trickling a byte at a time.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
import msgspec
from uvicorn.protocols.http.h11_impl import H11Protocol


class ConnectionLimits(msgspec.Struct, frozen=True):
    # From a request's first byte to the end of its headers.
    head_timeout_s: float = 10.0
    # From the end of its headers to the end of its body (5 MiB at 1 Mbit/s takes 42 s).
    body_timeout_s: float = 60.0
    # Idle time allowed between two requests on one connection.
    keep_alive_s: float = 5.0
    # Connections and requests in progress past which new requests get 503.
    max_connections: int = 1000


_TIMEOUT = b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline on each request's head and on its body."""

    limits = ConnectionLimits()  # set by ``protocol_with``

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        self._waiting_for: Any = None  # the h11 state the deadline is for
        self._watch()  # a new connection owes its first request line

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        # Idle now, under uvicorn's keep-alive timeout until the next request's first byte.
        self._disarm()

    def _watch(self) -> None:
        """Arm the deadline of the part of the request the client is sending, once per part."""
        state = self.conn.their_state
        if state is h11.IDLE:
            owed = "head"
        elif state is h11.SEND_BODY:
            owed = "body"
        else:
            self._disarm()  # the request is all here (or the connection is closing)
            return
        if self._waiting_for == owed and self._deadline is not None:
            return
        self._disarm()
        self._waiting_for = owed
        delay = self.limits.head_timeout_s if owed == "head" else self.limits.body_timeout_s
        self._deadline = self.loop.call_later(delay, self._too_slow)

    def _disarm(self) -> None:
        if getattr(self, "_deadline", None) is not None:
            assert self._deadline is not None
            self._deadline.cancel()
        self._deadline = None
        self._waiting_for = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self.conn.their_state is h11.IDLE and self.conn.our_state is h11.IDLE:
            self.transport.write(_TIMEOUT)  # nothing of a response has gone out yet
        self.transport.close()


def protocol_with(limits: ConnectionLimits) -> type[GuardedH11Protocol]:
    """The protocol class with these limits, for ``uvicorn.Config(http=...)``."""
    return type("LimitedH11Protocol", (GuardedH11Protocol,), {"limits": limits})
