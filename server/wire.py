"""Request and response bodies of the API, as msgspec Structs.

Shapes (types, required keys) are checked by msgspec while decoding, which
answers 400; values (lengths, patterns) are checked by the handlers, which
answer 422, as sync-protocol.md section 1 asks.
"""

from __future__ import annotations

import re
from typing import Annotated, TypeVar

import msgspec

from server.store import DeviceRecord
from server.store.base import StoredOp
from sync.ops import Op
from sync.reduce import SessionView

MAX_SAFE_INTEGER = 2**53
T = TypeVar("T")


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


class BadShape(ValueError):
    """A body or op of the wrong shape (400); ``where`` names the field."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where


_MISSING = re.compile(r"missing required field `([^`]+)`")
_sync_decoder = msgspec.json.Decoder(SyncRequest)
_op_decoder = msgspec.json.Decoder(Op)


def _strict_decode(decoder: msgspec.json.Decoder[T], data: bytes, where: str) -> T:
    """Decode without coercion ("0" is not 0); every failure becomes BadShape naming the field."""
    try:
        return decoder.decode(data)
    except msgspec.ValidationError as error:
        message, _, path = str(error).partition(" - at `$")
        field = path.rstrip("`").lstrip(".")
        missing = _MISSING.search(message)
        if missing:
            field = f"{field}.{missing.group(1)}" if field else missing.group(1)
        named = (field if where == "body" else f"{where}.{field}") if field else where
        raise BadShape(named.replace(".[", "["), message) from None
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError) as error:
        raise BadShape(where, f"not valid JSON ({error})") from None


def decode_sync_request(body: bytes) -> SyncRequest:
    try:
        # msgspec skips unknown keys without looking inside them; JSON is UTF-8 throughout.
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadShape("body", f"not UTF-8 ({error.reason} at byte {error.start})") from None
    return _strict_decode(_sync_decoder, body, "body")


def decode_op(raw: msgspec.Raw, index: int) -> Op:
    return _strict_decode(_op_decoder, bytes(raw), f"ops[{index}]")


class SyncResponse(msgspec.Struct, frozen=True):
    cursor: int
    ops: list[StoredOp]
    more: bool
    server_time_ms: int


class SessionList(msgspec.Struct, frozen=True):
    sessions: list[SessionView]


class Health(msgspec.Struct, frozen=True):
    status: str
    database: str


class ErrorBody(msgspec.Struct, frozen=True, omit_defaults=True):
    detail: str
    op_index: int | None = None
    server_time_ms: int | None = None
