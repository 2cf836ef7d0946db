"""Every rejection of sync-protocol.md answers its status with a JSON ``detail``; nothing half-stored."""

from __future__ import annotations

from typing import Any

import httpx
import msgspec
import pytest

from sync.ops import Op
from tests.integration.conftest import PASSWORD, new_user
from tests.support.device import Device, new_id, op_json

NOW_WALL = 1_764_000_000_000


def good_op(device: Device, field: str = "notes", value: Any = "ok") -> dict[str, Any]:
    return op_json(device.write("session", new_id(), field, value))


def stored_count(device: Device) -> int:
    cursor: int = device.post_sync([], 0).json()["cursor"]
    return cursor


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"{not json", "body"),
        (b"[]", "body"),
        ({"ops": []}, "since"),
        ({"since": -1, "ops": []}, "since"),
        ({"since": 2**53 + 1, "ops": []}, "since"),
        ({"since": 0, "ops": [], "limit": 0}, "limit"),
        ({"since": 0, "ops": [], "limit": 5001}, "limit"),
        ({"since": 0, "ops": ["nope"]}, "ops[0]"),
        (
            {"since": 0, "ops": [{"hlc": 5, "entity": "set", "entity_id": "x", "field": "reps", "value": 1}]},
            "hlc",
        ),
        ({"since": 0, "ops": [{"entity": "set", "entity_id": "x", "field": "reps", "value": 1}]}, "hlc"),
    ],
)
def test_a_body_of_the_wrong_shape_is_400(phone: Device, body: Any, field: str) -> None:
    if isinstance(body, bytes):
        response = phone.client.post("/api/v1/sync", content=body, headers=phone.headers)
    else:
        response = phone.client.post("/api/v1/sync", json=body, headers=phone.headers)
    assert response.status_code == 400, response.text
    assert field in response.json()["detail"]
    assert "op_index" in response.json()


def test_the_first_bad_op_decides_and_nothing_is_stored(phone: Device) -> None:
    ops = [good_op(phone), good_op(phone, "deleted", "yes"), {**good_op(phone), "hlc": "bad"}]
    response = phone.client.post("/api/v1/sync", json={"since": 0, "ops": ops}, headers=phone.headers)
    assert response.status_code == 422
    body = response.json()
    assert body["op_index"] == 1
    assert "deleted" in body["detail"]
    assert stored_count(phone) == 0


def test_an_op_of_another_device_is_403(phone: Device, laptop: Device) -> None:
    ops = [good_op(phone), good_op(laptop)]
    response = phone.client.post("/api/v1/sync", json={"since": 0, "ops": ops}, headers=phone.headers)
    assert response.status_code == 403
    assert response.json()["op_index"] == 1
    assert stored_count(phone) == 0


def test_a_clock_far_ahead_is_422_with_server_time(phone: Device) -> None:
    op = good_op(phone)
    op["hlc"] = f"{9_999_999_999_999:013d}-0000-{phone.device_id}"
    response = phone.client.post("/api/v1/sync", json={"since": 0, "ops": [op]}, headers=phone.headers)
    assert response.status_code == 422
    body = response.json()
    assert body["op_index"] == 0
    assert abs(body["server_time_ms"] - int(__import__("time").time() * 1000)) < 60_000


@pytest.mark.parametrize(
    ("change", "word"),
    [
        ({"entity": "workout"}, "entity"),
        ({"field": "colour"}, "field"),
        ({"entity_id": "3F0C6B8E-2D7A-4C1E-9B5A-0D1E2F3A4B5C"}, "entity_id"),
        ({"field": "reps", "entity": "set", "value": 2.5}, "reps"),
        ({"field": "form.knees_out", "entity": "set", "value": True}, "knees_out"),
        ({"hlc": "1764000000000-0000-0123456789abcde"}, "hlc"),
    ],
)
def test_bad_values_are_422_with_op_index(phone: Device, change: dict[str, Any], word: str) -> None:
    op = {**good_op(phone), **change}
    response = phone.client.post("/api/v1/sync", json={"since": 0, "ops": [good_op(phone), op]}, headers=phone.headers)
    assert response.status_code == 422, response.text
    assert response.json()["op_index"] == 1
    assert word in response.json()["detail"]


