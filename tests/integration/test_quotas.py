"""Per-account quotas (issue 11): one account's log may hold only so many ops and bytes. A batch
that would pass either is refused whole (403 with the figures), and the account keeps working
for what still fits. Retrying ops already stored costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from sync.ops import Op
from tests.conftest import BACKENDS, database_for
from tests.integration.conftest import PASSWORD, new_user
from tests.support.device import Device, new_id
from tests.support.server import ServerProcess

LIMITS = {"HINGE_MAX_OPS_PER_USER": "10", "HINGE_MAX_BYTES_PER_USER": "4000"}


@pytest.fixture(scope="module", params=BACKENDS)
def small(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    url = database_for(request, request.param)
    server = ServerProcess(tmp_path_factory.mktemp("quota"), env=LIMITS, database_url=url).start()
    yield server
    server.stop()


@pytest.fixture
def device(small: ServerProcess) -> Iterator[Device]:
    with httpx.Client(base_url=small.url, timeout=30) as client:
        yield Device.sign_in(client, new_user(client), PASSWORD, "phone")


def session_ops(device: Device, count: int, notes: str = "x") -> list[Op]:
    session = new_id()
    return [device.write("session", session, "notes", f"{notes}{n}") for n in range(count)]


def test_a_batch_past_the_op_quota_is_refused_whole_and_what_fits_still_goes_in(device: Device) -> None:
    first = session_ops(device, 8)
    assert device.post_sync(first, since=0).status_code == 200
    over = session_ops(device, 3)
    refused = device.post_sync(over, since=0)
    assert refused.status_code == 403
    body = refused.json()
    assert body["detail"].startswith("quota:")
    assert body["op_index"] is None
    assert body["quota"]["stored"]["ops"] == 8
    assert body["quota"]["limit"] == {"ops": 10, "bytes": 4000}
    # Nothing of the refused batch was stored: a fresh pull sees the first 8 only.
    pulled = device.post_sync([], since=0).json()
    assert pulled["cursor"] == 8
    assert len(pulled["ops"]) == 8
    # The same 8 again are a retry, not new ops; 2 more still fit.
    assert device.post_sync(first + session_ops(device, 2), since=0).status_code == 200
    assert device.post_sync([], since=0).json()["cursor"] == 10


def test_a_batch_past_the_byte_quota_is_refused_whole(device: Device) -> None:
    long_note = "n" * 1500
    assert device.post_sync(session_ops(device, 2, long_note), since=0).status_code == 200
    refused = device.post_sync(session_ops(device, 1, long_note), since=0)
    assert refused.status_code == 403
    assert refused.json()["quota"]["stored"]["bytes"] > 3000
    assert device.post_sync([], since=0).json()["cursor"] == 2


def test_each_account_has_its_own_quota(small: ServerProcess) -> None:
    with httpx.Client(base_url=small.url, timeout=30) as client:
        full = Device.sign_in(client, new_user(client), PASSWORD, "phone")
        other = Device.sign_in(client, new_user(client), PASSWORD, "phone")
        assert full.post_sync(session_ops(full, 10), since=0).status_code == 200
        assert full.post_sync(session_ops(full, 1), since=0).status_code == 403
        assert other.post_sync(session_ops(other, 10), since=0).status_code == 200
