"""OpenAPI documentation for request bodies, which the handlers decode themselves.

Every handler reads its body as bytes and decodes it with ``server.decoding``
(``POST /api/v1/sync`` only after checking the token, so the first bad op can
decide the status); Litestar therefore can't see the bodies' types, and these
operation classes write their schemas into the OpenAPI document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.enums import ParamType
from litestar.openapi.spec import (
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Parameter,
    Reference,
    RequestBody,
    Schema,
)
from litestar.params import KwargDefinition
from msgspec import inspect

from sync.ops import Catalog, field_table

_STRING = Schema(type=OpenAPIType.STRING)
# The entities an op may name, from the table that checks them (the catalog does not change them).
ENTITIES = sorted(field_table(Catalog(exercise_ids=frozenset(), cue_ids=frozenset())))

# An op as a sync body sends it and a pull answers it.
OP = Schema(
    type=OpenAPIType.OBJECT,
    required=["hlc", "entity", "entity_id", "field", "value"],
    properties={
        "hlc": Schema(type=OpenAPIType.STRING, pattern="^[0-9]{13}-[0-9a-f]{4}-[0-9a-f]{16}$"),
        "entity": Schema(type=OpenAPIType.STRING, enum=list(ENTITIES)),
        "entity_id": Schema(type=OpenAPIType.STRING, format=None),
        "field": _STRING,
        "value": Schema(),
    },
)

SYNC_BODY = Schema(
    type=OpenAPIType.OBJECT,
    required=["since", "ops"],
    properties={
        "since": Schema(type=OpenAPIType.INTEGER, minimum=0, maximum=2**53),
        "limit": Schema(type=OpenAPIType.INTEGER, minimum=1, maximum=5000),
        "ops": Schema(type=OpenAPIType.ARRAY, max_items=5000, items=OP),
    },
)

# For a field that holds ops as JSON already joined (a pull's page), which Litestar can't see into.
OPS_JSON = KwargDefinition(schema_extra={"type": OpenAPIType.ARRAY, "items": OP})


def _body(schema: Schema) -> RequestBody:
    return RequestBody(content={"application/json": OpenAPIMediaType(schema=schema)}, required=True)


@dataclass
class SyncOperation(Operation):
    def __post_init__(self) -> None:
        self.request_body = _body(SYNC_BODY)


# GET /api/v1/sessions parses its own query (so a bad one is refused like every other input) and
# answers either every session, streamed, or one page: Litestar sees neither from the handler.
SESSIONS_PARAMETERS: list[Parameter | Reference] = [
    Parameter(
        name="limit",
        param_in=ParamType.QUERY,
        required=False,
        description="At most this many sessions, and the cursor to go on from; without it, every session.",
        schema=Schema(type=OpenAPIType.INTEGER, minimum=1, maximum=500),
    ),
    Parameter(
        name="cursor",
        param_in=ParamType.QUERY,
        required=False,
        description="The next_cursor of the page before.",
        schema=_STRING,
    ),
]
SESSIONS_REPLY = Schema(
    type=OpenAPIType.OBJECT,
    required=["sessions"],
    properties={
        "sessions": Schema(type=OpenAPIType.ARRAY, items=Reference(ref="#/components/schemas/SessionView")),
        "next_cursor": Schema(
            one_of=[_STRING, Schema(type=OpenAPIType.NULL)],
            description="Only with limit or cursor: where the next page starts; null on the last.",
        ),
    },
)


@dataclass
class SessionsOperation(Operation):
    def __post_init__(self) -> None:
        self.parameters = SESSIONS_PARAMETERS
        content = {"application/json": OpenAPIMediaType(schema=SESSIONS_REPLY)}
        self.responses = {**(self.responses or {}), "200": OpenAPIResponse(description="The sessions", content=content)}


def struct_schema(struct_type: type[Any]) -> Schema:
    """The schema of a flat Struct of strings and integers (the account and device bodies)."""
    info = inspect.type_info(struct_type)
    assert isinstance(info, inspect.StructType)
    kinds = {inspect.StrType: OpenAPIType.STRING, inspect.IntType: OpenAPIType.INTEGER}
    return Schema(
        type=OpenAPIType.OBJECT,
        required=[field.encode_name for field in info.fields if field.required],
        properties={field.encode_name: Schema(type=kinds[type(field.type)]) for field in info.fields},
    )


def json_body(struct_type: type[Any]) -> type[Operation]:
    """An operation class documenting ``struct_type`` as the JSON request body."""
    schema = struct_schema(struct_type)

    @dataclass
    class BodyOperation(Operation):
        def __post_init__(self) -> None:
            self.request_body = _body(schema)

    return BodyOperation
