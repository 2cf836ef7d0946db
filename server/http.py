"""The HTTP server's own limits: how long a client may take to send a request, and how many at once.

uvicorn closes a connection that sits idle after a response (``timeout_keep_alive``), but not
one that never finishes sending: 300 connections that each sent half a request line held 300
file descriptors for as long as they liked, and 40 that each sent part of a 4 MiB body held
160 MB. ``GuardedHttpToolsProtocol`` gives every request a deadline for its head (request line
and headers) and one for its body, counted from the first byte of each, and closes the
connection when one passes: a slow sender cannot keep resetting it by trickling a byte at a time.

It builds on uvicorn's httptools protocol (llhttp, the parser in C that Node uses) rather than
the pure-Python h11 one: parsing was a tenth of each small sync request's time on the event loop.
"""

from __future__ import annotations

import asyncio
from typing import Literal

import msgspec
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


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

# What the client owes: a request's head, its body, or nothing (between requests, where uvicorn's
# keep-alive timeout applies instead).
Owed = Literal["head", "body", "nothing"]


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a deadline on each request's head and on its body.

    The parser's callbacks mark where a request is: its first byte (``on_message_begin``), the
    end of its headers and the end of its body. A connection owes its first request line from
    the moment it opens.
    """

    limits = ConnectionLimits()  # set by ``protocol_with``

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._deadline: asyncio.TimerHandle | None = None
        self._owed: Owed = "nothing"
        super().connection_made(transport)
        self._expect("head")

    def connection_lost(self, exc: Exception | None) -> None:
        self._expect("nothing")
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._owed != "head":  # a new connection's deadline already runs from its opening
            self._expect("head")

    def on_headers_complete(self) -> None:
        self._expect("body")
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._expect("nothing")
        super().on_message_complete()

    def _expect(self, owed: Owed) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        self._owed = owed
        if owed != "nothing":
            delay = self.limits.head_timeout_s if owed == "head" else self.limits.body_timeout_s
            self._deadline = self.loop.call_later(delay, self._too_slow)

    def _too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        # A late head has had no answer begun; a late body may have (a refusal that did not wait
        # for it), so there the connection just closes.
        if self._owed == "head" and (self.cycle is None or self.cycle.response_complete):
            self.transport.write(_TIMEOUT)
        self.transport.close()


def protocol_with(limits: ConnectionLimits) -> type[GuardedHttpToolsProtocol]:
    """The protocol class with these limits, for ``uvicorn.Config(http=...)``."""
    return type("LimitedHttpToolsProtocol", (GuardedHttpToolsProtocol,), {"limits": limits})
