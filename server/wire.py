"""Request and response bodies of the API, as msgspec Structs.

Shapes (types, required keys) are checked while decoding (``server.decoding``),
which answers 400; values (lengths, patterns) are checked by the service, which
answers 422, as the protocol asks (docs/sync-protocol.md).
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from server.decoding import BadShape, StrictDecoder
from server.routes.openapi import OPS_JSON
from server.store import DeviceRecord
from sync.ops import Op
from sync.reduce import ExerciseView, SessionView

MAX_SAFE_INTEGER = 2**53


class AccountRequest(msgspec.Struct, frozen=True):
    username: str
    password: str


class AccountCreated(msgspec.Struct, frozen=True):
    user_id: str


class DeviceRequest(msgspec.Struct, frozen=True):
    username: str
    password: str
    name: str


class DeviceCreated(msgspec.Struct, frozen=True):
    token: str
    device_id: str


class DeviceList(msgspec.Struct, frozen=True):
    devices: list[DeviceRecord]


class SyncRequest(msgspec.Struct, frozen=True):
    """A sync body. Each op stays raw JSON here and is decoded on its own, so the
    first bad op in batch order decides the status, whatever is wrong with it."""

    since: Annotated[int, msgspec.Meta(ge=0, le=MAX_SAFE_INTEGER)]
    ops: list[msgspec.Raw]
    limit: Annotated[int, msgspec.Meta(ge=1, le=5000)] = 1000


class SyncBatch(msgspec.Struct, frozen=True):
    """A sync body with its ops decoded in the same pass: what a well-formed body becomes."""

    since: Annotated[int, msgspec.Meta(ge=0, le=MAX_SAFE_INTEGER)]
    ops: list[Op]
    limit: Annotated[int, msgspec.Meta(ge=1, le=5000)] = 1000


_sync_decoder = StrictDecoder(SyncRequest)
_batch_decoder = msgspec.json.Decoder(SyncBatch)
_op_decoder = StrictDecoder(Op)
account_decoder = StrictDecoder(AccountRequest)
device_decoder = StrictDecoder(DeviceRequest)


def decode_sync_request(body: bytes) -> SyncRequest:
    return _sync_decoder.decode(body)


def decode_sync_batch(body: bytes) -> SyncBatch | None:
    """The body decoded whole in one pass, or None if anything in it is amiss: then
    ``decode_sync_request`` and ``decode_op``, op by op, say what and where."""
    try:
        body.decode("utf-8")  # as StrictDecoder checks it, also inside keys msgspec skips
        return _batch_decoder.decode(body)
    except (UnicodeDecodeError, msgspec.DecodeError, RecursionError):
        return None


def decode_op(raw: msgspec.Raw, index: int) -> Op:
    return _op_decoder.decode(bytes(raw), ("ops", index))


class SyncResponse(msgspec.Struct, frozen=True):
    cursor: int
    ops: Annotated[msgspec.Raw, OPS_JSON]  # a JSON array of ops, passed on as the store joined them
    more: bool
    server_time_ms: int


class ExerciseList(msgspec.Struct, frozen=True):
    exercises: list[ExerciseView]


class SessionPage(msgspec.Struct, frozen=True):
    """One page of ``GET /api/v1/sessions?limit=N``; ``next_cursor`` is null on the last."""

    sessions: list[SessionView]
    next_cursor: str | None


MAX_SESSIONS_PAGE = 500


def encode_cursor(key: tuple[int, int, str]) -> str:
    """A page cursor: the last session's place in the reads' order (opaque to clients)."""
    undated, instant, session_id = key
    return f"{undated}.{instant}.{session_id}"


def decode_cursor(cursor: str) -> tuple[int, int, str]:
    parts = cursor.split(".", 2)
    try:
        undated, instant, session_id = int(parts[0]), int(parts[1]), parts[2]
    except (ValueError, IndexError):
        raise BadShape("cursor", "not a cursor this server gave; start without one") from None
    if undated not in (0, 1) or not session_id:
        raise BadShape("cursor", "not a cursor this server gave; start without one")
    return undated, instant, session_id


def page_limit(text: str | None) -> int | None:
    """The ``limit`` query parameter: None when absent, else a whole number from 1 to 500."""
    if text is None:
        return None
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_SESSIONS_PAGE:
        raise BadShape("limit", f"must be a whole number from 1 to {MAX_SESSIONS_PAGE}, got {text[:20]!r}")
    return int(text)


class Health(msgspec.Struct, frozen=True):
    status: str
    database: str


class ErrorBody(msgspec.Struct, frozen=True, omit_defaults=True):
    detail: str
    op_index: int | None = None
    server_time_ms: int | None = None
