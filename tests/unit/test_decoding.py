"""Strict decoding: every refusal names its place from the input itself, never from a library's wording."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
import pytest

from server.decoding import BadShape, StrictDecoder, find_problem, format_path
from server.wire import SyncRequest, decode_op, decode_sync_request
from sync.ops import Op


class Inner(msgspec.Struct, forbid_unknown_fields=True):
    count: Annotated[int, msgspec.Meta(ge=1)]
    name: str = ""


class Outer(msgspec.Struct):
    items: list[Inner]
    label: str | None = None


def problem_of(data: bytes, type_: type[Any] = Outer) -> BadShape:
    with pytest.raises(BadShape) as caught:
        StrictDecoder(type_).decode(data)
    return caught.value


@pytest.mark.parametrize(
    ("data", "where", "problem"),
    [
        (b'{"items": [{"count": 1}, {"count": "2"}]}', "items[1].count", "expected int, got str"),
        (b'{"items": [{"count": 0}]}', "items[0].count", "expected int >= 1"),
        (b'{"items": [{"count": 1, "colour": "red"}]}', "items[0].colour", "unknown key"),
        (b'{"items": [{}]}', "items[0].count", "required key is missing"),
        (b'{"label": "x"}', "items", "required key is missing"),
        (b'{"items": {}}', "items", "expected array, got object"),
        (b'{"items": [], "label": 5}', "label", "expected str or null, got int"),
        (b"[]", "body", "expected object, got array"),
    ],
)
def test_a_value_of_the_wrong_shape_is_named_by_its_path(data: bytes, where: str, problem: str) -> None:
    error = problem_of(data)
    assert (error.where, error.problem) == (where, problem)
    assert str(error) == f"{where}: {problem}"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b'{"items": [', "not valid JSON (it ends early: truncated)"),
        (b'{"items": []', "not valid JSON (it ends early: truncated)"),
        (b'{"items": [}', "not valid JSON (line 1, column 12)"),
        (b'{\n  "items": [],\n  oops\n}', "not valid JSON (line 3, column 3)"),
        (b'{"items": [], "label": NaN}', "not valid JSON (NaN is not a JSON number)"),
        (b"[" * 5000 + b"]" * 5000, "not valid JSON (nested too deeply)"),
        (b'{"items": [], "x": "\xff"}', "not UTF-8 (byte 20)"),
    ],
)
def test_bad_bytes_and_bad_json_are_located(data: bytes, problem: str) -> None:
    error = problem_of(data)
    assert (error.where, error.problem) == ("body", problem)


def test_a_lone_surrogate_escape_decodes_so_the_value_check_can_refuse_it() -> None:
    # msgspec refuses the document; Python's json reads it, so the op keeps its place.
    op = decode_op(
        msgspec.Raw(b'{"hlc": "h", "entity": "set", "entity_id": "e", "field": "notes", "value": "\\ud83d"}'), 0
    )
    assert op == Op("h", "set", "e", "notes", "\ud83d")


def test_a_sync_body_holding_a_lone_surrogate_keeps_each_op_apart() -> None:
    body = b'{"since": 0, "ops": [{"a": "\\ud83d\\ude00"}, {"b": "\\ud83d"}]}'
    request = decode_sync_request(body)
    assert request.since == 0
    assert [bytes(raw) for raw in request.ops] == [b'{"a": "\\ud83d\\ude00"}', b'{"b": "\\ud83d"}']


def test_an_ops_error_is_named_below_its_index() -> None:
    with pytest.raises(BadShape) as caught:
        decode_op(msgspec.Raw(b'{"hlc": 5}'), 3)
    assert str(caught.value) == "ops[3].hlc: expected str, got int"


class GibberishDecoder:
    """Stands in for msgspec with errors whose text says nothing true."""

    def decode(self, data: bytes) -> Any:
        raise msgspec.ValidationError("Expected `banana` - at `$.nowhere[7]`")


def test_the_detail_comes_from_the_input_not_from_the_library_message() -> None:
    decoder = StrictDecoder(SyncRequest)
    decoder._decoder = GibberishDecoder()  # type: ignore[assignment]
    with pytest.raises(BadShape) as caught:
        decoder.decode(b'{"since": "0", "ops": []}')
    assert str(caught.value) == "since: expected int, got str"


def test_a_document_the_walk_finds_no_fault_in_still_decodes_exactly() -> None:
    assert StrictDecoder(Outer).decode(b'{"items": [{"count": 2, "name": "\\ud83d"}]}') == Outer([Inner(2, "\ud83d")])


def test_paths_read_like_javascript() -> None:
    assert format_path(("ops", 3, "hlc"), "body") == "ops[3].hlc"
    assert format_path((), "body") == "body"
    assert format_path((0, "a"), "(top level)") == "[0].a"


def test_a_number_out_of_range_is_told_by_its_bound_even_in_a_union() -> None:
    kg = Annotated[int, msgspec.Meta(ge=0, le=1000)] | Annotated[float, msgspec.Meta(ge=0, le=1000)] | None
    info = msgspec.inspect.type_info(kg)
    assert find_problem(1001, info) == ((), "expected int >= 0 and <= 1000")
    assert find_problem("heavy", info) == ((), "expected number or null, got str")
    assert find_problem(2.5, info) is None


def test_a_union_tells_the_complaint_of_the_member_of_the_values_own_kind() -> None:
    from typing import Literal

    coded = Annotated[str, msgspec.Meta(pattern="^[a-z]+$")] | int
    assert find_problem("ABC", msgspec.inspect.type_info(coded)) == ((), "expected str matching ^[a-z]+$")
    assert find_problem([], msgspec.inspect.type_info(coded)) == ((), "expected str or int, got array")
    choice = msgspec.inspect.type_info(Literal["kg", "lb"] | None)
    assert find_problem(5, choice) == ((), "expected one of 'kg', 'lb' or null, got int")
