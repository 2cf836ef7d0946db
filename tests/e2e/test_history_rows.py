"""History's set rows read like a logbook (the issue's item 5), in real Chromium at 360 x 740.

Load times reps ("60 kg", "Band" or "Bodyweight" without a load, then the reps), a tick or the
first missed cue named, a Pain badge, "RPE 8", all on one line; Edit and Delete behind one tap on
the row.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.app import CUES, PASSWORD, go, log_set, sign_in, sign_up, wait_synced
from tests.e2e.checks import audited, in_both_schemes
from tests.e2e.conftest import Contexts
from tests.support.device import Device, new_id
from tests.support.server import ServerProcess

# (exercise, load, reps, rpe, pain, missed cues)
PLAN: list[tuple[str, float | None, int, float | None, bool, list[str]]] = [
    ("deadlift", 60, 10, 8, False, []),
    ("deadlift", 62.5, 8, None, False, ["hips_back", "bar_close"]),
    ("pull_through", None, 12, 7, True, []),
    ("kettlebell_swing", None, 15, None, False, ["neutral_spine"]),
    ("hip_thrust", 100, 10, 9.5, True, ["posterior_tilt", "glute_squeeze"]),
]
HIP_THRUST_CUES = ["posterior_tilt", "glute_squeeze"]


def seed(server: ServerProcess, username: str) -> None:
    """One session two days ago with the sets of PLAN, through the API."""
    with httpx.Client(base_url=server.url, timeout=30) as client:
        client.post("/api/v1/accounts", json={"username": username, "password": PASSWORD})
        device = Device.sign_in(client, username, PASSWORD, "laptop")
        day = datetime.now(UTC).replace(hour=18, minute=0, second=0, microsecond=0) - timedelta(days=2)
        session = new_id()
        device.write("session", session, "started_at", day.isoformat().replace("+00:00", "Z"))
        for position, (exercise, load, reps, rpe, pain, missed) in enumerate(PLAN):
            cues = CUES.get(exercise, HIP_THRUST_CUES)
            device.log_set(
                session,
                exercise=exercise,
                load_kg=load,
                reps=reps,
                rpe=rpe,
                pain=pain,
                performed_at=(day + timedelta(minutes=3 * position)).isoformat().replace("+00:00", "Z"),
                position=position,
                **{f"form_{cue}": cue not in missed for cue in cues},
            )
        device.sync()


def rows(page: Page) -> Any:
    return page.get_by_role("main").get_by_role("listitem").filter(has=page.locator(":scope > button[aria-expanded]"))


def row(page: Page, text: str) -> Any:
    return rows(page).filter(has_text=text)


def open_history(contexts: Contexts, server: ServerProcess, username: str) -> Page:
    seed(server, username)
    page = audited(contexts).new_page()
    page.goto(f"{server.url}/")
    sign_in(page, username, "phone")
    wait_synced(page)
    go(page, "History")
    expect(rows(page)).to_have_count(len(PLAN))
    return page


# Each row: its content box is one line box high, every piece on that one line, nothing past its end.
_ONE_LINE = """() => [...document.querySelectorAll(".history-set .logrow-toggle")].map((button) => {
  const style = getComputedStyle(button);
  const lineBox = parseFloat(style.lineHeight);
  const content = button.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
  const box = button.getBoundingClientRect();
  const pieces = [...button.children].filter((piece) => getComputedStyle(piece).position !== "absolute");
  const tops = pieces.map((piece) => Math.round(piece.getBoundingClientRect().top));
  return {
    text: button.textContent,
    lineBox,
    content,
    lines: Math.max(...pieces.map((piece) => piece.getClientRects().length)),
    tops: [...new Set(tops)].length,
    overflows: [...pieces, ...button.querySelectorAll(".set-more")].some(
      (piece) => piece.getBoundingClientRect().right > box.right + 0.5,
    ),
    tallest: Math.max(...pieces.map((piece) => piece.getBoundingClientRect().height)),
  };
})"""


def test_rows_read_load_reps_cues_pain_and_rpe_on_one_line_at_360_px(
    contexts: Contexts, e2e_server: ServerProcess, username: str, screenshots: Path
) -> None:
    page = open_history(contexts, e2e_server, username)
    assert page.evaluate("window.innerWidth") == 360

    clean = row(page, "60 kg \u00d7 10")
    expect(clean).to_contain_text("Deadlift")
    expect(clean).to_contain_text("✓")
    expect(clean).to_contain_text("RPE 8")
    expect(clean).not_to_contain_text("missed")
    expect(clean.get_by_text("Pain", exact=True)).to_have_count(0)
    expect(clean.get_by_role("button", expanded=False)).to_have_accessible_name(
        "60 kg \u00d7 10 Deadlift all cues RPE 8"
    )

    missed = row(page, "62.5 kg \u00d7 8")
    # The first missed cue, in the exercise's order, and how many more were missed.
    expect(missed.get_by_role("button", expanded=False)).to_have_accessible_name(
        "62.5 kg \u00d7 8 Deadlift missed: Hips back +1"
    )
    expect(missed.get_by_text("+1", exact=True)).to_be_visible()
    expect(missed).not_to_contain_text("✓")
    expect(missed).not_to_contain_text("RPE")

    band = row(page, "Band \u00d7 12")
    expect(band).to_contain_text("Pull-through")
    expect(band).to_contain_text("✓")
    expect(band).to_contain_text("RPE 7")
    pain = band.get_by_text("Pain", exact=True)
    expect(pain).to_be_visible()
    assert "badge" in (pain.get_attribute("class") or "")

    bodyweight = row(page, "Bodyweight \u00d7 15")
    expect(bodyweight).to_contain_text("Kettlebell swing")
    expect(bodyweight).to_contain_text("missed: Neutral spine")
    expect(bodyweight).not_to_contain_text("+")

    long = row(page, "100 kg \u00d7 10")
    expect(long).to_contain_text("missed: Posterior tilt")
    expect(long.get_by_text("+1", exact=True)).to_be_visible()
    expect(long.get_by_text("Pain", exact=True)).to_be_visible()
    expect(long.get_by_text("RPE 9.5", exact=True)).to_be_visible()

    measured = page.evaluate(_ONE_LINE)
    assert len(measured) == len(PLAN)
    for one in measured:
        assert abs(one["content"] - one["lineBox"]) < 1, one
        assert one["lines"] == 1, one
        assert one["tops"] == 1, one
        assert one["tallest"] <= one["lineBox"] + 0.5, one
        assert not one["overflows"], one

    expect(page.get_by_role("button", name="Edit", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Delete", exact=True)).to_have_count(0)
    in_both_schemes(page, screenshots, "history-rows")


def test_one_tap_opens_one_row_with_edit_and_delete_and_escape_or_a_tap_elsewhere_closes_it(
    contexts: Contexts, e2e_server: ServerProcess, username: str, screenshots: Path
) -> None:
    page = open_history(contexts, e2e_server, username)
    edit = page.get_by_role("button", name="Edit", exact=True)
    delete = page.get_by_role("button", name="Delete", exact=True)
    expect(edit).to_have_count(0)
    expect(delete).to_have_count(0)

    first = row(page, "60 kg \u00d7 10").get_by_role("button", expanded=False)
    first.click()
    expect(row(page, "60 kg \u00d7 10").get_by_role("button", expanded=True)).to_be_visible()
    expect(edit).to_have_count(1)
    expect(delete).to_have_count(1)
    expect(row(page, "60 kg \u00d7 10").get_by_role("button", name="Edit", exact=True)).to_be_visible()
    in_both_schemes(page, screenshots, "history-row-open")

    # Another row: it opens, the first closes; still exactly one pair.
    row(page, "Band \u00d7 12").get_by_role("button", expanded=False).click()
    expect(row(page, "Band \u00d7 12").get_by_role("button", name="Delete", exact=True)).to_be_visible()
    expect(row(page, "60 kg \u00d7 10").get_by_role("button", expanded=False)).to_be_visible()
    expect(edit).to_have_count(1)
    expect(delete).to_have_count(1)

    # The same row again closes it.
    row(page, "Band \u00d7 12").get_by_role("button", expanded=True).click()
    expect(edit).to_have_count(0)

    # Keyboard: Enter opens, Tab reaches Edit then Delete, Escape closes and the row keeps the focus.
    toggle = row(page, "Bodyweight \u00d7 15").get_by_role("button", expanded=False)
    toggle.focus()
    page.keyboard.press("Enter")
    expect(row(page, "Bodyweight \u00d7 15").get_by_role("button", expanded=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(row(page, "Bodyweight \u00d7 15").get_by_role("button", name="Edit", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(row(page, "Bodyweight \u00d7 15").get_by_role("button", name="Delete", exact=True)).to_be_focused()
    page.keyboard.press("Escape")
    expect(delete).to_have_count(0)
    expect(row(page, "Bodyweight \u00d7 15").get_by_role("button", expanded=False)).to_be_focused()

    # A tap elsewhere closes it.
    row(page, "100 kg \u00d7 10").get_by_role("button", expanded=False).click()
    expect(edit).to_have_count(1)
    page.get_by_role("heading", name="History", level=1).click()
    expect(edit).to_have_count(0)
    expect(row(page, "100 kg \u00d7 10").get_by_role("button", expanded=False)).to_be_visible()


def test_delete_from_the_row_then_undo_restores_the_set(
    contexts: Contexts, e2e_server: ServerProcess, username: str
) -> None:
    page = open_history(contexts, e2e_server, username)
    row(page, "Band \u00d7 12").get_by_role("button", expanded=False).click()
    row(page, "Band \u00d7 12").get_by_role("button", name="Delete", exact=True).click()
    expect(rows(page)).to_have_count(len(PLAN) - 1)
    expect(row(page, "Band \u00d7 12")).to_have_count(0)
    expect(page.get_by_role("button", name="Delete", exact=True)).to_have_count(0)
    page.get_by_role("button", name="Undo").click()
    expect(rows(page)).to_have_count(len(PLAN))
    restored = row(page, "Band \u00d7 12")
    expect(restored.get_by_text("Pain", exact=True)).to_be_visible()
    expect(restored).to_contain_text("RPE 7")
    expect(restored.get_by_role("button", expanded=False)).to_be_visible()
    wait_synced(page)


def test_todays_rows_read_the_same_on_one_line(contexts: Contexts, e2e_server: ServerProcess, username: str) -> None:
    page = audited(contexts).new_page()
    page.goto(f"{e2e_server.url}/")
    sign_up(page, username)
    log_set(page, reps=12, cues=["Hips back"])
    log_set(page, reps=13)
    today = page.get_by_role("main").locator(".set-row")
    expect(today).to_have_count(2)
    missed = today.filter(has_text="Band \u00d7 12")
    expect(missed).to_contain_text("missed: Neutral spine")  # Hips back was ticked
    expect(missed.get_by_text("+3", exact=True)).to_be_visible()
    expect(today.filter(has_text="Band \u00d7 13")).to_contain_text("✓")
    heights = page.evaluate(
        """() => [...document.querySelectorAll(".set-row .logrow")].map(
            (row) => [row.clientHeight, parseFloat(getComputedStyle(row).lineHeight)],
        )"""
    )
    assert len(heights) == 2, heights
    assert all(abs(height - line) < 1 for height, line in heights), heights
    expect(page.get_by_role("button", name="Edit", exact=True)).to_have_count(0)
