"""Ops, the field table of sync-protocol.md section 3, and op validation.

An op sets one field of one entity. The field table is data: which entities
exist, which fields they have, and how each value is checked. The exercise and
form-cue ids come from the program's catalog, passed in as a ``Catalog``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import msgspec

from sync import values
from sync.hlc import MalformedHlc, all_well_formed_of, wall_and_node
from sync.values import InvalidValue, ValueCheck

FORM_PREFIX = "form."
MAX_CLOCK_AHEAD_MS = 10 * 60 * 1000
# Each user has one profile; every device edits this one entity, so last-writer-wins merges it.
PROFILE_ID = "00000000-0000-0000-0000-000000000000"
WARMUP = "warmup"  # the set kind the progression engine counts for nothing
SET_KINDS = frozenset({"working", WARMUP, "drop", "failure"})
EXERCISE_KINDS = frozenset({"barbell", "dumbbell", "kettlebell", "machine", "band", "bodyweight", "other"})
MAX_EXERCISE_NAME = 80
MAX_PLATES = 20


class Op(msgspec.Struct, frozen=True, gc=False):
    """One write: set ``field`` of ``(entity, entity_id)`` to ``value`` at clock ``hlc``.

    ``gc=False``: a value decoded from JSON can't form a reference cycle, and a
    sync batch holds thousands of ops the cycle collector would otherwise scan.
    """

    hlc: str
    entity: str
    entity_id: str
    field: str
    value: Any

    def same_content(self, other: Op) -> bool:
        return (self.entity, self.entity_id, self.field, self.value) == (
            other.entity,
            other.entity_id,
            other.field,
            other.value,
        ) and type(self.value) is type(other.value)


class Catalog(msgspec.Struct, frozen=True):
    """The ids an op may name: exercises and form cues of the program."""

    exercise_ids: frozenset[str]
    cue_ids: frozenset[str]


class OpRejected(ValueError):
    """An op the server must refuse; the subclass says why (the server maps it to a status)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class InvalidOp(OpRejected):
    """A malformed clock or id, an unknown entity or field, or a bad value."""


class ForeignNode(OpRejected):
    """The op's clock names another device than the one sending it."""


class ClockAhead(OpRejected):
    """The op's clock is too far ahead of the server's; ``server_time_ms`` lets the device correct it."""

    def __init__(self, detail: str, *, server_time_ms: int) -> None:
        super().__init__(detail)
        self.server_time_ms = server_time_ms


def exercise_reference(catalog: Catalog) -> ValueCheck:
    """A set's exercise: an exercise id of the program, or the UUID of the lifter's own exercise."""

    def check(value: Any) -> str:
        if isinstance(value, str) and (value in catalog.exercise_ids or values.is_uuid(value)):
            return value
        raise values.InvalidValue(f"unknown exercise {value!r}: expected a program exercise id or an exercise's UUID")

    return check


def field_table(catalog: Catalog) -> Mapping[str, Mapping[str, ValueCheck]]:
    """The fields of each entity with the check of its value (``form.*`` handled apart)."""
    load = values.number(0, 100)
    return {
        "session": {
            "started_at": values.date_time,
            "ended_at": values.nullable(values.date_time),
            "notes": values.text(),
            "deleted": values.boolean,
        },
        "set": {
            "session_id": values.uuid,
            "exercise": exercise_reference(catalog),
            "load_kg": values.nullable(values.number(0, 1000)),
            "reps": values.integer(0, 1000),
            "rpe": values.nullable(values.number(1, 10, step=0.5)),
            "performed_at": values.date_time,
            "position": values.number(-values.MAX_SAFE_INTEGER, values.MAX_SAFE_INTEGER),
            "notes": values.text(),
            "pain": values.boolean,
            "kind": values.one_of(SET_KINDS, "set kind"),
            "deleted": values.boolean,
        },
        # A lifter's own exercise: never gated, never counted by the engine.
        "exercise": {
            "name": values.text(MAX_EXERCISE_NAME, min_length=1),
            "kind": values.one_of(EXERCISE_KINDS, "exercise kind"),
            "deleted": values.boolean,
        },
        "profile": {
            "units": values.one_of(frozenset({"kg", "lb"}), "unit"),
            "bar_kg": load,
            "plates_kg": values.array_of(load, MAX_PLATES),
        },
    }