def test_a_reused_hlc_with_other_content_is_422_also_within_one_batch(phone: Device) -> None:
    first = good_op(phone)
    assert (
        phone.client.post("/api/v1/sync", json={"since": 0, "ops": [first]}, headers=phone.headers).status_code == 200
    )
    changed = {**first, "value": "other"}
    later = good_op(phone)
    response = phone.client.post("/api/v1/sync", json={"since": 0, "ops": [later, changed]}, headers=phone.headers)
    assert (response.status_code, response.json()["op_index"]) == (422, 1)
    twin = {**later, "value": "twin"}
    response = phone.client.post("/api/v1/sync", json={"since": 0, "ops": [later, twin]}, headers=phone.headers)
    assert (response.status_code, response.json()["op_index"]) == (422, 1)
    assert stored_count(phone) == 1


def test_a_reused_hlc_before_a_bad_value_decides(phone: Device) -> None:
    first = good_op(phone)
    phone.client.post("/api/v1/sync", json={"since": 0, "ops": [first]}, headers=phone.headers)
    ops = [{**first, "value": "changed"}, good_op(phone, "deleted", 3)]
    response = phone.client.post("/api/v1/sync", json={"since": 0, "ops": ops}, headers=phone.headers)
    assert (response.status_code, response.json()["op_index"]) == (422, 0)


def test_a_whole_float_in_an_integer_field_is_the_same_content_as_the_integer(phone: Device) -> None:
    op = op_json(phone.write("set", new_id(), "reps", 12))
    assert phone.client.post("/api/v1/sync", json={"since": 0, "ops": [op]}, headers=phone.headers).status_code == 200
    again = phone.client.post("/api/v1/sync", json={"since": 0, "ops": [{**op, "value": 12.0}]}, headers=phone.headers)
    assert again.status_code == 200
    assert again.json()["ops"] == []


def test_too_many_ops_or_too_big_a_body_is_413(phone: Device) -> None:
    op = good_op(phone)
    response = phone.client.post("/api/v1/sync", json={"since": 0, "ops": [op] * 5001}, headers=phone.headers)
    assert response.status_code == 413
    assert "5000" in response.json()["detail"]
    huge = b'{"since": 0, "ops": [], "pad": "' + b"x" * (5 * 1024 * 1024) + b'"}'
    response = phone.client.post("/api/v1/sync", content=huge, headers=phone.headers)
    assert response.status_code == 413
    assert "detail" in response.json()


@pytest.mark.parametrize("token", [None, "Bearer nope", "Basic abc"])
def test_calls_without_a_valid_token_are_401(client: httpx.Client, token: str | None) -> None:
    headers = {"Authorization": token} if token else {}
    for method, path in [("GET", "/api/v1/sessions"), ("GET", "/api/v1/devices"), ("POST", "/api/v1/sync")]:
        response = client.request(method, path, headers=headers, json={"since": 0, "ops": []})
        assert response.status_code == 401
        assert response.json()["detail"]


def test_health_is_public(client: httpx.Client) -> None:
    assert client.get("/api/v1/health").json()["status"] == "ok"


class TestAccounts:
    def test_username_taken_is_409(self, client: httpx.Client) -> None:
        user = new_user(client)
        response = client.post("/api/v1/accounts", json={"username": user, "password": PASSWORD})
        assert response.status_code == 409
        assert "username" in response.json()["detail"]

    @pytest.mark.parametrize(
        ("body", "status", "field"),
        [
            ({"username": "ab", "password": PASSWORD}, 422, "username"),
            ({"username": "Upper", "password": PASSWORD}, 422, "username"),
            ({"username": "fine_name", "password": "short"}, 422, "password"),
            ({"username": "fine_name", "password": "x" * 257}, 422, "password"),
            ({"username": "fine_name"}, 400, "password"),
            ({"username": 5, "password": PASSWORD}, 400, "username"),
        ],
    )
    def test_bad_account_bodies(self, client: httpx.Client, body: dict[str, Any], status: int, field: str) -> None:
        response = client.post("/api/v1/accounts", json=body)
        assert response.status_code == status, response.text
        assert field in response.json()["detail"]

    def test_wrong_password_is_401_and_a_bad_device_name_422(self, client: httpx.Client, user: str) -> None:
        wrong = client.post("/api/v1/devices", json={"username": user, "password": "wrong-password", "name": "x"})
        assert wrong.status_code == 401
        nameless = client.post("/api/v1/devices", json={"username": user, "password": PASSWORD, "name": ""})
        assert nameless.status_code == 422
        assert "name" in nameless.json()["detail"]


