from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import httpx
import pytest

from tests.conftest import BACKENDS, database_for
from tests.support.device import Device
from tests.support.server import ServerProcess

PASSWORD = "correct horse battery"
_names = itertools.count()


@pytest.fixture(scope="module", params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One server per test module and backend: every integration test runs on SQLite and on PostgreSQL."""
    url = database_for(request, request.param)
    process = ServerProcess(tmp_path_factory.mktemp("hinge-data"), database_url=url).start()
    yield process
    process.stop()


@pytest.fixture
def client(server: ServerProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


def new_user(client: httpx.Client) -> str:
    username = f"lifter{next(_names)}_{id(client) % 10_000}"
    response = client.post("/api/v1/accounts", json={"username": username, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return username


@pytest.fixture
def user(client: httpx.Client) -> str:
    return new_user(client)


@pytest.fixture
def phone(client: httpx.Client, user: str) -> Device:
    return Device.sign_in(client, user, PASSWORD, "phone")


@pytest.fixture
def laptop(client: httpx.Client, user: str) -> Device:
    return Device.sign_in(client, user, PASSWORD, "laptop")


class Tally:
    """How many of a fuzz test's inputs ran to the end (hypothesis may stop early or skip some)."""

    def __init__(self) -> None:
        self.count = 0


@pytest.fixture
def inputs(report_figure: Callable[[str], None]) -> Iterator[Tally]:
    """A tally of the test's inputs, printed in the run's closing summary."""
    tally = Tally()
    yield tally
    report_figure(f"{tally.count} fuzzed inputs ran")
