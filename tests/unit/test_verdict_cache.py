from server.verdicts import VerdictCache


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
