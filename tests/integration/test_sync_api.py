"""The sync protocol over real HTTP against ``hinge serve`` on a real SQLite file."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx

from tests.integration.conftest import PASSWORD, new_user
from tests.support.device import Device, new_id, op_json
from tests.support.server import ServerProcess

STARTED = "2026-11-24T18:00:00Z"


def session_of(device: Device, session_id: str) -> dict[str, object]:
    response = device.get(f"/api/v1/sessions/{session_id}")
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def test_two_devices_logging_offline_converge(phone: Device, laptop: Device) -> None:
    session = new_id()
    phone.write("session", session, "started_at", STARTED)
    phone.log_set(session, exercise="pull_through", reps=12, position=1)
    laptop.write("session", session, "notes", "felt strong")
    laptop.log_set(session, exercise="pull_through", reps=15, position=2)

    phone.sync()
    laptop.sync()
    phone.sync()

    assert phone.state == laptop.state
    seen = session_of(phone, session)
    assert seen == session_of(laptop, session)
    assert seen["notes"] == "felt strong"
    assert [s["reps"] for s in seen["sets"]] == [12, 15]  # type: ignore[attr-defined]


def test_concurrent_edit_keeps_latest_hlc_on_every_device_in_both_push_orders(
    client: httpx.Client,
) -> None:
    for first_pusher in ("phone", "laptop"):
        user = new_user(client)
        devices = {name: Device.sign_in(client, user, PASSWORD, name) for name in ("phone", "laptop")}
        session = new_id()
        devices["phone"].write("session", session, "started_at", STARTED)
        devices["phone"].sync()
        devices["laptop"].sync()
        early = devices["phone"].write("session", session, "notes", "from the phone")
        late = devices["laptop"].write("session", session, "notes", "from the laptop")
        winner = max(early, late, key=lambda op: op.hlc)
        second = "laptop" if first_pusher == "phone" else "phone"
        devices[first_pusher].sync()
        devices[second].sync()
        devices[first_pusher].sync()
        for device in devices.values():
            assert session_of(device, session)["notes"] == winner.value
            assert device.state[("session", session, "notes")] == winner


def test_delete_beside_a_concurrent_edit_hides_the_set_and_keeps_the_edit(phone: Device, laptop: Device) -> None:
    session = new_id()
    phone.write("session", session, "started_at", STARTED)
    kept = phone.log_set(session, exercise="deadlift", reps=5, load_kg=60, position=1)
    gone = phone.log_set(session, exercise="deadlift", reps=5, load_kg=60, position=2)
    phone.sync()
    laptop.sync()
    phone.write("set", gone, "deleted", True)
    laptop.write("set", kept, "reps", 6)
    laptop.write("set", gone, "reps", 4)
    laptop.sync()
    phone.sync()
    laptop.sync()
    sets = session_of(phone, session)["sets"]
    assert [(s["id"], s["reps"]) for s in sets] == [(kept, 6)]  # type: ignore[attr-defined]
    assert phone.state == laptop.state
    assert phone.state[("set", gone, "reps")].value == 4  # hidden, not lost


def test_a_retried_batch_stores_nothing_twice(phone: Device) -> None:
    session = new_id()
    ops = [
        phone.write("session", session, "started_at", STARTED),
        phone.write("session", session, "notes", "x"),
    ]
    first = phone.post_sync(ops, 0)
    again = phone.post_sync(ops, 0)
    assert first.status_code == again.status_code == 200
    assert first.json()["cursor"] == again.json()["cursor"] == 2
    everything = phone.post_sync([], 0).json()
    assert [op["hlc"] for op in everything["ops"]] == [op.hlc for op in ops]


def test_own_batch_is_skipped_but_counts_as_scanned(phone: Device, laptop: Device) -> None:
    session = new_id()
    laptop.write("session", session, "notes", "from the laptop")
    laptop.sync()
    op = phone.write("session", session, "started_at", STARTED)
    body = phone.post_sync([op], 0).json()
    assert [o["hlc"] for o in body["ops"]] != [op.hlc]
    assert body["cursor"] == 2
    assert body["more"] is False
    assert op.hlc not in {o["hlc"] for o in body["ops"]}


def test_a_set_before_its_session_is_shown_once_the_session_arrives(phone: Device) -> None:
    session = new_id()
    set_id = phone.log_set(session, exercise="kettlebell_swing", reps=15, load_kg=16)
    phone.sync()
    assert phone.get("/api/v1/sessions").json() == {"sessions": []}
    assert phone.get(f"/api/v1/sessions/{session}").status_code == 404
    phone.write("session", session, "started_at", STARTED)
    phone.sync()
    assert [s["id"] for s in session_of(phone, session)["sets"]] == [set_id]  # type: ignore[attr-defined]


def test_paging_with_limit_returns_every_op_once_in_order(phone: Device, laptop: Device) -> None:
    session = new_id()
    written = [phone.write("session", session, "started_at", STARTED)]
    written += [phone.write("set", new_id(), "reps", n) for n in range(24)]
    phone.sync()
    seen: list[str] = []
    cursor, more, requests = 0, True, 0
    while more:
        body = laptop.post_sync([], cursor, limit=10).json()
        seen += [op["hlc"] for op in body["ops"]]
        cursor, more = body["cursor"], body["more"]
        requests += 1
    assert seen == [op.hlc for op in written]
    assert requests == 3
    assert cursor == 25


def test_users_are_isolated(client: httpx.Client, phone: Device) -> None:
    session = new_id()
    phone.write("session", session, "started_at", STARTED)
    phone.sync()
    stranger = Device.sign_in(client, new_user(client), PASSWORD, "stranger")
    assert stranger.get(f"/api/v1/sessions/{session}").status_code == 404
    assert stranger.get("/api/v1/sessions").json() == {"sessions": []}
    pulled = stranger.post_sync([], 0).json()
    assert pulled["ops"] == []
    assert pulled["cursor"] == 0
    assert client.delete(f"/api/v1/devices/{phone.device_id}", headers=stranger.headers).status_code == 404
    assert phone.get("/api/v1/devices").status_code == 200


def test_sigkill_right_after_a_200_loses_no_acknowledged_op(tmp_path: Path, database_url: str) -> None:
    server = ServerProcess(tmp_path / "data", database_url=database_url).start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            phone = Device.sign_in(client, new_user(client), PASSWORD, "phone")
            session = new_id()
            acknowledged = [phone.write("session", session, "started_at", STARTED)]
            acknowledged += [phone.write("set", new_id(), "reps", n) for n in range(200)]
            response = phone.post_sync(acknowledged, 0)
            assert response.status_code == 200
            server.kill()
        server.start()
        with httpx.Client(base_url=server.url, timeout=30) as client:
            phone.client = client
            stored = phone.post_sync([], 0, limit=5000).json()
            assert [op["hlc"] for op in stored["ops"]] == [op.hlc for op in acknowledged]
            assert stored["ops"][-1] == op_json(acknowledged[-1])
    finally:
        server.stop()


def test_sigkill_mid_sync_keeps_every_acknowledged_batch_and_no_half_batch(tmp_path: Path, database_url: str) -> None:
    server = ServerProcess(tmp_path / "data", database_url=database_url).start()
    acknowledged: list[list[str]] = []
    attempted: list[list[str]] = []
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            phone = Device.sign_in(client, new_user(client), PASSWORD, "phone")

        def push_until_the_server_dies() -> None:
            with httpx.Client(base_url=server.url, timeout=30) as pusher:
                phone.client = pusher
                while True:
                    batch = [phone.write("set", new_id(), "reps", n) for n in range(300)]
                    attempted.append([op.hlc for op in batch])
                    try:
                        response = phone.post_sync(batch, 0, limit=1)
                    except httpx.TransportError:
                        return
                    assert response.status_code == 200, response.text
                    acknowledged.append([op.hlc for op in batch])

        pusher = threading.Thread(target=push_until_the_server_dies)
        pusher.start()
        deadline = time.monotonic() + 30
        while len(acknowledged) < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        server.kill()
        pusher.join(timeout=30)
        assert len(acknowledged) >= 5

        server.start()
        with httpx.Client(base_url=server.url, timeout=30) as client:
            phone.client = client
            stored: set[str] = set()
            cursor, more = 0, True
            while more:
                body = phone.post_sync([], cursor, limit=5000).json()
                stored |= {op["hlc"] for op in body["ops"]}
                cursor, more = body["cursor"], body["more"]
        for batch in acknowledged:
            assert set(batch) <= stored
        for batch in attempted:
            present = set(batch) & stored
            assert present in (set(), set(batch)), "a batch was stored in part"
    finally:
        server.stop()
