"""Strict JSON decoding into msgspec types, with failures located by position and type.

msgspec decodes fast and strictly (``"0"`` is not ``0``), but its errors are
prose whose wording changes between releases. So the fast path is msgspec
alone, and only when it refuses the input is the input examined again here:
Python's ``UnicodeDecodeError`` and ``json.JSONDecodeError`` give the byte and
line of bad UTF-8 or bad JSON as attributes, and a walk over the target type
(``msgspec.inspect``) finds the first value of the wrong shape and its path.
No message text of any library is read.

The second look is also more lenient in one way on purpose: Python's ``json``
accepts a lone UTF-16 surrogate escape such as ``"\\ud83d"`` (what JavaScript's
``JSON.stringify`` makes of half an emoji), which msgspec refuses as malformed.
Such a document has the right shape; the value check downstream refuses the
one value, so a sync batch can name the op that holds it.
"""

from __future__ import annotations

import json
import re
from typing import Any, Generic, TypeVar

import msgspec
from msgspec import inspect

T = TypeVar("T")
Path = tuple[str | int, ...]


class BadShape(ValueError):
    """Input that is not the JSON expected (a 400); ``where`` names the place, ``problem`` says what."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


def format_path(path: Path, root: str) -> str:
    """``("ops", 3, "hlc")`` reads ``ops[3].hlc``; the empty path is ``root``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or root


class StrictDecoder(Generic[T]):
    """A reusable msgspec JSON decoder for ``type_`` whose every refusal is a ``BadShape``."""

    def __init__(self, type_: type[T], *, root: str = "body") -> None:
        self.type = type_
        self.root = root
        self._decoder = msgspec.json.Decoder(type_)
        self._info = inspect.type_info(type_)

    def decode(self, data: bytes, prefix: Path = ()) -> T:
        """Decode ``data``; a failure names its place below ``prefix`` (such as ``("ops", 3)``)."""
        try:
            # JSON is UTF-8 throughout, also inside keys msgspec skips without looking.
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise BadShape(format_path(prefix, self.root), f"not UTF-8 (byte {error.start})") from None
        try:
            return self._decoder.decode(data)
        except (msgspec.DecodeError, RecursionError):
            return self._second_look(data, prefix)

    def _second_look(self, data: bytes, prefix: Path) -> T:
        where = format_path(prefix, self.root)
        value = parse_json(data, where)
        problem = find_problem(value, self._info, prefix)
        if problem is not None:
            path, what = problem
            raise BadShape(format_path(path, self.root), what)
        try:
            converted: T = msgspec.convert(_with_raw(value, self._info), self.type, strict=True)
        except (msgspec.ValidationError, RecursionError):
            # A constraint find_problem does not model; say so without guessing where.
            raise BadShape(where, f"does not have the expected shape ({_describe(self._info)})") from None
        return converted


def parse_json(data: bytes, where: str) -> Any:
    """Python's reading of ``data``, or ``BadShape`` saying where it stops being JSON."""
    text = data.decode("utf-8")
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        if error.pos >= len(text.rstrip()):
            raise BadShape(where, "not valid JSON (it ends early: truncated)") from None
        raise BadShape(where, f"not valid JSON (line {error.lineno}, column {error.colno})") from None
    except _NotJson as error:
        raise BadShape(where, f"not valid JSON ({error.constant} is not a JSON number)") from None
    except RecursionError:
        raise BadShape(where, "not valid JSON (nested too deeply)") from None


class _NotJson(ValueError):
    def __init__(self, constant: str) -> None:
        super().__init__(constant)
        self.constant = constant


def _refuse_constant(constant: str) -> Any:
    raise _NotJson(constant)  # NaN, Infinity and -Infinity are Python's, not JSON's


def _json_type(value: Any) -> str:
    match value:
        case None:
            return "null"
        case bool():
            return "bool"
        case int():
            return "int"
        case float():
            return "float"
        case str():
            return "str"
        case list():
            return "array"
        case _:
            return "object"


def _describe(info: inspect.Type) -> str:
    """What a type accepts, in a few words: ``int >= 1``, ``str``, ``array``."""
    match info:
        case inspect.IntType() | inspect.FloatType():
            name = "int" if isinstance(info, inspect.IntType) else "number"
            bounds = [f"{op} {limit}" for op, limit in _bounds(info)]
            return f"{name} {' and '.join(bounds)}" if bounds else name
        case inspect.StrType():
            if info.pattern is not None:
                return f"str matching {info.pattern}"
            if info.min_length:
                return f"str of at least {info.min_length} characters"
            return "str"
        case inspect.BoolType():
            return "bool"
        case inspect.NoneType():
            return "null"
        case inspect.ListType() | inspect.VarTupleType() | inspect.SetType() | inspect.FrozenSetType():
            return "array"
        case inspect.StructType() | inspect.DictType():
            return "object"
        case inspect.UnionType():
            kinds = dict.fromkeys(_kind(member) for member in info.types)
            if "number" in kinds:
                kinds.pop("int", None)  # every int is a number
            return " or ".join(kinds)
        case inspect.LiteralType():
            return "one of " + ", ".join(repr(value) for value in info.values)
        case _:
            return "any JSON value"


def _kind(info: inspect.Type) -> str:
    """One word for what a type accepts, bounds aside: ``int``, ``number``, ``str``, ``object`` ..."""
    match info:
        case inspect.LiteralType():
            return "one of " + ", ".join(repr(value) for value in info.values)
        case inspect.IntType() | inspect.FloatType() | inspect.StrType():
            return _describe(type(info)())
        case _:
            return _describe(info)


