"""Storage: all SQL of the server lives in this package.

``Store`` is what the routes see; ``SqliteStore`` is the embedded default.
"""

from server.store.base import (
    AuthDevice,
    ConflictingOp,
    DeviceRecord,
    DeviceRevoked,
    Store,
    SyncResult,
    UsernameTaken,
    UserRecord,
)
from server.store.sqlite import SqliteStore

__all__ = [
    "AuthDevice",
    "ConflictingOp",
    "DeviceRecord",
    "DeviceRevoked",
    "SqliteStore",
    "Store",
    "SyncResult",
    "UserRecord",
    "UsernameTaken",
]
