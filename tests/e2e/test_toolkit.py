"""The lifter's toolkit on Today and in Settings (issue 10, items 1 to 4), in real Chromium at
360 x 740: lb as the units on every device, the bar and plates, the Plates line and a warm-up ramp,
Warm-up sets, and the lifter's own exercises from Add exercise. The server keeps kg and the ids.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.app import PASSWORD, go, open_app, server_sessions, server_sets, sign_in, sign_up, wait_synced
from tests.e2e.checks import audited, in_both_schemes
from tests.e2e.conftest import Contexts
from tests.support.device import Device
from tests.support.server import ServerProcess

LB_KG = 0.45359237
TIMES = "\N{MULTIPLICATION SIGN}"


def open_settings(page: Page) -> None:
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", level=1, name="Settings")).to_be_visible()


@contextmanager
def checker(server: ServerProcess, username: str) -> Iterator[Device]:
    """A separate API device of the lifter, to read what the server has."""
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield Device.sign_in(client, username, PASSWORD, "checker")


def server_get(server: ServerProcess, username: str, path: str) -> Any:
    with checker(server, username) as device:
        response = device.get(path)
        assert response.status_code == 200, response.text
        return response.json()


def server_profile(server: ServerProcess, username: str) -> dict[str, Any]:
    """The profile's fields as the server's log has them (no endpoint reads it: the ops do)."""
    with checker(server, username) as device:
        response = device.post_sync([], 0)
        assert response.status_code == 200, response.text
        ops = sorted(response.json()["ops"], key=lambda op: op["hlc"])
        return {op["field"]: op["value"] for op in ops if op["entity"] == "profile"}


def test_a_lb_lifter_types_and_reads_lb_on_every_device_while_the_server_keeps_exact_kg(
    contexts: Contexts, e2e_server: ServerProcess, username: str, screenshots: Path
) -> None:
    page = open_app(audited(contexts), e2e_server)
    sign_up(page, username)
    open_settings(page)
    page.get_by_label("Units").select_option("lb")
    expect(page.get_by_label("Bar weight")).to_have_value("45")
    in_both_schemes(page, screenshots, "settings-lb")
    go(page, "Today")
    expect(page.get_by_label("Load (lb)")).to_be_visible()
    expect(page.get_by_label("Load (kg)")).to_have_count(0)

    page.get_by_label("Exercise", exact=True).select_option("hip_thrust")
    page.get_by_label("Load (lb)").fill("225")
    # A 45 lb bar and the default lb plates: 90 lb a side.
    expect(page.get_by_label("Plates")).to_have_text("45 + 45 per side")
    expect(page.locator(".ramp")).to_contain_text(f"bar {TIMES} 10")
    page.get_by_label("Reps").fill("10")
    in_both_schemes(page, screenshots, "today-lb-plates", scroll_top=False)
    page.get_by_role("button", name="Log set").click()
    expect(page.locator(".session-sets .set-row").first).to_contain_text(f"225 lb {TIMES} 10")
    wait_synced(page)
    [stored] = server_sets(e2e_server, username)
    assert math.isclose(stored["load_kg"], 225 * LB_KG, rel_tol=0, abs_tol=1e-9), stored

    # Another device of the same lifter: the profile synced, so it reads lb too.
    other = open_app(contexts.new(), e2e_server)
    sign_in(other, username, "tablet")
    expect(other.get_by_label("Load (lb)")).to_be_visible()
    go(other, "History")
    expect(other.locator(".history-set").first).to_contain_text(f"225 lb {TIMES} 10")
    # Edit speaks lb too.
    other.locator(".history-set .logrow-toggle").first.click()
    other.get_by_role("button", name="Edit").click()
    expect(other.get_by_label("Load (lb)")).to_have_value("225")


def test_bar_and_plates_from_settings_make_the_plates_line_and_say_the_nearest_loads(
    contexts: Contexts, e2e_server: ServerProcess, username: str
) -> None:
    page = open_app(contexts.new(), e2e_server)
    sign_up(page, username)
    open_settings(page)
    bar = page.get_by_label("Bar weight")
    bar.fill("200")
    bar.press("Tab")
    expect(page.get_by_role("alert").filter(has_text="bar")).to_contain_text("from 0 to 100 kg")
    bar.fill("15")
    bar.press("Tab")
    expect(page.get_by_role("alert").filter(has_text="bar")).to_have_count(0)
    page.get_by_role("checkbox", name="1.25 kg").uncheck()
    go(page, "Today")
    page.get_by_label("Exercise", exact=True).select_option("hip_thrust")
    load = page.get_by_label("Load (kg)")
    load.fill("100")
    expect(page.get_by_label("Plates")).to_have_text("25 + 15 + 2.5 per side")
    load.fill("101")
    expect(page.get_by_label("Plates")).to_have_text("Your plates can't make that: nearest 100 kg or 105 kg")
    load.fill("10")
    expect(page.get_by_label("Plates")).to_have_text("Lighter than your 15 kg bar")
    wait_synced(page)
    profile = server_profile(e2e_server, username)
    assert profile["bar_kg"] == 15, profile
    assert 1.25 not in profile["plates_kg"], profile
    assert 2.5 in profile["plates_kg"], profile


def test_a_warm_up_set_is_stored_as_one_and_the_card_says_it_does_not_count(
    contexts: Contexts, e2e_server: ServerProcess, username: str
) -> None:
    page = open_app(contexts.new(), e2e_server)
    sign_up(page, username)
    page.get_by_label("Reps").fill("12")
    page.get_by_role("checkbox", name="Warm-up").check()
    page.get_by_role("button", name="Log set").click()
    expect(page.locator(".train-now .live-why")).to_have_text("Warm-up: it does not count")
    wait_synced(page)
    [stored] = server_sets(e2e_server, username)
    assert stored["kind"] == "warmup", stored


def test_add_exercise_names_the_lifters_own_exercise_which_syncs_and_is_never_a_program_one(
    contexts: Contexts, e2e_server: ServerProcess, username: str, screenshots: Path
) -> None:
    page = open_app(audited(contexts), e2e_server)
    sign_up(page, username)
    page.get_by_role("button", name="Add exercise").click()
    name = page.get_by_label("Exercise name")
    name.fill("deadlift")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="program")).to_contain_text("opens when you reach its stage")
    name.fill("Face pull")
    expect(page.get_by_role("alert").filter(has_text="program")).to_have_count(0)
    page.get_by_label("Equipment").select_option("machine")
    in_both_schemes(page, screenshots, "add-exercise", scroll_top=False)
    page.get_by_role("button", name="Add", exact=True).click()
    picker = page.get_by_label("Exercise")  # one control by that name, as design.md has it
    expect(picker.locator("option:checked")).to_have_text("Face pull")
    expect(page.get_by_label("Exercise name")).to_have_count(0)
    page.get_by_label("Load (kg)").fill("25")
    page.get_by_label("Reps").fill("15")
    page.get_by_role("button", name="Log set").click()
    expect(page.locator(".session-sets .set-row").first).to_contain_text("Face pull")
    wait_synced(page)
    exercises = server_get(e2e_server, username, "/api/v1/exercises")["exercises"]
    assert [(e["name"], e["kind"]) for e in exercises] == [("Face pull", "machine")], exercises
    [stored] = server_sets(e2e_server, username)
    assert stored["exercise"] == exercises[0]["id"], stored
    # Never counted: the verdict has not moved.
    verdict = server_get(e2e_server, username, "/api/v1/progression")
    assert verdict["stages"][0]["progress"]["qualifying_sessions"] == 0, verdict


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def test_import_file_previews_a_strong_export_imports_it_and_a_second_import_adds_nothing(
    contexts: Contexts, e2e_server: ServerProcess, username: str, screenshots: Path
) -> None:
    page = open_app(audited(contexts), e2e_server)
    sign_up(page, username)
    open_settings(page)
    page.get_by_label("Import file").set_input_files(str(FIXTURES / "strong-b.csv"))
    preview = page.locator(".import-preview")
    expect(preview).to_contain_text("Strong export")
    expect(preview).to_contain_text("to import")
    in_both_schemes(page, screenshots, "import-preview", scroll_top=False)
    page.get_by_role("button", name="Import", exact=True).click()
    done = page.get_by_role("status").filter(has_text="Imported")
    expect(done).to_contain_text("Imported")
    # Settings holds two statuses now (design.md asks for both): the pill is the one in the top bar.
    expect(page.locator("#sync-status")).to_contain_text("Synced", timeout=45_000)
    expect(done).to_contain_text("All synced")
    imported = server_sets(e2e_server, username)
    assert imported, "the sets reached the server"
    assert {s["kind"] for s in imported} >= {"warmup", "working"}, imported

    # The same file again: every session is already here, so there is nothing to import.
    page.get_by_label("Import file").set_input_files(str(FIXTURES / "strong-b.csv"))
    expect(preview).to_contain_text("0 sessions and 0 sets to import")
    expect(page.get_by_role("button", name="Import", exact=True)).to_be_disabled()
    assert len(server_sets(e2e_server, username)) == len(imported)


def test_an_unknown_header_gets_a_clear_message_next_to_the_file_field(
    contexts: Contexts, e2e_server: ServerProcess, username: str
) -> None:
    page = open_app(contexts.new(), e2e_server)
    sign_up(page, username)
    open_settings(page)
    page.get_by_label("Import file").set_input_files(str(FIXTURES / "strong-german.csv"))
    expect(page.get_by_role("alert").filter(has_text="expected")).to_be_visible()
    expect(page.get_by_role("button", name="Import", exact=True)).to_have_count(0)


def import_and_sync(page: Page) -> None:
    """Import the previewed file and wait until the server has all of it."""
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Imported")).to_contain_text("All synced", timeout=45_000)


@pytest.mark.parametrize(
    ("fixture", "format_name", "sessions", "sets"),
    [
        ("hevy-lbs.csv", "Hevy", 1, 3),
        ("fitnotes.csv", "FitNotes", 2, 4),
        ("liftosaur.csv", "Liftosaur", 2, 4),
        ("hinge.json", "Hinge", 2, 6),
    ],
)
def test_each_apps_export_is_recognised_previewed_and_imported_to_the_server(
    contexts: Contexts,
    e2e_server: ServerProcess,
    username: str,
    fixture: str,
    format_name: str,
    sessions: int,
    sets: int,
) -> None:
    page = open_app(contexts.new(), e2e_server)
    sign_up(page, username)
    open_settings(page)
    page.get_by_label("Import file").set_input_files(str(FIXTURES / fixture))
    preview = page.locator(".import-preview")
    expect(preview).to_contain_text(f"{format_name} export")
    expect(preview).to_contain_text(f"{sessions} session{'s' if sessions > 1 else ''} and {sets} sets to import")
    import_and_sync(page)
    stored = server_sessions(e2e_server, username)
    assert (len(stored), sum(len(session["sets"]) for session in stored)) == (sessions, sets), stored


def test_a_strong_file_that_does_not_say_its_units_asks_and_lb_is_stored_as_exact_kg(
    contexts: Contexts, e2e_server: ServerProcess, username: str
) -> None:
    page = open_app(contexts.new(), e2e_server)
    sign_up(page, username)
    open_settings(page)
    page.get_by_label("Import file").set_input_files(str(FIXTURES / "strong-a.csv"))
    expect(page.locator(".import-preview")).to_contain_text("does not say whether its weights are in kg or lb")
    expect(page.get_by_role("button", name="Import", exact=True)).to_have_count(0)
    page.get_by_label("Weights in this file").select_option("lb")
    expect(page.locator(".import-preview")).to_contain_text("2 sessions and 10 sets to import")
    import_and_sync(page)
    loads = {s["load_kg"] for s in server_sets(e2e_server, username) if s["exercise"] == "deadlift"}
    # The file's 60 lb warm-up and 140 lb sets, each converted once with the exact pound.
    assert {60 * LB_KG, 140 * LB_KG} <= loads, loads
