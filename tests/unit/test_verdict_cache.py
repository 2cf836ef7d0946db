"""The verdict cache bounds what verdicts cost on a huge log (issue 11), without a server."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from server.verdicts import VerdictCache


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def costing(clock: Clock, seconds: float, calls: list[int]) -> Callable[[int], Callable[[], bytes]]:
    """A compute function for log position ``seq`` that takes ``seconds`` of the fake clock."""

    def for_seq(seq: int) -> Callable[[], bytes]:
        def compute() -> bytes:
            calls.append(seq)
            clock.now += seconds
            return f"verdict at {seq}".encode()

        return compute

    return for_seq


def test_a_cheap_verdict_is_recomputed_whenever_the_log_moves() -> None:
    clock, calls = Clock(), []
    cache = VerdictCache(clock=clock)
    compute = costing(clock, 0.01, calls)
    assert cache.get_or_compute(1, 5, compute(5)) == b"verdict at 5"
    assert cache.get_or_compute(1, 5, compute(5)) == b"verdict at 5"
    assert cache.get_or_compute(1, 6, compute(6)) == b"verdict at 6"
    assert calls == [5, 6]


def test_a_slow_verdict_stands_for_ten_times_its_cost_then_is_made_again() -> None:
    clock, calls = Clock(), []
    cache = VerdictCache(clock=clock)
    compute = costing(clock, 3.0, calls)
    assert cache.get_or_compute(1, 5, compute(5)) == b"verdict at 5"
    clock.now += 10  # 10 s after: within 10 x 3 s
    assert cache.get_or_compute(1, 9, compute(9)) == b"verdict at 5"
    clock.now += 25  # 35 s after it was made
    assert cache.get_or_compute(1, 9, compute(9)) == b"verdict at 9"
    assert calls == [5, 9]


def test_a_slow_verdict_never_answers_for_an_older_log_than_its_own() -> None:
    clock, calls = Clock(), []
    cache = VerdictCache(clock=clock)
    compute = costing(clock, 3.0, calls)
    cache.get_or_compute(1, 9, compute(9))
    assert cache.get_or_compute(1, 5, compute(5)) == b"verdict at 5"  # another instance's older view


def test_one_users_readers_share_one_computation() -> None:
    cache = VerdictCache()
    calls: list[int] = []
    started = threading.Event()

    def compute() -> bytes:
        calls.append(1)
        started.set()
        time.sleep(0.2)
        return b"verdict"

    answers: list[bytes] = []
    readers = [threading.Thread(target=lambda: answers.append(cache.get_or_compute(1, 5, compute))) for _ in range(4)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert answers == [b"verdict"] * 4
    assert calls == [1]


def test_each_user_has_their_own_verdict() -> None:
    clock, calls = Clock(), []
    cache = VerdictCache(clock=clock)
    compute = costing(clock, 3.0, calls)
    cache.get_or_compute(1, 5, compute(5))
    assert cache.get_or_compute(2, 5, compute(5)) == b"verdict at 5"
    assert calls == [5, 5]


def test_cached_verdict_is_reused_until_the_log_moves() -> None:
    cache = VerdictCache()
    calls: list[int] = []

    def compute(seq: int) -> bytes:
        calls.append(seq)
        return f"verdict at {seq}".encode()

    assert cache.get_or_compute(1, 10, lambda: compute(10)) == b"verdict at 10"
    assert cache.get_or_compute(1, 10, lambda: compute(10)) == b"verdict at 10"
    assert calls == [10]
    assert cache.get_or_compute(1, 11, lambda: compute(11)) == b"verdict at 11"
    assert calls == [10, 11]


def test_cache_forgets_the_least_recently_read_user() -> None:
    cache = VerdictCache(max_users=2)
    calls: list[int] = []
    for user in (1, 2, 1, 3, 1, 2):
        cache.get_or_compute(user, 0, lambda user=user: calls.append(user) or b"x")  # type: ignore[misc]
    assert calls == [1, 2, 3, 2]


def test_no_more_than_max_running_verdicts_are_computed_at_once_whoever_asks() -> None:
    cache = VerdictCache(max_running=2)
    running = 0
    most = 0
    lock = threading.Lock()
    release = threading.Event()

    def compute() -> bytes:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        release.wait(5)
        with lock:
            running -= 1
        return b"verdict"

    readers = [threading.Thread(target=cache.get_or_compute, args=(user, 5, compute)) for user in range(5)]
    for reader in readers:
        reader.start()
    time.sleep(0.2)  # every reader has had time to start computing, were nothing holding it back
    with lock:
        assert running == 2
    release.set()
    for reader in readers:
        reader.join()
    assert most == 2