class TestDevices:
    def test_devices_list_then_revoke_kills_the_token_at_once(self, phone: Device, laptop: Device) -> None:
        listed = phone.get("/api/v1/devices").json()["devices"]
        assert {d["device_id"] for d in listed} == {phone.device_id, laptop.device_id}
        assert all(d["created_at"].endswith("Z") for d in listed)
        revoked = phone.client.delete(f"/api/v1/devices/{laptop.device_id}", headers=phone.headers)
        assert revoked.status_code == 204
        assert laptop.get("/api/v1/sessions").status_code == 401
        assert phone.client.delete(f"/api/v1/devices/{laptop.device_id}", headers=phone.headers).status_code == 404

    def test_a_revoked_device_that_synced_before_cannot_sync_again(self, phone: Device, laptop: Device) -> None:
        assert laptop.post_sync([], 0).status_code == 200
        assert phone.client.delete(f"/api/v1/devices/{laptop.device_id}", headers=phone.headers).status_code == 204
        foreign = Op(f"{1_700_000_000_000}-0000-{phone.device_id}", "session", new_id(), "notes", "x")
        for batch in ([foreign], [], []):  # a bad batch first: while its token is still remembered
            refused = laptop.post_sync(batch, 0)
            assert refused.status_code == 401
            assert refused.headers["www-authenticate"] == "Bearer"

    def test_a_device_may_revoke_itself(self, phone: Device) -> None:
        assert phone.client.delete(f"/api/v1/devices/{phone.device_id}", headers=phone.headers).status_code == 204
        assert phone.get("/api/v1/devices").status_code == 401

    def test_last_sync_at_is_set_by_a_sync(self, phone: Device) -> None:
        before = phone.get("/api/v1/devices").json()["devices"][0]
        assert before["last_sync_at"] is None
        phone.sync()
        after = phone.get("/api/v1/devices").json()["devices"][0]
        assert after["last_sync_at"].endswith("Z")


def test_ten_failures_lock_the_username_even_for_the_right_password(client: httpx.Client) -> None:
    user = new_user(client)
    for _ in range(10):
        wrong = client.post("/api/v1/devices", json={"username": user, "password": "wrong-pass", "name": "x"})
        assert wrong.status_code == 401
    locked = client.post("/api/v1/devices", json={"username": user, "password": PASSWORD, "name": "x"})
    assert locked.status_code == 429
    assert "detail" in locked.json()
    other = new_user(client)
    assert (
        client.post("/api/v1/devices", json={"username": other, "password": PASSWORD, "name": "x"}).status_code == 201
    )


@pytest.mark.parametrize(
    "body",
    [
        b'{"since": 0, "ops": [], "pad": "\xff"}',
        b'{"since": 0, "ops": [{"hlc": "x", "entity": "set", "entity_id": "x", "field": "reps", "value": '
        + b"[" * 20000
        + b"]" * 20000
        + b"}]}",
        b'{"since": "0", "ops": []}',
        b'{"since": 0, "ops": [], "limit": "5"}',
        b'{"since": 0.0, "ops": []}',
    ],
)
def test_bodies_that_are_not_utf8_nest_too_deep_or_quote_numbers_are_400(phone: Device, body: bytes) -> None:
    response = phone.client.post("/api/v1/sync", content=body, headers=phone.headers)
    assert response.status_code == 400, response.text
    assert response.json()["detail"]
    assert "op_index" in response.json()


