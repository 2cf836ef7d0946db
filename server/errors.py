"""Every error the API sends is JSON with a ``detail`` (sync-protocol.md section 6)."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException

from server.decoding import BadShape

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


def bad_shape_handler(request: Request[Any, Any, Any], error: BadShape) -> Response[dict[str, Any]]:
    """A body that is not the JSON expected: 400 naming where (``body``, or the field)."""
    body = _body(str(error))
    if _is_sync(request):
        body["op_index"] = None
    return Response(body, status_code=400)


def http_error_handler(request: Request[Any, Any, Any], error: HTTPException) -> Response[dict[str, Any]]:
    body = _body(str(error.detail))
    if _is_sync(request):
        body["op_index"] = None
    return Response(body, status_code=error.status_code, headers=error.headers)


def unexpected_error_handler(request: Request[Any, Any, Any], error: Exception) -> Response[dict[str, Any]]:
    logger.exception("unhandled error", exc_info=error)
    body = _body("internal server error")
    if _is_sync(request):
        body["op_index"] = None
    return Response(body, status_code=500)