class OpValidator:
    """Validates ops against the field table; built once per catalog and reused."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.fields = field_table(catalog)

    def check_value(self, entity: str, field: str, value: Any) -> Any:
        """The normalised value, or InvalidOp for an unknown field or a bad value."""
        fields = self.fields.get(entity)
        if fields is None:
            expected = ", ".join(repr(name) for name in self.fields)
            raise InvalidOp(f"unknown entity {entity!r}: expected one of {expected}")
        if entity == "set" and field.startswith(FORM_PREFIX):
            cue = field.removeprefix(FORM_PREFIX)
            if cue not in self.catalog.cue_ids:
                raise InvalidOp(f"unknown form cue {cue!r} in field {field!r}")
            check: ValueCheck = values.boolean
        elif field in fields:
            check = fields[field]
        else:
            raise InvalidOp(f"unknown field {field!r} of entity {entity!r}")
        try:
            return check(value)
        except InvalidValue as error:
            raise InvalidOp(f"bad value for {entity}.{field}: {error}") from error

    def validate_value(self, op: Op, *, device_id: str, now_ms: int) -> Op:
        """``validate`` for an op of a batch ``clocks_and_ids_hold`` passed: the value alone."""
        value = self.check_value(op.entity, op.field, op.value)
        return op if value is op.value else Op(op.hlc, op.entity, op.entity_id, op.field, value)

    def validate(self, op: Op, *, device_id: str, now_ms: int) -> Op:
        """Check one op as the server receives it from ``device_id`` at ``now_ms``.

        Returns the op with its value normalised. The order of the checks makes
        the refusal of one op deterministic: malformed clock, foreign node,
        clock too far ahead, then the entity, field and value.
        """
        try:
            wall_ms, node = wall_and_node(op.hlc)
        except MalformedHlc as error:
            raise InvalidOp(str(error)) from error
        if node != device_id:
            raise ForeignNode(f"hlc node {node} is not this device's id {device_id}")
        if wall_ms > now_ms + MAX_CLOCK_AHEAD_MS:
            raise ClockAhead(
                f"hlc wall clock is {wall_ms - now_ms} ms ahead of the server; correct the clock offset",
                server_time_ms=now_ms,
            )
        if not values.is_uuid(op.entity_id):
            raise InvalidOp(f"entity_id must be a lowercase canonical UUID, got {op.entity_id!r}")
        if op.entity == "profile" and op.entity_id != PROFILE_ID:
            raise InvalidOp(f"a profile's entity_id is always {PROFILE_ID}, got {op.entity_id!r}")
        return self.validate_value(op, device_id=device_id, now_ms=now_ms)


def clocks_and_ids_hold(ops: Sequence[Op], *, device_id: str, now_ms: int) -> bool:
    """Whether every op passes what ``validate`` checks before its value: a well-formed clock
    of this device, not too far ahead, and a canonical entity_id (the profile's own for a
    profile). A few calls for the whole batch instead of several per op; when it is False,
    ``validate`` op by op finds which op fails first, and why."""
    hlcs = [op.hlc for op in ops]
    if not hlcs:
        return True
    # Clocks of one fixed width compare as text in the order of their walls.
    return (
        all_well_formed_of(hlcs, device_id)
        and int(max(hlcs)[:13]) <= now_ms + MAX_CLOCK_AHEAD_MS
        and values.all_uuids([op.entity_id for op in ops])
        and all(op.entity_id == PROFILE_ID for op in ops if op.entity == "profile")
    )
