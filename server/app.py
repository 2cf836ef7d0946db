"""The composition root: ``create_app`` is the one place that wires things together."""

from __future__ import annotations

from litestar import Litestar
from litestar.datastructures import State
from litestar.exceptions import HTTPException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin

from server.decoding import BadShape
from server.errors import (
    ApiError,
    api_error_handler,
    bad_shape_handler,
    http_error_handler,
    unexpected_error_handler,
)
from server.progression.program import load_program
from server.routes.api import api_router
from server.routes.pwa import Shell, pwa_router, security_headers
from server.service import Hinge
from server.settings import Settings
from server.store import SqliteStore, Store


def open_store(settings: Settings) -> Store:
    """The storage adapter ``settings`` ask for: PostgreSQL for a database URL, else SQLite in the data dir."""
    if settings.uses_postgres:
        from server.store.postgres import PostgresStore  # psycopg loads only when asked for

        return PostgresStore(settings.database_url, pool_size=settings.database_pool_size)
    return SqliteStore(settings.database_path)


def create_app(settings: Settings) -> Litestar:
    program = load_program()
    store = open_store(settings)
    hinge = Hinge(settings, store, program)
    shell = Shell(settings.pwa_dir, hinge.program_json)
    return Litestar(
        route_handlers=[api_router, pwa_router],
        state=State({"hinge": hinge, "shell": shell}),
        before_send=[security_headers],
        on_shutdown=[store.close, hinge.passwords.close],
        request_max_body_size=settings.max_body_bytes,
        exception_handlers={
            ApiError: api_error_handler,
            BadShape: bad_shape_handler,
            HTTPException: http_error_handler,
            Exception: unexpected_error_handler,
        },
        # The document only, as JSON: the viewers Litestar offers load their scripts from a CDN,
        # which has no place on the origin that holds the lifter's token.
        openapi_config=OpenAPIConfig(title="Hinge", version="1", path="/schema", render_plugins=[JsonRenderPlugin()]),
    )
