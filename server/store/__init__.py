"""Storage: all SQL of the server lives in this package.

``Store`` is the port the service sees; ``SqliteStore`` is the embedded default.
"""

from server.store.base import (
    AuthDevice,
    DeviceRecord,
    DeviceRevoked,
    LedgerTransaction,
    LogReader,
    Store,
    SyncReads,
    UsernameTaken,
    UserRecord,
)
from server.store.sqlite import SqliteStore

__all__ = [
    "AuthDevice",
    "DeviceRecord",
    "DeviceRevoked",
    "LedgerTransaction",
    "LogReader",
    "SqliteStore",
    "Store",
    "SyncReads",
    "UserRecord",
    "UsernameTaken",
]
