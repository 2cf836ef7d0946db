"""Real headless Chromium (Debian's, never a downloaded one) against ``hinge serve`` on a free port."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from tests.support.server import ServerProcess

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("HINGE_CHROMIUM", "/usr/bin/chromium")
OUTPUT = Path(os.environ.get("HINGE_TEST_OUTPUT", ROOT / "test-output"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
]
PHONE = {"width": 360, "height": 740}
_names = itertools.count()

# Two cores running a server, a browser and the tests: wait on conditions generously.
expect.set_options(timeout=20_000)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if shutil.which(CHROMIUM) is None and not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/test.sh installs Debian's chromium", pytrace=False)
    return CHROMIUM


@pytest.fixture(scope="session")
def e2e_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path_factory.mktemp("hinge-e2e")).start()
    yield process
    process.stop()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright, chromium_path: str) -> Iterator[Browser]:
    launched = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
    yield launched
    launched.close()


class Console:
    """Page errors and CSP violations seen by a context's pages: a test fails on any of them."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def watch(self, page: Page) -> None:
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("console", self._console)

    def _console(self, message: object) -> None:
        text = str(getattr(message, "text", ""))
        kind = str(getattr(message, "type", ""))
        if "Content Security Policy" in text or (kind == "error" and "Failed to load resource" not in text):
            self.problems.append(f"console {kind}: {text}")


class Contexts:
    """Browser contexts (one per device), each with its own storage, as 360 x 740 phones."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.opened: list[BrowserContext] = []
        self.console = Console()

    def new(self, color_scheme: str = "light", **options: Any) -> BrowserContext:
        context = self.browser.new_context(
            viewport=PHONE,
            device_scale_factor=1,
            color_scheme=color_scheme,  # type: ignore[arg-type]
            locale="en-GB",
            timezone_id="Europe/London",
            **{"service_workers": "allow", **options},
        )
        context.set_default_timeout(20_000)
        context.on("page", self.console.watch)
        self.opened.append(context)
        return context

    def close(self) -> None:
        for context in self.opened:
            context.close()


@pytest.fixture
def contexts(browser: Browser) -> Iterator[Contexts]:
    opened = Contexts(browser)
    yield opened
    problems = opened.console.problems
    opened.close()
    assert problems == [], problems


@pytest.fixture
def username() -> str:
    return f"e2e{os.getpid()}_{next(_names)}"


@pytest.fixture(scope="session")
def screenshots() -> Path:
    folder = OUTPUT / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
