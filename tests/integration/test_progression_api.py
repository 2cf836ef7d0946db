"""The program and the progression verdict over HTTP, agreeing with the JavaScript engine."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.device import Device, new_id
from tests.support.node import NodeFilter

CUES = ["hips_back", "neutral_spine", "chest_up", "soft_knees", "glute_squeeze"]


def log_clean_pull_through_session(device: Device, day: int) -> None:
    session = new_id()
    device.write("session", session, "started_at", f"2026-03-{day:02d}T18:00:00Z")
    for position in range(3):
        cues = {f"form_{cue}": True for cue in CUES}
        device.log_set(session, exercise="pull_through", reps=12, load_kg=None, position=position, **cues)


def js_verdict(program: dict[str, Any], device: Device) -> dict[str, Any]:
    sessions: dict[str, dict[str, Any]] = {}
    sets: dict[str, dict[str, Any]] = {}
    for (entity, entity_id, field), op in device.state.items():
        (sessions if entity == "session" else sets).setdefault(entity_id, {})[field] = op.value
    engine = NodeFilter("evaluate_many.mjs")
    try:
        result: dict[str, Any] = engine.ask({"program": program, "sessions": sessions, "sets": sets})
    finally:
        engine.close()
    return result


def test_the_program_is_public_and_names_every_exercise(client: httpx.Client) -> None:
    response = client.get("/api/v1/program")
    assert response.status_code == 200
    text = response.text
    for exercise in ["pull_through", "kettlebell_swing", "stiff_leg_deadlift", "romanian_deadlift", "deadlift"]:
        assert f'"{exercise}"' in text


def test_progression_needs_a_token(client: httpx.Client) -> None:
    assert client.get("/api/v1/progression").status_code == 401


def test_two_clean_sessions_unlock_swings_and_the_api_agrees_with_the_js_engine(
    client: httpx.Client, phone: Device, laptop: Device
) -> None:
    before = phone.get("/api/v1/progression").json()
    assert "kettlebell_swing" not in before["unlocked"]

    log_clean_pull_through_session(phone, 1)
    phone.sync()
    middle = phone.get("/api/v1/progression").json()
    assert "kettlebell_swing" not in middle["unlocked"]
    assert middle["stages"][0]["progress"]["qualifying_sessions"] == 1

    log_clean_pull_through_session(laptop, 2)
    laptop.sync()
    after = phone.get("/api/v1/progression").json()
    assert "kettlebell_swing" in after["unlocked"]
    assert [event["event"] for event in after["history"]][:2] == ["mastered", "unlocked"]

    phone.sync()
    assert js_verdict(client.get("/api/v1/program").json(), phone) == after
