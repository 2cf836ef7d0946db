"""OpenAPI documentation for the sync body, which the handler decodes itself.

``POST /api/v1/sync`` reads its body as bytes (after checking the token) so the
first bad op can decide the status; Litestar therefore can't see the body's
type, and this operation class writes its schema into the OpenAPI document.
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar.openapi.spec import OpenAPIMediaType, OpenAPIType, Operation, RequestBody, Schema

_STRING = Schema(type=OpenAPIType.STRING)

SYNC_BODY = Schema(
    type=OpenAPIType.OBJECT,
    required=["since", "ops"],
    properties={
        "since": Schema(type=OpenAPIType.INTEGER, minimum=0, maximum=2**53),
        "limit": Schema(type=OpenAPIType.INTEGER, minimum=1, maximum=5000),
        "ops": Schema(
            type=OpenAPIType.ARRAY,
            max_items=5000,
            items=Schema(
                type=OpenAPIType.OBJECT,
                required=["hlc", "entity", "entity_id", "field", "value"],
                properties={
                    "hlc": Schema(type=OpenAPIType.STRING, pattern="^[0-9]{13}-[0-9a-f]{4}-[0-9a-f]{16}$"),
                    "entity": Schema(type=OpenAPIType.STRING, enum=["session", "set"]),
                    "entity_id": Schema(type=OpenAPIType.STRING, format=None),
                    "field": _STRING,
                    "value": Schema(),
                },
            ),
        ),
    },
)


@dataclass
class SyncOperation(Operation):
    def __post_init__(self) -> None:
        self.request_body = RequestBody(content={"application/json": OpenAPIMediaType(schema=SYNC_BODY)}, required=True)
