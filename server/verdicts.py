"""Each user's progression verdict, cached by the log position it was computed at.

A verdict is a pure function of the merged log, and every sync that stores a
new op moves the user's ``last_seq``. So a cached verdict is valid exactly
while ``last_seq`` is unchanged: the first read after a sync that changed the
log recomputes it, and every other read is a lookup. Keying by ``last_seq``
also keeps several API instances correct without telling each other anything.

What a verdict costs grows with the log: seconds for a huge one, and a client
that syncs and reads after every op would have it recomputed each time. So:

- one user's readers share one computation (the others wait for it, then read it);
- a verdict that took at least ``slow_s`` (a five-year log takes 0.1 s) is recomputed
  no sooner than ``spacing`` times its cost after it was made: until then the last
  one is answered, behind the log by the ops of those few seconds (the PWA judges
  its own copy anyway);
- at most ``max_running`` verdicts are computed at once, whoever asks.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import NamedTuple


class _Verdict(NamedTuple):
    last_seq: int
    json: bytes
    made_at: float
    cost_s: float


class VerdictCache:
    def __init__(
        self,
        max_users: int = 1000,
        *,
        slow_s: float = 0.5,
        spacing: float = 10.0,
        max_running: int = 2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._max_users = max_users
        self._slow_s = slow_s
        self._spacing = spacing
        self._clock = clock
        self._entries: OrderedDict[int, _Verdict] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[int, threading.Lock] = {}
        self._running = threading.BoundedSemaphore(max_running)

    def get_or_compute(self, user_key: int, last_seq: int, compute: Callable[[], bytes]) -> bytes:
        found = self._usable(user_key, last_seq)
        if found is not None:
            return found
        with self._lock:
            mine = self._computing.setdefault(user_key, threading.Lock())
        with mine:  # this user's other readers wait here, then find what was made
            found = self._usable(user_key, last_seq)
            if found is not None:
                return found
            with self._running:
                started = self._clock()
                verdict = compute()
                cost_s = self._clock() - started
            self._keep(user_key, _Verdict(last_seq, verdict, self._clock(), cost_s))
        return verdict

    def _usable(self, user_key: int, last_seq: int) -> bytes | None:
        """The cached verdict if it is of this log position, or slow and recent enough to stand."""
        with self._lock:
            entry = self._entries.get(user_key)
            if entry is None:
                return None
            fresh = entry.last_seq == last_seq
            standing = entry.cost_s >= self._slow_s and self._clock() - entry.made_at < self._spacing * entry.cost_s
            if not (fresh or (standing and entry.last_seq < last_seq)):
                return None
            self._entries.move_to_end(user_key)
            return entry.json

    def _keep(self, user_key: int, verdict: _Verdict) -> None:
        with self._lock:
            current = self._entries.get(user_key)
            # Readers on two instances' worth of log may race; keep whichever saw the later log.
            if current is None or current.last_seq <= verdict.last_seq:
                self._entries[user_key] = verdict
                self._entries.move_to_end(user_key)
            while len(self._entries) > self._max_users:
                evicted, _ = self._entries.popitem(last=False)
                self._computing.pop(evicted, None)
