"""The routes of sync-protocol.md under ``/api/v1``."""

from __future__ import annotations

from typing import Any

from litestar import MediaType, Request, Response, Router, delete, get, post
from litestar.datastructures import State
from litestar.params import FromPath, RawBody
from litestar.response import Stream

from server.errors import ApiError
from server.routes.openapi import SessionsOperation, SyncOperation, json_body
from server.service import Hinge
from server.wire import (
    MAX_SESSIONS_PAGE,
    AccountCreated,
    AccountRequest,
    DeviceCreated,
    DeviceList,
    DeviceRequest,
    ExerciseList,
    Health,
    SyncResponse,
    account_decoder,
    device_decoder,
    page_limit,
)
from sync.reduce import SessionView

AnyRequest = Request[Any, Any, State]

# A username, a password and a device name: a few hundred bytes, about 4 KiB with every character
# escaped. A declared Content-Length over this is refused (413) before any of the body is read.
MAX_AUTH_BODY_BYTES = 8 * 1024


def _hinge(request: AnyRequest) -> Hinge:
    hinge: Hinge = request.app.state.hinge
    return hinge


@get("/health", sync_to_thread=True)
def health(request: AnyRequest) -> Health:
    if not _hinge(request).store.ping():
        raise ApiError(503, "database: not answering")
    return Health(status="ok", database="ok")


# Bodies are read as bytes and decoded by ``server.decoding``, never by
# Litestar, so every refusal names its field the same way on every route.


def _address(request: AnyRequest) -> str:
    return request.client.host if request.client else "unknown"


# Async: the argon2 hash waits on its own small pool (server.auth.Passwords), never in a request
# thread, so a flood of sign-ups cannot hold the threads every other route needs.
@post(
    "/accounts",
    status_code=201,
    operation_class=json_body(AccountRequest),
    request_max_body_size=MAX_AUTH_BODY_BYTES,
)
async def create_account(request: AnyRequest, body: RawBody) -> AccountCreated:
    data = account_decoder.decode(body)
    return AccountCreated(user_id=await _hinge(request).create_account(data.username, data.password, _address(request)))


@post(
    "/devices",
    status_code=201,
    operation_class=json_body(DeviceRequest),
    request_max_body_size=MAX_AUTH_BODY_BYTES,
)
async def create_device(request: AnyRequest, body: RawBody) -> DeviceCreated:
    data = device_decoder.decode(body)
    return await _hinge(request).sign_in(data.username, data.password, data.name, _address(request))


@get("/devices", sync_to_thread=True)
def list_devices(request: AnyRequest) -> DeviceList:
    hinge = _hinge(request)
    device = hinge.authenticate(request.headers.get("authorization"))
    return DeviceList(devices=hinge.list_devices(device))


@delete("/devices/{device_id:str}", status_code=204, sync_to_thread=True)
def revoke_device(request: AnyRequest, device_id: FromPath[str]) -> None:
    hinge = _hinge(request)
    hinge.revoke_device(hinge.authenticate(request.headers.get("authorization")), device_id)


@post("/sync", status_code=200, operation_class=SyncOperation)
async def sync(request: AnyRequest) -> SyncResponse:
    # Async on purpose: the token is looked up once and then remembered (sync checks the device
    # again in its transaction), and the write waits on the writer's future, not in
    # a thread, so many requests can share one commit. The token is checked
    # before the body is even read; the body is decoded strictly by the service.
    hinge = _hinge(request)
    device = await hinge.authenticate_sync(request.headers.get("authorization"))
    return await hinge.sync(device, await request.body())


@get("/exercises", sync_to_thread=True)
def list_exercises(request: AnyRequest) -> ExerciseList:
    hinge = _hinge(request)
    return ExerciseList(exercises=hinge.exercises(hinge.authenticate(request.headers.get("authorization"))))


@get("/sessions", sync_to_thread=True, operation_class=SessionsOperation)
def list_sessions(request: AnyRequest) -> Response[Any]:
    # With ?limit=N one page and its next_cursor; without, every session, streamed a page at a time.
    hinge = _hinge(request)
    device = hinge.authenticate(request.headers.get("authorization"))
    limit = page_limit(request.query_params.get("limit"))
    cursor = request.query_params.get("cursor")
    if limit is None and cursor is None:
        return Stream(hinge.sessions_json(device), media_type=MediaType.JSON)
    return Response(hinge.sessions_page(device, limit or MAX_SESSIONS_PAGE, cursor))


@get("/sessions/{session_id:str}", sync_to_thread=True)
def get_session(request: AnyRequest, session_id: FromPath[str]) -> SessionView:
    hinge = _hinge(request)
    return hinge.session(hinge.authenticate(request.headers.get("authorization")), session_id)


@get("/program")
async def program(request: AnyRequest) -> Response[bytes]:
    return Response(_hinge(request).program_json, media_type=MediaType.JSON)


@get("/progression", sync_to_thread=True)
def progression(request: AnyRequest) -> Response[bytes]:
    hinge = _hinge(request)
    verdict = hinge.progression(hinge.authenticate(request.headers.get("authorization")))
    return Response(verdict, media_type=MediaType.JSON)


api_router = Router(
    path="/api/v1",
    route_handlers=[
        health,
        create_account,
        create_device,
        list_devices,
        revoke_device,
        sync,
        list_exercises,
        list_sessions,
        get_session,
        program,
        progression,
    ],
)
