"""Checks for the value types the protocol allows (sync-protocol.md section 3).

Each checker takes a decoded JSON value and returns it normalised (``12.0``
becomes ``12`` wherever a number is whole) or raises ``InvalidValue`` with a
message a client developer can act on.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

MAX_SAFE_INTEGER = 2**53
MAX_TEXT_LENGTH = 2000

_UUID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_RFC3339_PATTERN = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))"
)

ValueCheck = Callable[[Any], Any]


class InvalidValue(ValueError):
    """A value of the wrong type or out of range."""


def lines_of(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A pattern for texts that each match ``pattern``, one per line, for ``all_match``."""
    return re.compile(rf"(?:{pattern.pattern}\n)*")


def all_match(lines_pattern: re.Pattern[str], texts: Sequence[str]) -> str | None:
    """The texts joined one per line when each matches (``lines_pattern`` from ``lines_of``),
    else None: a whole batch checked in one call."""
    lines = "".join(text + "\n" for text in texts)
    # One newline per text: none may hold one of its own (two ids on two lines are one bad id).
    if lines.count("\n") != len(texts) or lines_pattern.fullmatch(lines) is None:
        return None
    return lines


_UUID_LINES = lines_of(_UUID_PATTERN)


def all_uuids(texts: Sequence[str]) -> bool:
    """Whether every one of ``texts`` is a lowercase canonical UUID, in one call."""
    return all_match(_UUID_LINES, texts) is not None


def is_uuid(value: object) -> bool:
    return isinstance(value, str) and _UUID_PATTERN.fullmatch(value) is not None


def is_encodable_text(value: str) -> bool:
    """False for strings holding lone surrogates, which no UTF-8 store accepts."""
    if value.isascii():  # most text, known without encoding it
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse_rfc3339(value: str) -> datetime:
    """Parse an RFC 3339 date-time into an aware UTC datetime, or raise InvalidValue."""
    match = _RFC3339_PATTERN.fullmatch(value)
    if match is None:
        raise InvalidValue(f"expected an RFC 3339 date-time such as 2026-11-24T18:30:00Z, got {value!r}")
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    try:
        offset = timedelta(0)
        if not zulu:
            if int(off_h) > 23 or int(off_m) > 59:
                raise ValueError("offset out of range")
            offset = timedelta(hours=int(off_h), minutes=int(off_m))
            if sign == "-":
                offset = -offset
        micros = int((fraction or "0")[:6].ljust(6, "0"))
        local = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micros, timezone(offset))
        return local.astimezone(UTC)
    except (ValueError, OverflowError) as error:
        raise InvalidValue(f"not a real date-time: {value!r}") from error


def rfc3339_instant_us(value: str) -> int:
    """Microseconds since the epoch, for ordering date-times as instants, not text."""
    moment = parse_rfc3339(value)
    return (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def _number(value: Any) -> int | float:
    # bool is a subclass of int in Python, but JSON true is not a number.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValue(f"expected a number, got {_json_type(value)}")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidValue("expected a finite number")
        if value.is_integer() and abs(value) <= MAX_SAFE_INTEGER:
            return int(value)
    if isinstance(value, int) and abs(value) > MAX_SAFE_INTEGER:
        raise InvalidValue("integers must lie within ±2^53")
    return value


def number(minimum: float | None = None, maximum: float | None = None, step: float | None = None) -> ValueCheck:
    def check(value: Any) -> int | float:
        result = _number(value)
        if minimum is not None and result < minimum:
            raise InvalidValue(f"must be at least {minimum:g}, got {result}")
        if maximum is not None and result > maximum:
            raise InvalidValue(f"must be at most {maximum:g}, got {result}")
        if step is not None and not (result / step).is_integer():
            raise InvalidValue(f"must be a multiple of {step:g}, got {result}")
        return result

    return check


def integer(minimum: int, maximum: int) -> ValueCheck:
    bounded = number(minimum, maximum)

    def check(value: Any) -> int:
        result = bounded(value)
        if not isinstance(result, int):
            raise InvalidValue(f"expected a whole number, got {result}")
        return result

    return check


def nullable(inner: ValueCheck) -> ValueCheck:
    def check(value: Any) -> Any:
        return None if value is None else inner(value)

    check.__name__ = f"nullable_{inner.__name__}"
    return check


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidValue(f"expected true or false, got {_json_type(value)}")
    return value


def text(max_length: int = MAX_TEXT_LENGTH, min_length: int = 0) -> ValueCheck:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise InvalidValue(f"expected a string, got {_json_type(value)}")
        if len(value) > max_length:
            raise InvalidValue(f"must be at most {max_length} characters, got {len(value)}")
        if len(value) < min_length:
            raise InvalidValue(f"must be at least {min_length} character{'s' * (min_length != 1)}")
        if not is_encodable_text(value):
            raise InvalidValue("string holds an unpaired surrogate")
        return value

    return check


def array_of(item: ValueCheck, max_items: int) -> ValueCheck:
    """An array of at most ``max_items`` values, each checked (and normalised) by ``item``."""

    def check(value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise InvalidValue(f"expected an array, got {_json_type(value)}")
        if len(value) > max_items:
            raise InvalidValue(f"must hold at most {max_items} items, got {len(value)}")
        checked = []
        for index, entry in enumerate(value):
            try:
                checked.append(item(entry))
            except InvalidValue as error:
                raise InvalidValue(f"item {index}: {error}") from None
        return checked

    return check


def date_time(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidValue(f"expected an RFC 3339 date-time string, got {_json_type(value)}")
    parse_rfc3339(value)
    return value


def uuid(value: Any) -> str:
    if not is_uuid(value):
        raise InvalidValue(f"expected a lowercase canonical UUID, got {value!r}")
    return str(value)


def one_of(allowed: frozenset[str], what: str) -> ValueCheck:
    def check(value: Any) -> str:
        if not isinstance(value, str) or value not in allowed:
            raise InvalidValue(f"unknown {what} {value!r}")
        return value

    return check


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
