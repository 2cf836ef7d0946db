"""Each user's progression verdict, cached by the log position it was computed at.

A verdict is a pure function of the merged log, and every sync that stores a
new op moves the user's ``last_seq``. So a cached verdict is valid exactly
while ``last_seq`` is unchanged: the first read after a sync that changed the
log recomputes it, and every other read is a lookup. Keying by ``last_seq``
also keeps several API instances correct without telling each other anything.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable


class VerdictCache:
    def __init__(self, max_users: int = 1000) -> None:
        self._max_users = max_users
        self._entries: OrderedDict[int, tuple[int, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, user_key: int, last_seq: int, compute: Callable[[], bytes]) -> bytes:
        with self._lock:
            entry = self._entries.get(user_key)
            if entry is not None and entry[0] == last_seq:
                self._entries.move_to_end(user_key)
                return entry[1]
        verdict = compute()
        with self._lock:
            current = self._entries.get(user_key)
            # Two readers may race; keep whichever saw the later log.
            if current is None or current[0] <= last_seq:
                self._entries[user_key] = (last_seq, verdict)
                self._entries.move_to_end(user_key)
            while len(self._entries) > self._max_users:
                self._entries.popitem(last=False)
        return verdict