def test_a_non_utf8_account_body_is_400(client: httpx.Client) -> None:
    response = client.post(
        "/api/v1/accounts", content=b'{"username":"\xff","password":"x"}', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "body: not UTF-8 (byte 13)"


@pytest.mark.parametrize(
    ("path", "body", "detail"),
    [
        ("/api/v1/accounts", b'{"username": "lifter", "password": ', "body: not valid JSON (it ends early: truncated)"),
        ("/api/v1/devices", b'{"username": "a",, }', "body: not valid JSON (line 1, column 18)"),
        ("/api/v1/devices", b'{"username": "a", "password": "b"}', "name: required key is missing"),
        ("/api/v1/sync", b'{"since": 0, "ops": [}', "body: not valid JSON (line 1, column 22)"),
        ("/api/v1/sync", b'{"since": 0, "ops": {}}', "ops: expected array, got object"),
    ],
)
def test_a_malformed_body_is_400_naming_where_it_failed(phone: Device, path: str, body: bytes, detail: str) -> None:
    response = phone.client.post(path, content=body, headers=phone.headers)
    assert response.status_code == 400, response.text
    assert response.json()["detail"] == detail


def test_a_lone_surrogate_in_an_op_is_that_ops_422_and_the_rest_sync_without_it(phone: Device) -> None:
    # JSON.stringify of half an emoji: an escape that is valid JSON but no Unicode text.
    half_emoji = good_op(phone)
    raw = msgspec.json.encode({"since": 0, "ops": [good_op(phone), half_emoji]}).replace(b'"ok"}]', b'"\\ud83d"}]')
    assert raw.endswith(b'"\\ud83d"}]}')
    response = phone.client.post("/api/v1/sync", content=raw, headers=phone.headers)
    assert response.status_code == 422, response.text
    assert response.json()["op_index"] == 1
    assert "notes" in response.json()["detail"]
    assert stored_count(phone) == 0
    # The client sets that op aside; the rest of its batch syncs.
    first = msgspec.json.encode({"since": 0, "ops": [good_op(phone)]})
    assert phone.client.post("/api/v1/sync", content=first, headers=phone.headers).status_code == 200
    assert stored_count(phone) == 1


def test_a_lone_surrogate_in_a_username_is_a_422_not_a_400(client: httpx.Client) -> None:
    body = b'{"username": "lifter\\udc00", "password": "correct horse battery"}'
    response = client.post("/api/v1/accounts", content=body)
    assert response.status_code == 422, response.text
    assert "username" in response.json()["detail"]


def test_an_earlier_bad_value_beats_a_later_bad_shape(phone: Device) -> None:
    ops = [{**good_op(phone), "entity": "nope"}, {"hlc": "only"}]
    response = phone.client.post("/api/v1/sync", json={"since": 0, "ops": ops}, headers=phone.headers)
    assert (response.status_code, response.json()["op_index"]) == (422, 0)
    ops = [good_op(phone), {"hlc": "only"}, {**good_op(phone), "entity": "nope"}]
    response = phone.client.post("/api/v1/sync", json={"since": 0, "ops": ops}, headers=phone.headers)
    assert (response.status_code, response.json()["op_index"]) == (400, 1)
    assert "ops[1]" in response.json()["detail"]


def test_without_a_token_a_bad_body_is_still_401(client: httpx.Client) -> None:
    response = client.post("/api/v1/sync", content=b"{not json")
    assert response.status_code == 401
    assert response.json()["op_index"] is None


def test_every_sync_rejection_carries_op_index(phone: Device) -> None:
    op = good_op(phone)
    too_many = phone.client.post("/api/v1/sync", json={"since": 0, "ops": [op] * 5001}, headers=phone.headers)
    assert too_many.status_code == 413
    assert too_many.json()["op_index"] is None


def test_concurrent_wrong_passwords_cannot_slip_past_the_limit(client: httpx.Client) -> None:
    from concurrent.futures import ThreadPoolExecutor

    user = new_user(client)

    def guess(_: int) -> int:
        body = {"username": user, "password": "wrong-password", "name": "x"}
        return client.post("/api/v1/devices", json=body).status_code

    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(guess, range(24)))
    assert statuses.count(401) == 10
    assert statuses.count(429) == 14
