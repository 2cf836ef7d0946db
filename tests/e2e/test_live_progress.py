"""Live progress during the workout (the issue's item 3), in real Chromium, offline.

The train-now card counts this session's clean sets ("2 of 3 clean sets today"), says at once why
the latest set does not count (the unticked cue, pain), and announces an unlock in a polite live
region of its own (the sync pill stays the only role=status).
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.e2e.app import log_set, open_app, sign_up, status
from tests.e2e.checks import audited, in_both_schemes
from tests.e2e.conftest import Contexts
from tests.support.server import ServerProcess


def count(page: Page) -> Locator:
    return page.locator(".train-now .live-count")


def why(page: Page) -> Locator:
    return page.locator(".train-now .live-why")


def announced(page: Page) -> Locator:
    return page.locator('.train-now [aria-live="polite"]')


def test_the_card_counts_clean_sets_says_why_one_does_not_count_and_announces_the_unlock_offline(
    contexts: Contexts, e2e_server: ServerProcess, username: str, screenshots: Path
) -> None:
    context = audited(contexts)
    page = open_app(context, e2e_server)
    sign_up(page, username)
    context.set_offline(True)
    expect(count(page)).to_have_count(0)  # no session under way yet

    log_set(page)
    expect(count(page)).to_have_text("1 of 3 clean sets today")
    expect(why(page)).to_have_count(0)
    log_set(page)
    expect(count(page)).to_have_text("2 of 3 clean sets today")

    page.get_by_role("checkbox", name="Hips back").uncheck()
    page.get_by_role("button", name="Log set").click()
    expect(why(page)).to_have_text("Hips back not ticked")
    expect(count(page)).to_have_text("2 of 3 clean sets today")

    page.get_by_role("checkbox", name="Pain").check()
    log_set(page)
    expect(why(page)).to_have_text("Pain: this set does not count")
    expect(count(page)).to_have_text("2 of 3 clean sets today")
    expect(status(page)).to_have_count(1)
    in_both_schemes(page, screenshots, "live-progress")
    page.get_by_role("checkbox", name="Pain").uncheck()

    log_set(page)
    expect(count(page)).to_have_text("3 of 3 clean sets today")
    expect(why(page)).to_have_count(0)
    expect(announced(page)).to_have_text("")
    page.get_by_role("button", name="Finish session").click()
    expect(count(page)).to_have_count(0)

    # The second clean session masters the pull-through: the swing unlocks, said politely.
    for done in (1, 2, 3):
        log_set(page)
        if done < 3:
            expect(count(page)).to_have_text(f"{done} of 3 clean sets today")
    expect(announced(page)).to_have_text("Kettlebell swings unlocked")
    expect(page.locator(".train-now .train-title")).to_have_text("Kettlebell swing")
    expect(count(page)).to_have_text("Pull-throughs: 3 of 3 clean sets today")
    page.get_by_role("button", name="Finish session").click()
    expect(announced(page)).to_have_text("Kettlebell swings unlocked")
    expect(status(page)).to_have_count(1)
    expect(status(page)).to_contain_text("Offline")
    in_both_schemes(page, screenshots, "live-progress-unlocked")


def test_a_reload_during_the_session_shows_its_count_again(
    contexts: Contexts, e2e_server: ServerProcess, username: str
) -> None:
    page = open_app(contexts.new(), e2e_server)
    sign_up(page, username)
    log_set(page)
    log_set(page, reps=9)
    expect(why(page)).to_have_text("9 reps: outside 10\u201320")
    page.reload()
    expect(page.get_by_role("button", name="Log set")).to_be_visible()
    expect(count(page)).to_have_text("1 of 3 clean sets today")
    expect(why(page)).to_have_text("9 reps: outside 10\u201320")
    expect(announced(page)).to_have_text("")