def _bounds(info: inspect.IntType | inspect.FloatType) -> list[tuple[str, int | float]]:
    pairs = [(">", info.gt), (">=", info.ge), ("<", info.lt), ("<=", info.le)]
    return [(op, limit) for op, limit in pairs if limit is not None]


def _within(value: int | float, info: inspect.IntType | inspect.FloatType) -> bool:
    return (
        (info.gt is None or value > info.gt)
        and (info.ge is None or value >= info.ge)
        and (info.lt is None or value < info.lt)
        and (info.le is None or value <= info.le)
    )


def find_problem(value: Any, info: inspect.Type, path: Path = ()) -> tuple[Path, str] | None:
    """The first place where ``value`` (plain JSON data) is not of type ``info``, and why; None when it is."""
    match info:
        case inspect.AnyType() | inspect.RawType():
            return None
        case inspect.StructType():
            return _struct_problem(value, info, path)
        case inspect.UnionType():
            return _union_problem(value, info, path)
        case inspect.IntType():
            if not isinstance(value, int) or isinstance(value, bool):
                return path, f"expected int, got {_json_type(value)}"
            return None if _within(value, info) else (path, f"expected {_describe(info)}")
        case inspect.FloatType():
            if not isinstance(value, int | float) or isinstance(value, bool):
                return path, f"expected number, got {_json_type(value)}"
            return None if _within(value, info) else (path, f"expected {_describe(info)}")
        case inspect.StrType():
            return _str_problem(value, info, path)
        case inspect.BoolType() | inspect.NoneType():
            expected = _describe(info)
            return None if _json_type(value) == expected else (path, f"expected {expected}, got {_json_type(value)}")
        case inspect.ListType() | inspect.VarTupleType() | inspect.SetType() | inspect.FrozenSetType():
            return _array_problem(value, info, path)
        case inspect.DictType():
            if not isinstance(value, dict):
                return path, f"expected object, got {_json_type(value)}"
            for key, item in value.items():
                found = find_problem(item, info.value_type, (*path, key))
                if found is not None:
                    return found
            return None
        case inspect.LiteralType():
            return None if value in info.values else (path, f"expected {_describe(info)}")
        case _:
            return None  # a type our structs do not use; msgspec.convert has the last word


def _struct_problem(value: Any, info: inspect.StructType, path: Path) -> tuple[Path, str] | None:
    if not isinstance(value, dict):
        return path, f"expected object, got {_json_type(value)}"
    known = {field.encode_name for field in info.fields}
    if info.forbid_unknown_fields:
        for key in value:
            if key not in known:
                return (*path, key), "unknown key"
    for field in info.fields:
        if field.encode_name not in value:
            if field.required:
                return (*path, field.encode_name), "required key is missing"
            continue
        found = find_problem(value[field.encode_name], field.type, (*path, field.encode_name))
        if found is not None:
            return found
    return None


_KINDS: dict[str, tuple[type, ...]] = {
    "int": (inspect.IntType, inspect.FloatType),
    "float": (inspect.FloatType,),
    "str": (inspect.StrType,),
    "object": (inspect.StructType, inspect.DictType),
    "array": (inspect.ListType, inspect.VarTupleType, inspect.SetType, inspect.FrozenSetType),
}


def _union_problem(value: Any, info: inspect.UnionType, path: Path) -> tuple[Path, str] | None:
    problems = [find_problem(value, member, path) for member in info.types]
    if any(problem is None for problem in problems):
        return None
    # Prefer the complaint of a member of the value's own kind (a number out of
    # range is better told as its bound than as "expected int or null").
    kind = _json_type(value)
    for member, problem in zip(info.types, problems, strict=True):
        if isinstance(member, _KINDS.get(kind, ())):
            return problem
    return path, f"expected {_describe(info)}, got {kind}"


def _str_problem(value: Any, info: inspect.StrType, path: Path) -> tuple[Path, str] | None:
    if not isinstance(value, str):
        return path, f"expected str, got {_json_type(value)}"
    too_short = info.min_length is not None and len(value) < info.min_length
    too_long = info.max_length is not None and len(value) > info.max_length
    if too_short or too_long:
        return path, f"expected {_describe(info)}"
    if info.pattern is not None and re.search(info.pattern, value) is None:
        return path, f"expected {_describe(info)}"
    return None


def _array_problem(
    value: Any,
    info: inspect.ListType | inspect.VarTupleType | inspect.SetType | inspect.FrozenSetType,
    path: Path,
) -> tuple[Path, str] | None:
    if not isinstance(value, list):
        return path, f"expected array, got {_json_type(value)}"
    if info.max_length is not None and len(value) > info.max_length:
        return path, f"expected at most {info.max_length} items, got {len(value)}"
    if info.min_length is not None and len(value) < info.min_length:
        return path, f"expected at least {info.min_length} items, got {len(value)}"
    for index, item in enumerate(value):
        found = find_problem(item, info.item_type, (*path, index))
        if found is not None:
            return found
    return None


def _with_raw(value: Any, info: inspect.Type) -> Any:
    """``value`` with each part that ``info`` declares ``msgspec.Raw`` turned back into JSON bytes.

    ``ensure_ascii`` writes a lone surrogate back as its ``\\uXXXX`` escape, so
    the part decodes again exactly as it was sent.
    """
    match info:
        case inspect.RawType():
            return msgspec.Raw(json.dumps(value, ensure_ascii=True).encode())
        case inspect.StructType() if isinstance(value, dict):
            types = {field.encode_name: field.type for field in info.fields}
            return {key: _with_raw(item, types[key]) if key in types else item for key, item in value.items()}
        case inspect.ListType() if isinstance(value, list):
            return [_with_raw(item, info.item_type) for item in value]
        case _:
            return value
