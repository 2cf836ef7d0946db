"""An exercise's own screen (issue 10, item 5), in real Chromium at 360 x 740: reached from History,
its records, a line chart of best e1RM and bars of volume per session, and a PR badge on the set
that beat a record. The numbers come from the sets (records.js), in the lifter's units.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.app import go, open_app, sign_up
from tests.e2e.checks import audited, in_both_schemes
from tests.e2e.conftest import Contexts
from tests.support.server import ServerProcess


def log_hip_thrust(page: Page, load: str, reps: int) -> None:
    page.get_by_label("Exercise").select_option("hip_thrust")
    page.get_by_label("Load (kg)").fill(load)
    page.get_by_label("Reps").fill(str(reps))
    page.get_by_role("button", name="Log set").click()


def test_history_leads_to_the_exercise_screen_with_records_charts_and_a_pr_badge(
    contexts: Contexts, e2e_server: ServerProcess, username: str, screenshots: Path
) -> None:
    page = open_app(audited(contexts), e2e_server)
    sign_up(page, username)
    log_hip_thrust(page, "60", 10)
    log_hip_thrust(page, "80", 8)  # heavier, and a better e1RM: a record beaten
    expect(page.locator(".session-sets .badge-record")).to_have_count(1)
    go(page, "History")
    expect(page.locator(".history-set .badge-record")).to_have_count(1)
    page.get_by_role("link", name="Hip thrust (posterior pelvic tilt) records").first.click()
    expect(page.get_by_role("heading", level=1, name="Hip thrust (posterior pelvic tilt)")).to_be_visible()
    records = page.locator(".records")
    expect(records).to_contain_text("80 kg")
    # Epley: 80 x (30 + 8) / 30 = 101.3 kg.
    expect(records).to_contain_text("101.3 kg")
    charts = page.get_by_role("img")
    expect(charts.filter(has=page.locator(".chart-line"))).to_have_count(1)
    expect(page.locator("svg[role=img]")).to_have_count(2)
    in_both_schemes(page, screenshots, "exercise-screen")
    page.get_by_role("link", name="History").first.click()
    expect(page.get_by_role("heading", level=1, name="History")).to_be_visible()


def test_the_progress_ladder_names_each_stages_exercises_as_links_to_their_screens(
    contexts: Contexts, e2e_server: ServerProcess, username: str
) -> None:
    page = open_app(audited(contexts), e2e_server)
    sign_up(page, username)
    go(page, "Progress")
    ladder = page.locator(".ladder")
    expect(ladder.get_by_role("link", name="Kettlebell swing records")).to_be_visible()
    # A locked stage's exercise has a screen too: it simply holds no records yet.
    ladder.get_by_role("link", name="Deadlift records", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Deadlift", exact=True)).to_be_visible()
    page.go_back()
    expect(page.get_by_role("heading", level=1, name="Progress")).to_be_visible()
