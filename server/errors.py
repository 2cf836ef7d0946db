"""Every error the API sends is JSON with a ``detail`` (sync-protocol.md section 6)."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

logger = logging.getLogger("hinge")


class ApiError(Exception):
    """A refusal with a status, a detail, and for a sync batch the index of the bad op."""

    def __init__(
        self,
        status_code: int,
        detail: str,
        *,
        op_index: int | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.detail = detail
        self.op_index = op_index
        self.extra = extra or {}
        self.headers = headers


def _body(detail: str, **extra: Any) -> dict[str, Any]:
    return {"detail": detail, **extra}


def _is_sync(request: Request[Any, Any, Any]) -> bool:
    # A sync rejection always says which op was bad, null when none was.
    return request.url.path.endswith("/api/v1/sync")


def api_error_handler(request: Request[Any, Any, Any], error: ApiError) -> Response[dict[str, Any]]:
    body = _body(error.detail, **error.extra)
    if error.op_index is not None or _is_sync(request):
        body["op_index"] = error.op_index
    return Response(body, status_code=error.status_code, headers=error.headers)


def validation_error_handler(_: Request[Any, Any, Any], error: ValidationException) -> Response[dict[str, Any]]:
    """Litestar's 400 for a body of the wrong shape, with the field named in ``detail``.

    (The sync body is decoded by the service itself, so the first bad op can decide.)
    """
    problems = error.extra if isinstance(error.extra, list) else []
    problem = problems[0] if problems and isinstance(problems[0], dict) else {}
    key = str(problem.get("key") or "body")
    # Litestar calls the request body "data"; clients know it as the body.
    key = "body" if key == "data" else key.removeprefix("data.")
    message = str(problem.get("message") or error.detail)
    return Response(_body(message if key in message else f"{key}: {message}"), status_code=400)


def http_error_handler(request: Request[Any, Any, Any], error: HTTPException) -> Response[dict[str, Any]]:
    detail = str(error.detail)
    if error.status_code == 400 and detail.startswith("JSON is malformed"):
        detail = f"body: {detail}"
    body = _body(detail)
    if _is_sync(request):
        body["op_index"] = None
    return Response(body, status_code=error.status_code, headers=error.headers)


def unexpected_error_handler(request: Request[Any, Any, Any], error: Exception) -> Response[dict[str, Any]]:
    if isinstance(error, UnicodeDecodeError | RecursionError):
        # Raised while Litestar decodes a body that is not UTF-8 or nests too deep.
        body = _body(f"body: not valid JSON ({type(error).__name__})")
        status = 400
    else:
        logger.exception("unhandled error", exc_info=error)
        body, status = _body("internal server error"), 500
    if _is_sync(request):
        body["op_index"] = None
    return Response(body, status_code=status)
