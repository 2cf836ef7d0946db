"""Two ``hinge serve`` processes on one PostgreSQL database act as one server.

Devices sync through either instance at once and all end with every op; the
login limit and token revocation hold across instances, because both live in
the database.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from server.store.schema import migrations
from sync.merge import merge_ops
from sync.ops import Op
from tests.conftest import database_for
from tests.integration.conftest import PASSWORD, new_user
from tests.support.device import Device, new_id
from tests.support.server import ServerProcess

DEVICES = 8
ROUNDS = 10


@pytest.fixture(scope="module")
def instances(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    url = database_for(request, "postgresql")
    servers = [ServerProcess(tmp_path_factory.mktemp(f"instance{n}"), database_url=url).start() for n in range(2)]
    yield [server.url for server in servers]
    for server in servers:
        server.stop()


def test_devices_syncing_through_two_instances_at_once_each_end_with_every_op(instances: list[str]) -> None:
    """Per-user sequence order across instances: a device that pulled seq 8 must never miss seq 7.

    Eight devices of one user push and pull concurrently, half through each
    instance, with small pages so pulls interleave with other devices' commits.
    Any op committed behind a cursor that already moved past it would be
    missing from some device at the end.
    """
    clients = [httpx.Client(base_url=url, timeout=60) for url in instances]
    try:
        username = new_user(clients[0])
        devices = [Device.sign_in(clients[n % 2], username, PASSWORD, f"device{n}") for n in range(DEVICES)]
        written: list[str] = []
        lock = threading.Lock()
        failures: list[BaseException] = []

        def work(device: Device, seed: int) -> None:
            chooser = random.Random(seed)
            try:
                for _ in range(ROUNDS):
                    session = new_id()
                    ops = [device.write("session", session, "notes", f"{device.device_id} {n}") for n in range(3)]
                    ops += [device.write("set", new_id(), "reps", chooser.randint(1, 20)) for _ in range(5)]
                    with lock:
                        written.extend(op.hlc for op in ops)
                    device.sync(limit=chooser.choice([2, 5, 20, 100]))
            except BaseException as error:  # reported below, in the test's own thread
                failures.append(error)

        threads = [threading.Thread(target=work, args=(device, n)) for n, device in enumerate(devices)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert failures == []
        for device in devices:
            device.sync()

        # The server holds every op written; each device holds its own and every
        # one it pulled, merged: the same state everywhere, missing nothing.
        pulled = devices[0].post_sync([], 0, limit=5000).json()
        assert sorted(op["hlc"] for op in pulled["ops"]) == sorted(written)
        reference = merge_ops({}, [Op(**op) for op in pulled["ops"]])
        for device in devices:
            assert device.state == reference
    finally:
        for client in clients:
            client.close()


def test_the_login_limit_counts_failures_made_through_every_instance(instances: list[str]) -> None:
    clients = [httpx.Client(base_url=url, timeout=60) for url in instances]
    try:
        username = new_user(clients[0])
        wrong = {"username": username, "password": "wrong-password", "name": "x"}
        statuses = [clients[n % 2].post("/api/v1/devices", json=wrong).status_code for n in range(10)]
        assert statuses == [401] * 10
        right = {"username": username, "password": PASSWORD, "name": "x"}
        assert [client.post("/api/v1/devices", json=right).status_code for client in clients] == [429, 429]
    finally:
        for client in clients:
            client.close()


def test_a_device_revoked_through_one_instance_is_signed_out_on_the_other(instances: list[str]) -> None:
    clients = [httpx.Client(base_url=url, timeout=60) for url in instances]
    try:
        username = new_user(clients[0])
        phone = Device.sign_in(clients[0], username, PASSWORD, "phone")
        laptop = Device.sign_in(clients[1], username, PASSWORD, "laptop")
        assert phone.get("/api/v1/devices").status_code == 200
        assert phone.post_sync([], 0).status_code == 200  # instance 0 now knows the phone's token
        revoked = clients[1].delete(f"/api/v1/devices/{phone.device_id}", headers=laptop.headers)
        assert revoked.status_code == 204
        assert phone.get("/api/v1/devices").status_code == 401
        assert phone.post_sync([], 0).status_code == 401
        assert phone.post_sync([], 0).status_code == 401
    finally:
        for client in clients:
            client.close()


def test_two_instances_starting_on_a_new_database_apply_each_migration_once(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = database_for(request, "postgresql")
    servers = [ServerProcess(tmp_path / f"i{n}", database_url=url) for n in range(3)]
    threads = [threading.Thread(target=server.start) for server in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        for server in servers:
            assert httpx.get(f"{server.url}/api/v1/health", timeout=10).status_code == 200
        with psycopg.connect(url) as conn:
            versions = [row[0] for row in conn.execute("SELECT version FROM hinge_migrations ORDER BY version")]
        assert versions == [migration.version for migration in migrations("postgresql")]
    finally:
        for server in servers:
            server.stop()
