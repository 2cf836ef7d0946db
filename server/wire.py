"""Request and response bodies of the API, as msgspec Structs.

Shapes (types, required keys) are checked by msgspec while decoding, which
answers 400; values (lengths, patterns) are checked by the handlers, which
answer 422, as sync-protocol.md section 1 asks.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from server.store import DeviceRecord
from server.store.base import StoredOp
from sync.ops import Op
from sync.reduce import SessionView

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
    since: Annotated[int, msgspec.Meta(ge=0, le=MAX_SAFE_INTEGER)]
    ops: list[Op]
    limit: Annotated[int, msgspec.Meta(ge=1, le=5000)] = 1000


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
