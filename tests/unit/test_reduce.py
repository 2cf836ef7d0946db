"""Pages of the reads' session order (sync.reduce.session_page), without a server."""

from __future__ import annotations

from sync.reduce import session_page


def sessions(*days: str | None) -> dict[str, dict[str, object]]:
    return {f"s{n}": ({} if day is None else {"started_at": f"2026-01-{day}T10:00:00Z"}) for n, day in enumerate(days)}


def test_pages_run_newest_first_with_undated_sessions_last_and_end_with_no_key() -> None:
    log = sessions("01", "03", None, "02")
    first, key = session_page(log, None, 2)
    assert first == ["s1", "s3"]
    rest, end = session_page(log, key, 2)
    assert rest == ["s0", "s2"]
    assert end is None


def test_deleted_sessions_are_not_on_any_page() -> None:
    log = sessions("01", "02")
    log["s1"]["deleted"] = True
    assert session_page(log, None, 10) == (["s0"], None)


def test_a_key_still_places_the_next_page_when_its_session_is_gone() -> None:
    log = sessions("01", "02", "03", "04")
    _, key = session_page(log, None, 2)  # s3, s2
    del log["s2"]
    assert session_page(log, key, 2) == (["s1", "s0"], None)


def test_an_empty_log_has_one_empty_page() -> None:
    assert session_page({}, None, 5) == ([], None)
