"""schemathesis sends generated requests from the app's own OpenAPI schema: never a 5xx.

``HINGE_FUZZ_EXAMPLES`` sets the examples per operation (40 in the suite), e.g. 2000 for a long run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from server.app import create_app
from server.settings import Settings
from tests.integration.conftest import PASSWORD, new_user
from tests.support.device import Device
from tests.support.server import ServerProcess


def _schema() -> schemathesis.BaseSchema:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as scratch:
        app = create_app(Settings(data_dir=Path(scratch)))
        loaded = schemathesis.openapi.from_dict(app.openapi_schema.to_schema())
    # Both data that fits the schema and data that breaks it (wrong types, missing keys).
    loaded.config.generation.update(modes=list(schemathesis.GenerationMode))
    return loaded


schema = _schema()


@pytest.fixture(scope="module")
def signed_in(server: ServerProcess) -> Iterator[tuple[str, dict[str, str]]]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        device = Device.sign_in(client, new_user(client), PASSWORD, "fuzzer")
        yield server.url, device.headers


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("HINGE_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_request_gets_a_5xx(case: schemathesis.Case, signed_in: tuple[str, dict[str, str]]) -> None:
    url, headers = signed_in
    response = case.call(base_url=url, headers=headers)
    assert response.status_code < 500, f"{case.method} {case.path}: {response.status_code} {response.text}"
    if response.status_code >= 400:
        assert "detail" in response.json()
