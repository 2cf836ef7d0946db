"""A scripted device speaking the sync protocol over real HTTP, for tests and benchmarks."""

from __future__ import annotations

import secrets
import time
import uuid
from typing import Any

import httpx

from sync.hlc import HybridLogicalClock
from sync.merge import FieldKey, merge_ops
from sync.ops import Op


def new_id() -> str:
    """A UUIDv7, as the PWA makes them: time-ordered, so new entities land together in the store's indexes."""
    value = (time.time_ns() // 1_000_000) << 80 | secrets.randbits(80)
    value = value & ~(0xF << 76) | 0x7 << 76  # version 7
    value = value & ~(0x3 << 62) | 0x2 << 62  # RFC 4122 variant
    return str(uuid.UUID(int=value))


class Device:
    """One signed-in device: its clock, outbox, merged state and cursor, like the PWA keeps them."""

    def __init__(self, client: httpx.Client, token: str, device_id: str) -> None:
        self.client = client
        self.token = token
        self.device_id = device_id
        self.headers = {"Authorization": f"Bearer {token}"}
        self.clock = HybridLogicalClock(device_id)
        self.outbox: list[Op] = []
        self.state: dict[FieldKey, Op] = {}
        self.cursor = 0

    @classmethod
    def sign_in(cls, client: httpx.Client, username: str, password: str, name: str = "test") -> Device:
        response = client.post("/api/v1/devices", json={"username": username, "password": password, "name": name})
        assert response.status_code == 201, response.text
        body = response.json()
        return cls(client, body["token"], body["device_id"])

    def write(self, entity: str, entity_id: str, field: str, value: Any) -> Op:
        self.clock, hlc = self.clock.tick(time.time_ns() // 1_000_000)
        op = Op(hlc, entity, entity_id, field, value)
        self.outbox.append(op)
        self.state = merge_ops(self.state, [op])
        return op

    def log_set(self, session_id: str, **fields: Any) -> str:
        set_id = new_id()
        self.write("set", set_id, "session_id", session_id)
        for field, value in fields.items():
            self.write("set", set_id, field.replace("form_", "form."), value)
        return set_id

    def post_sync(self, ops: list[Op], since: int, limit: int | None = None) -> httpx.Response:
        body: dict[str, Any] = {"since": since, "ops": [op_json(op) for op in ops]}
        if limit is not None:
            body["limit"] = limit
        return self.client.post("/api/v1/sync", json=body, headers=self.headers)

    def sync(self, limit: int | None = None) -> int:
        """Push the outbox, pull until ``more`` is false; returns the number of requests made."""
        requests = 0
        pending = list(self.outbox)
        while True:
            response = self.post_sync(pending, self.cursor, limit)
            requests += 1
            assert response.status_code == 200, response.text
            body = response.json()
            self.outbox = self.outbox[len(pending) :]
            pending = []
            pulled = [Op(**raw) for raw in body["ops"]]
            for op in pulled:
                self.clock = self.clock.receive(op.hlc)
            self.state = merge_ops(self.state, pulled)
            self.cursor = body["cursor"]
            if not body["more"]:
                return requests

    def get(self, path: str) -> httpx.Response:
        return self.client.get(path, headers=self.headers)


def op_json(op: Op) -> dict[str, Any]:
    return {
        "hlc": op.hlc,
        "entity": op.entity,
        "entity_id": op.entity_id,
        "field": op.field,
        "value": op.value,
    }
