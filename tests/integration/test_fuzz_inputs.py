"""Arbitrary bytes and arbitrary JSON thrown at sync and at the auth routes over HTTP (issue 11).

Whatever arrives: never a 5xx, every refusal a JSON ``detail``, and a refused sync stores
nothing (the log's cursor does not move). ``HINGE_FUZZ_EXAMPLES`` sets how many inputs each
test draws (100 in the suite); how many ran is printed in the run's closing summary.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.integration.conftest import PASSWORD, Tally, new_user
from tests.support.device import Device
from tests.support.server import ServerProcess

EXAMPLES = int(os.environ.get("HINGE_FUZZ_EXAMPLES", "100"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=25,
)
# Near-misses of a sync body: the right keys with any values, and ops that are almost ops.
OP = st.fixed_dictionaries(
    {},
    optional={
        "hlc": st.text(max_size=40) | st.just("1764000000000-0000-00000000000000a1"),
        "entity": st.sampled_from(["session", "set", "exercise", "profile", "user", ""]),
        "entity_id": st.text(max_size=40) | st.uuids().map(str),
        "field": st.sampled_from(["notes", "reps", "load_kg", "form.hips_back", "deleted", "kind", "x"]),
        "value": JSON,
    },
)
SYNC_BODY = st.fixed_dictionaries(
    {}, optional={"since": JSON | st.integers(-5, 2**60), "ops": st.lists(OP, max_size=5) | JSON, "limit": JSON}
)


@pytest.fixture(scope="module")
def lifter(server: ServerProcess) -> Iterator[tuple[httpx.Client, Device]]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client, Device.sign_in(client, new_user(client), PASSWORD, "fuzzer")


def assert_refused_cleanly(response: httpx.Response) -> None:
    assert response.status_code < 500, (response.status_code, response.text)
    if response.status_code >= 400:
        assert isinstance(response.json()["detail"], str)


def cursor_of(client: httpx.Client, device: Device) -> int:
    answer = client.post("/api/v1/sync", json={"since": 0, "ops": [], "limit": 1}, headers=device.headers)
    cursor: int = answer.json()["cursor"]
    return cursor


def post_raw(client: httpx.Client, path: str, body: bytes, headers: dict[str, str] | None = None) -> httpx.Response:
    return client.post(path, content=body, headers={"content-type": "application/json", **(headers or {})})


@FUZZ
@given(body=st.binary(max_size=300) | JSON.map(lambda value: json.dumps(value).encode()))
def test_bytes_and_json_of_any_shape_at_sync_store_nothing_and_never_5xx(
    lifter: tuple[httpx.Client, Device], inputs: Tally, body: bytes
) -> None:
    client, device = lifter
    before = cursor_of(client, device)
    response = post_raw(client, "/api/v1/sync", body, device.headers)
    assert_refused_cleanly(response)
    if response.status_code != 200:
        assert cursor_of(client, device) == before
    inputs.count += 1


@FUZZ
@given(body=SYNC_BODY)
def test_near_miss_sync_bodies_are_judged_whole_and_never_5xx(
    lifter: tuple[httpx.Client, Device], inputs: Tally, body: dict[str, Any]
) -> None:
    client, device = lifter
    before = cursor_of(client, device)
    response = post_raw(client, "/api/v1/sync", json.dumps(body).encode(), device.headers)
    assert_refused_cleanly(response)
    if response.status_code != 200:
        assert cursor_of(client, device) == before, "a refused batch stored something"
    inputs.count += 1


@FUZZ
@given(
    path=st.sampled_from(["/api/v1/accounts", "/api/v1/devices"]),
    body=st.binary(max_size=300)
    | JSON.map(lambda value: json.dumps(value).encode())
    | st.fixed_dictionaries({}, optional={"username": JSON, "password": JSON, "name": JSON}).map(
        lambda value: json.dumps(value).encode()
    ),
)
def test_anything_at_the_auth_routes_is_refused_with_a_detail_never_5xx(
    lifter: tuple[httpx.Client, Device], inputs: Tally, path: str, body: bytes
) -> None:
    client, _ = lifter
    response = post_raw(client, path, body)
    assert_refused_cleanly(response)
    inputs.count += 1


@FUZZ
@given(
    authorization=st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=80)
    | st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60).map(lambda token: f"Bearer {token}")
)
def test_any_authorization_header_is_a_401_or_works_never_5xx(
    lifter: tuple[httpx.Client, Device], inputs: Tally, authorization: str
) -> None:
    client, _ = lifter
    try:
        response = client.get("/api/v1/devices", headers={"authorization": authorization})
    except (UnicodeEncodeError, httpx.LocalProtocolError):
        return  # not sendable as a header at all
    assert response.status_code == 401, response.text
    inputs.count += 1
