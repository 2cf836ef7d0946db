"""The PWA's life beyond the happy path: updates, revoked tokens, captive portals, exports, two tabs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
from playwright.sync_api import Route, expect

from tests.e2e.app import (
    PASSWORD,
    log_set,
    open_app,
    server_sets,
    sign_up,
    status,
    wait_for_service_worker,
    wait_synced,
)
from tests.e2e.checks import audited, in_both_schemes
from tests.e2e.conftest import ROOT, Contexts
from tests.support.device import Device
from tests.support.server import ServerProcess

MODULE_SRC = "() => document.querySelector('script[type=module]').src"


def test_a_new_version_waits_until_the_lifter_taps_reload_to_update(
    contexts: Contexts, tmp_path: Path, username: str, screenshots: Path
) -> None:
    pwa = tmp_path / "pwa"
    shutil.copytree(ROOT / "pwa", pwa)
    server = ServerProcess(tmp_path / "data", env={"HINGE_PWA_DIR": str(pwa)}).start()
    try:
        page = open_app(audited(contexts), server)
        sign_up(page, username)
        log_set(page)
        wait_synced(page)
        wait_for_service_worker(page)
        old = page.evaluate(MODULE_SRC)

        server.stop()
        css = pwa / "css" / "app.css"
        css.write_text(css.read_text() + "\n/* the next version */\n")
        server.start()
        page.evaluate("() => navigator.serviceWorker.getRegistration().then((registration) => registration.update())")

        update = page.get_by_role("button", name="Reload to update")
        expect(update).to_be_visible()
        assert page.evaluate(MODULE_SRC) == old, "the new version waits; the open page keeps running"
        expect(page.get_by_role("banner").get_by_text("A new version of Hinge is ready.")).to_be_visible()
        in_both_schemes(page, screenshots, "update-offered")
        update.click()
        page.wait_for_function(
            f"() => !document.querySelector('script[type=module]').src.endsWith({json.dumps(old[-30:])})"
        )
        expect(page.get_by_role("button", name="Log set")).to_be_visible()
        expect(page.get_by_role("listitem").filter(has_text="Band \u00d7 12")).to_have_count(1)
        caches = page.evaluate("() => caches.keys()")
        assert len([name for name in caches if name.startswith("hinge-shell-")]) == 1, caches
    finally:
        server.stop()


def test_a_revoked_device_keeps_its_sets_and_syncs_them_after_signing_in_again(
    contexts: Contexts, e2e_server: ServerProcess, username: str, screenshots: Path
) -> None:
    page = open_app(audited(contexts), e2e_server)
    sign_up(page, username, "phone")
    log_set(page, reps=12)
    wait_synced(page)
    with httpx.Client(base_url=e2e_server.url, timeout=30) as client:
        laptop = Device.sign_in(client, username, PASSWORD, "laptop")
        devices = laptop.get("/api/v1/devices").json()["devices"]
        phone_id = next(device["device_id"] for device in devices if device["name"] == "phone")
        assert client.delete(f"/api/v1/devices/{phone_id}", headers=laptop.headers).status_code == 204

    log_set(page, reps=13)
    expect(status(page)).to_have_text("Sign in again")
    expect(page.get_by_role("listitem").filter(has_text="Band \u00d7 13")).to_be_visible()
    # The banner is part of the page's header landmark, under the top bar.
    sign_in_link = page.get_by_role("banner").get_by_role("link", name="Sign in to sync")
    expect(sign_in_link).to_be_visible()
    in_both_schemes(page, screenshots, "signed-out")
    # A reload between losing the token and signing in again: the waiting set must survive it.
    page.reload()
    expect(status(page)).to_have_text("Sign in again")
    expect(page.get_by_role("button", name="Log set")).to_be_visible()
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    assert page.evaluate("scrollY") > 0
    sign_in_link.click()
    expect(page.get_by_label("Username")).to_have_value(username)
    assert page.evaluate("scrollY") == 0, "the sign-in screen opens at its top"
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    wait_synced(page)
    assert sorted(s["reps"] for s in server_sets(e2e_server, username)) == [12, 13]


def test_a_captive_portals_200_login_page_acknowledges_nothing(
    contexts: Contexts, e2e_server: ServerProcess, username: str
) -> None:
    context = contexts.new(service_workers="block")
    page = open_app(context, e2e_server)
    sign_up(page, username)
    wait_synced(page)
    portal_hits: list[str] = []

    def portal(route: Route) -> None:
        portal_hits.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<html><form>Log in to the Wi-Fi</form></html>")

    context.route("**/api/v1/sync", portal)
    log_set(page)
    expect(status(page)).to_contain_text("1 change waiting")
    page.wait_for_function("() => globalThis.hinge.syncer.failures > 0")
    assert portal_hits
    expect(status(page)).to_contain_text("1 change waiting")
    assert server_sets(e2e_server, username) == []

    context.unroute("**/api/v1/sync")
    wait_synced(page)  # the backoff retries by itself
    assert len(server_sets(e2e_server, username)) == 1


def test_export_gives_the_log_as_json_and_csv(contexts: Contexts, e2e_server: ServerProcess, username: str) -> None:
    page = open_app(contexts.new(), e2e_server)
    sign_up(page, username)
    log_set(page, reps=12)
    log_set(page, reps=14)
    page.get_by_role("navigation").get_by_role("link", name="Devices").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export JSON").click()
    exported = json.loads(Path(download.value.path()).read_text())
    assert [s["reps"] for s in exported["sessions"][0]["sets"]] == [12, 14]
    assert exported["username"] == username
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    rows = Path(download.value.path()).read_text().strip().splitlines()
    assert rows[0].startswith("session_id,session_started_at")
    assert [row.split(",")[8] for row in rows[1:]] == ["12", "14"]


def test_the_newest_tab_keeps_the_log_and_an_older_one_steps_aside(
    contexts: Contexts, e2e_server: ServerProcess, username: str
) -> None:
    context = contexts.new()
    first = open_app(context, e2e_server)
    sign_up(first, username)
    log_set(first, reps=12)
    second = open_app(context, e2e_server)
    expect(second.get_by_role("button", name="Log set")).to_be_visible()
    expect(first.get_by_text("Hinge is open in another tab")).to_be_visible()
    log_set(second, reps=13)
    wait_synced(second)
    assert sorted(s["reps"] for s in server_sets(e2e_server, username)) == [12, 13]
