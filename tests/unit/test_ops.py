from typing import Any

import pytest

from sync.ops import Catalog, ClockAhead, ForeignNode, InvalidOp, Op, OpValidator

NODE = "0123456789abcdef"
NOW = 1_764_000_000_000
SET_ID = "3f0c6b8e-2d7a-4c1e-9b5a-0d1e2f3a4b5c"
CATALOG = Catalog(exercise_ids=frozenset({"pull_through", "deadlift"}), cue_ids=frozenset({"hips_back"}))
validator = OpValidator(CATALOG)


def op(field: str, value: Any, *, entity: str = "set", hlc: str | None = None, entity_id: str = SET_ID) -> Op:
    return Op(hlc or f"{NOW:013d}-0000-{NODE}", entity, entity_id, field, value)


def check(o: Op) -> Op:
    return validator.validate(o, device_id=NODE, now_ms=NOW)


@pytest.mark.parametrize(
    ("entity", "field", "value"),
    [
        ("session", "started_at", "2026-11-24T18:30:00Z"),
        ("session", "started_at", "2026-11-24T18:30:00.123456789+02:00"),
        ("session", "ended_at", None),
        ("session", "notes", "x" * 2000),
        ("session", "deleted", True),
        ("set", "session_id", SET_ID),
        ("set", "exercise", "deadlift"),
        ("set", "load_kg", 102.5),
        ("set", "load_kg", None),
        ("set", "reps", 0),
        ("set", "rpe", 7.5),
        ("set", "rpe", None),
        ("set", "form.hips_back", False),
        ("set", "performed_at", "2026-11-24t18:30:00z"),
        ("set", "position", -3.25),
        ("set", "pain", True),
        ("set", "exercise", SET_ID),  # a lifter's own exercise, by its UUID
        ("set", "kind", "warmup"),
        ("set", "kind", "failure"),
        ("exercise", "name", "Bulgarian split squat"),
        ("exercise", "kind", "dumbbell"),
        ("exercise", "deleted", True),
    ],
)
def test_every_field_of_the_table_accepts_a_good_value(entity: str, field: str, value: Any) -> None:
    assert check(op(field, value, entity=entity)).value == value


@pytest.mark.parametrize(
    ("entity", "field", "value"),
    [
        ("session", "started_at", "2026-02-30T18:30:00Z"),
        ("session", "started_at", "2026-11-24 18:30:00"),
        ("session", "started_at", "\uff12\uff10\uff12\uff16-11-24T18:30:00Z"),
        ("session", "started_at", 1764000000),
        ("session", "notes", "x" * 2001),
        ("session", "notes", "\ud800"),
        ("session", "deleted", 1),
        ("set", "session_id", SET_ID.upper()),
        ("set", "exercise", "squat"),
        ("set", "load_kg", 1000.5),
        ("set", "load_kg", -1),
        ("set", "load_kg", True),
        ("set", "reps", 12.5),
        ("set", "reps", 1001),
        ("set", "rpe", 7.25),
        ("set", "rpe", 0.5),
        ("set", "form.chest_out", True),
        ("set", "form.hips_back", "yes"),
        ("set", "position", 2**53 + 1),
        ("set", "colour", "red"),
        ("session", "exercise", "deadlift"),
        ("set", "exercise", SET_ID.upper()),
        ("set", "kind", "cooldown"),
        ("set", "kind", None),
        ("exercise", "name", ""),
        ("exercise", "name", "x" * 81),
        ("exercise", "kind", "spaceship"),
        ("workout", "name", "x"),
    ],
)
def test_a_bad_value_unknown_field_or_entity_is_an_invalid_op(entity: str, field: str, value: Any) -> None:
    with pytest.raises(InvalidOp):
        check(op(field, value, entity=entity))


def test_integer_field_stores_a_whole_float_as_integer() -> None:
    normalised = check(op("reps", 12.0))
    assert normalised.value == 12
    assert type(normalised.value) is int


def test_malformed_hlc_or_uuid_is_an_invalid_op() -> None:
    with pytest.raises(InvalidOp):
        check(op("reps", 5, hlc="yesterday"))
    with pytest.raises(InvalidOp):
        check(op("reps", 5, entity_id="not-a-uuid"))


def test_op_of_another_node_is_a_foreign_node() -> None:
    with pytest.raises(ForeignNode):
        check(op("reps", 5, hlc=f"{NOW:013d}-0000-fedcba9876543210"))


def test_clock_more_than_ten_minutes_ahead_is_refused_with_server_time() -> None:
    ahead = NOW + 10 * 60 * 1000 + 1
    with pytest.raises(ClockAhead) as rejected:
        check(op("reps", 5, hlc=f"{ahead:013d}-0000-{NODE}"))
    assert rejected.value.server_time_ms == NOW
    assert check(op("reps", 5, hlc=f"{ahead - 1:013d}-0000-{NODE}")).value == 5


PROFILE = "00000000-0000-0000-0000-000000000000"


@pytest.mark.parametrize(
    ("field", "value", "stored"),
    [
        ("units", "lb", "lb"),
        ("bar_kg", 20, 20),
        ("bar_kg", 15.0, 15),
        ("plates_kg", [25, 20, 2.5, 1.25], [25, 20, 2.5, 1.25]),
        ("plates_kg", [10.0, 5.0], [10, 5]),
        ("plates_kg", [], []),
    ],
)
def test_the_one_profile_takes_units_bar_and_plates(field: str, value: Any, stored: Any) -> None:
    assert check(op(field, value, entity="profile", entity_id=PROFILE)).value == stored


@pytest.mark.parametrize(
    ("field", "value", "entity_id"),
    [
        ("units", "stone", PROFILE),
        ("bar_kg", 101, PROFILE),
        ("plates_kg", [20] * 21, PROFILE),
        ("plates_kg", [20, "heavy"], PROFILE),
        ("plates_kg", 20, PROFILE),
        ("units", "kg", SET_ID),  # every user has one profile, always at the nil UUID
    ],
)
def test_a_bad_profile_op_is_an_invalid_op(field: str, value: Any, entity_id: str) -> None:
    with pytest.raises(InvalidOp):
        check(op(field, value, entity="profile", entity_id=entity_id))
