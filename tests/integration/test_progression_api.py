"""The program and the progression verdict over HTTP, agreeing with the JavaScript engine."""

from __future__ import annotations

from typing import Any

import httpx

from sync.ops import PROFILE_ID
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
    entities: dict[str, dict[str, dict[str, Any]]] = {"session": {}, "set": {}, "profile": {}}
    for (entity, entity_id, field), op in device.state.items():
        entities.setdefault(entity, {}).setdefault(entity_id, {})[field] = op.value
    units = entities["profile"].get(PROFILE_ID, {}).get("units", "kg")
    engine = NodeFilter("evaluate_many.mjs")
    try:
        result: dict[str, Any] = engine.ask(
            {"program": program, "sessions": entities["session"], "sets": entities["set"], "units": units}
        )
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


def test_a_lb_profile_makes_the_verdict_speak_pounds_and_the_api_agrees_with_the_js_engine(
    client: httpx.Client, phone: Device, laptop: Device
) -> None:
    log_clean_pull_through_session(phone, 1)
    log_clean_pull_through_session(phone, 2)
    phone.sync()
    in_kg = phone.get("/api/v1/progression").json()
    assert in_kg["units"] == "kg"
    assert in_kg["stages"][1]["missing"] == [
        "3 sessions in a row with 3 clean sets of 10\u201320 kettlebell swings at 12 kg or more"
    ]

    laptop.write("profile", PROFILE_ID, "units", "lb")
    laptop.sync()
    in_lb = phone.get("/api/v1/progression").json()
    assert in_lb["units"] == "lb"
    assert in_lb["stages"][1]["missing"] == [
        "3 sessions in a row with 3 clean sets of 10\u201320 kettlebell swings at 26 lb or more"
    ]
    assert in_lb["stages"][2]["progress"]["load_caps"] == {
        "stiff_leg_deadlift": 29.48350405,
        "romanian_deadlift": 29.48350405,
    }

    phone.sync()
    assert js_verdict(client.get("/api/v1/program").json(), phone) == in_lb
