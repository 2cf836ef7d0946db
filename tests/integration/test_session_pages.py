"""``GET /api/v1/sessions`` in pages (``limit`` and ``cursor``) and whole, streamed a page at a time
(issue 11): the pages put together are the whole list, in the same order, and a session logged
between two pages neither shifts nor repeats another.
"""

from __future__ import annotations

from typing import Any

import httpx

from tests.integration.conftest import PASSWORD, new_user
from tests.support.device import Device, new_id


def log_sessions(device: Device, count: int, *, day: int = 1) -> list[str]:
    ids = []
    for n in range(count):
        session = new_id()
        device.write("session", session, "started_at", f"2026-01-{day:02d}T{n // 60 % 24:02d}:{n % 60:02d}:00Z")
        device.log_set(session, exercise="pull_through", reps=10 + n % 5)
        ids.append(session)
    device.sync()
    return ids


def all_pages(device: Device, limit: int) -> list[dict[str, Any]]:
    sessions: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = f"?limit={limit}" + ("" if cursor is None else f"&cursor={cursor}")
        page = device.get(f"/api/v1/sessions{query}").json()
        sessions += page["sessions"]
        cursor = page["next_cursor"]
        if cursor is None:
            return sessions


def test_pages_put_together_are_the_whole_list_in_its_order(phone: Device) -> None:
    log_sessions(phone, 7)
    undated = new_id()
    phone.write("session", undated, "notes", "no date yet")
    gone = log_sessions(phone, 1, day=2)[0]
    phone.write("session", gone, "deleted", True)
    phone.sync()
    whole = phone.get("/api/v1/sessions").json()["sessions"]
    assert len(whole) == 8
    assert whole[-1]["id"] == undated
    assert all(session["sets"] for session in whole[:-1])
    for limit in (1, 3, 8, 500):
        assert all_pages(phone, limit) == whole, limit


def test_a_session_logged_between_two_pages_moves_no_other(phone: Device) -> None:
    log_sessions(phone, 6, day=10)
    first = phone.get("/api/v1/sessions?limit=3").json()
    log_sessions(phone, 1, day=20)  # newer than all: it belongs before the first page
    rest = phone.get(f"/api/v1/sessions?limit=3&cursor={first['next_cursor']}").json()
    seen = [session["id"] for session in first["sessions"] + rest["sessions"]]
    assert len(seen) == len(set(seen)) == 6
    assert rest["next_cursor"] is None


def test_the_whole_list_of_a_long_log_is_streamed_in_order(phone: Device) -> None:
    log_sessions(phone, 450)  # more than two of the server's stream pages
    response = phone.get("/api/v1/sessions")
    assert response.headers["content-type"].startswith("application/json")
    # Sent as it is made, page by page: no length known up front.
    assert response.headers.get("transfer-encoding") == "chunked"
    assert "content-length" not in response.headers
    whole = response.json()["sessions"]
    assert len(whole) == 450
    assert [s["started_at"] for s in whole] == sorted((s["started_at"] for s in whole), reverse=True)
    assert all_pages(phone, 200) == whole


def test_a_bad_limit_or_cursor_is_a_400_naming_it(phone: Device) -> None:
    for query, field in [
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("limit=ten", "limit"),
        ("cursor=nope", "cursor"),
    ]:
        response = phone.get(f"/api/v1/sessions?{query}")
        assert response.status_code == 400, query
        assert response.json()["detail"].startswith(f"{field}:"), query


def test_another_lifters_pages_hold_nothing_of_yours(phone: Device, client: httpx.Client) -> None:
    log_sessions(phone, 2)
    stranger = Device.sign_in(client, new_user(client), PASSWORD, "phone")
    assert stranger.get("/api/v1/sessions?limit=5").json() == {"sessions": [], "next_cursor": None}
    cursor = phone.get("/api/v1/sessions?limit=1").json()["next_cursor"]
    assert stranger.get(f"/api/v1/sessions?limit=5&cursor={cursor}").json()["sessions"] == []
