"""Driving the PWA the way a lifter (or a screen reader) does: by the accessible names of design.md."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from playwright.sync_api import BrowserContext, Page, expect

from tests.support.device import Device, new_id
from tests.support.server import ServerProcess

PASSWORD = "correct horse battery"
PULL_THROUGH_CUES = ["Hips back", "Neutral spine", "Chest up", "Soft knees", "Glute squeeze"]
SYNC_TIMEOUT_MS = 45_000


def open_app(context: BrowserContext, server: ServerProcess) -> Page:
    page = context.new_page()
    page.goto(f"{server.url}/")
    return page


def fill_credentials(page: Page, username: str, device: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Device name").fill(device)


def sign_up(page: Page, username: str, device: str = "phone") -> None:
    fill_credentials(page, username, device)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("button", name="Log set")).to_be_visible()


def sign_in(page: Page, username: str, device: str) -> None:
    fill_credentials(page, username, device)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Log set")).to_be_visible()


def log_set(page: Page, reps: int = 12, cues: list[str] | None = None, load: str | None = None) -> None:
    page.get_by_label("Reps").fill(str(reps))
    if load is not None:
        page.get_by_label("Load (kg)").fill(load)
    for cue in PULL_THROUGH_CUES if cues is None else cues:
        page.get_by_role("checkbox", name=cue).check()
    page.get_by_role("button", name="Log set").click()


def status(page: Page) -> Any:
    return page.get_by_role("status")


def wait_synced(page: Page) -> None:
    expect(status(page)).to_contain_text("Synced", timeout=SYNC_TIMEOUT_MS)


def wait_for_service_worker(page: Page) -> None:
    """The shell is precached and the worker controls the page: from now on it opens offline."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")


def go(page: Page, tab: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name=tab).click()


def history_sets(page: Page) -> Any:
    """The set rows of History (each has its Edit and Delete)."""
    return page.get_by_role("listitem").filter(has=page.get_by_role("button", name="Delete"))


def history_text(page: Page) -> str:
    return re.sub(r"\s+", " ", page.get_by_role("main").inner_text()).strip()


def server_sessions(server: ServerProcess, username: str) -> list[dict[str, Any]]:
    """The user's sessions as the server has them, read by a separate API device."""
    with httpx.Client(base_url=server.url, timeout=30) as client:
        device = Device.sign_in(client, username, PASSWORD, "checker")
        response = device.get("/api/v1/sessions")
        assert response.status_code == 200, response.text
        sessions: list[dict[str, Any]] = response.json()["sessions"]
        return sessions


def server_sets(server: ServerProcess, username: str) -> list[dict[str, Any]]:
    return [s for session in server_sessions(server, username) for s in session["sets"]]


CUES = {
    "pull_through": ["hips_back", "neutral_spine", "chest_up", "soft_knees", "glute_squeeze"],
    "kettlebell_swing": ["hips_back", "neutral_spine", "hip_snap", "soft_knees", "glute_squeeze"],
    "romanian_deadlift": ["hips_back", "neutral_spine", "bar_close", "soft_knees"],
    "deadlift": ["neutral_spine", "hips_back", "spread_floor", "drive_heels", "bar_close"],
}


def seed_veteran(server: ServerProcess, username: str) -> None:
    """Eight weeks of training through the API: three stages mastered, deadlift cap raised twice."""
    plan: list[tuple[str, float | None, int, float | None, bool]] = [
        ("pull_through", None, 12, None, True),
        ("pull_through", None, 15, 7, True),
        ("kettlebell_swing", 12, 12, 7, True),
        ("kettlebell_swing", 16, 15, 7.5, True),
        ("kettlebell_swing", 16, 15, 8, True),
        ("romanian_deadlift", 30, 8, 7, True),
        ("romanian_deadlift", 30, 8, 7, True),
        ("deadlift", 40, 5, 7, True),
        ("deadlift", 45, 5, 7.5, True),
        ("deadlift", 50, 5, 9, True),
        ("deadlift", 50, 5, 8, False),
    ]
    with httpx.Client(base_url=server.url, timeout=30) as client:
        client.post("/api/v1/accounts", json={"username": username, "password": PASSWORD})
        device = Device.sign_in(client, username, PASSWORD, "laptop")
        start = datetime.now(UTC).replace(hour=18, minute=0, second=0, microsecond=0) - timedelta(days=3 * len(plan))
        for number, (exercise, load, reps, rpe, clean) in enumerate(plan):
            session = new_id()
            day = start + timedelta(days=3 * number)
            device.write("session", session, "started_at", day.isoformat().replace("+00:00", "Z"))
            for position in range(3):
                cues = {f"form_{cue}": clean or index > 0 for index, cue in enumerate(CUES[exercise])}
                performed = (day + timedelta(minutes=4 * position)).isoformat().replace("+00:00", "Z")
                device.log_set(
                    session,
                    exercise=exercise,
                    load_kg=load,
                    reps=reps,
                    rpe=rpe,
                    pain=False,
                    performed_at=performed,
                    position=position,
                    **cues,
                )
        device.sync()


def seed_session_under_way(server: ServerProcess, username: str, sets: int = 3) -> None:
    """Another device (a tablet) has started today's session and logged ``sets`` deadlift sets in it."""
    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    with httpx.Client(base_url=server.url, timeout=30) as client:
        device = Device.sign_in(client, username, PASSWORD, "tablet")
        session = new_id()
        device.write("session", session, "started_at", now)
        for position in range(sets):
            cues = {f"form_{cue}": True for cue in CUES["deadlift"]}
            device.log_set(
                session,
                exercise="deadlift",
                load_kg=50,
                reps=5,
                rpe=8,
                pain=False,
                performed_at=now,
                position=position,
                **cues,
            )
        device.sync()
