"""Fixtures for every test folder: the storage backends the contract tests run on, and figures.

Tests that take ``database_url`` (or the integration suite's ``server``) run
once on SQLite and once on PostgreSQL. The PostgreSQL server is the one
``./scripts/test.sh`` started (``HINGE_TEST_POSTGRES_URL``), or else one this
run starts itself and stops at the end; each test gets a database of its own.

A test that measures something a reader of the run wants to see (how many fuzzed inputs
ran, a Jepsen run's seed and size) passes it to ``report_figure``; the lines are printed in a
"figures from this run" section at the end, also when the tests ran in several workers.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.postgres import PostgresServer, fresh_database

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[str]:
    url = os.environ.get("HINGE_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    # Not under pytest's own temp dir: its folders are private to us, and under
    # root the server runs as another user who must reach its directory.
    root = Path(tempfile.mkdtemp(prefix="hinge-postgres-"))
    server = PostgresServer(root).start()
    try:
        yield server.url
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def database_for(request: pytest.FixtureRequest, backend: str) -> str:
    """``--database-url`` for ``backend``: empty for SQLite (the data dir), a fresh database for PostgreSQL."""
    if backend == "sqlite":
        return ""
    return fresh_database(request.getfixturevalue("postgres_cluster"))


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    return database_for(request, request.param)


FIGURE = "figure"
_figures: list[str] = []


@pytest.fixture
def report_figure(record_property: Callable[[str, object], None]) -> Callable[[str], None]:
    """Print ``line`` with the test's id in the run's closing summary."""

    def report(line: str) -> None:
        record_property(FIGURE, line)

    return report


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # The teardown report carries every property the test recorded; under xdist it reaches
    # the controlling process, which prints the summary.
    if report.when == "teardown":
        _figures.extend(f"{report.nodeid}: {value}" for key, value in report.user_properties if key == FIGURE)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _figures:
        terminalreporter.section("figures from this run")
        for line in sorted(_figures):
            terminalreporter.write_line(line)
