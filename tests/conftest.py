"""Fixtures for every test folder: the storage backends the contract tests run on.

Tests that take ``database_url`` (or the integration suite's ``server``) run
once on SQLite and once on PostgreSQL. The PostgreSQL server is the one
``./scripts/test.sh`` started (``HINGE_TEST_POSTGRES_URL``), or else one this
run starts itself and stops at the end; each test gets a database of its own.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
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
