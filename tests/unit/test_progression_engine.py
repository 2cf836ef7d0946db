"""The Python engine beyond the vectors: purity, its inputs, the verdict's shape, program edits."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import msgspec
import pytest

from server.progression import (
    KG_PER_LB,
    load_program,
    parse_program,
    profile_units,
    verdict,
    verdict_from_fields,
    verdict_json,
)
from server.progression.program import Program
from sync.reduce import reduce_sessions

PROGRAM = load_program()
CUES = {exercise.id: exercise.cues for exercise in PROGRAM.exercises}


def _log(*sessions: tuple[str | None, str, int]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Sessions of three clean sets each: (started_at, exercise, reps)."""
    session_fields: dict[str, Any] = {}
    set_fields: dict[str, Any] = {}
    for number, (started_at, exercise, reps) in enumerate(sessions):
        session_id = f"5e550000-0000-4000-8000-{number:012d}"
        session_fields[session_id] = {} if started_at is None else {"started_at": started_at}
        for position in range(3):
            set_fields[f"5e700000-0000-4000-{number:04d}-{position:012d}"] = {
                "session_id": session_id,
                "exercise": exercise,
                "reps": reps,
                "load_kg": 16 if exercise == "kettlebell_swing" else None,
                "position": position,
                **{f"form.{cue}": True for cue in CUES[exercise]},
            }
    return session_fields, set_fields


def _edited(change: dict[str, Any]) -> Program:
    data = json.loads(PROGRAM.to_json())
    for path, value in change.items():
        target = data
        *parents, last = path.split(".")
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        target[last] = value
    return parse_program(json.dumps(data))


def test_engine_imports_no_storage_or_web_library() -> None:
    code = (
        "import sys, server.progression\n"
        "print(sorted(m for m in ('sqlite3', 'sqlite_utils', 'litestar', 'httpx') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_verdict_has_exactly_the_fields_of_the_protocol() -> None:
    result = msgspec.to_builtins(verdict_from_fields(PROGRAM, {}, {}))
    assert list(result) == [
        "unlocked",
        "stages",
        "load_caps",
        "above_cap",
        "warmup",
        "next_bell_kg",
        "advice",
        "history",
        "units",
    ]
    assert list(result["stages"][0]) == ["id", "status", "progress", "missing"]
    assert list(result["stages"][0]["progress"]) == ["qualifying_sessions", "needed_sessions", "load_caps"]


def test_verdict_on_reduced_sessions_equals_verdict_from_fields() -> None:
    sessions, sets = _log(("2026-01-01T18:00:00Z", "pull_through", 12), ("2026-01-02T18:00:00Z", "pull_through", 12))
    views = reduce_sessions(sessions, sets, newest_first=False)
    assert verdict(PROGRAM, views) == verdict_from_fields(PROGRAM, sessions, sets)


def test_verdict_ignores_sessions_without_a_valid_start() -> None:
    sessions, sets = _log(
        ("2026-01-01T18:00:00Z", "pull_through", 12),
        (None, "pull_through", 12),
        ("2026-02-30T18:00:00Z", "pull_through", 12),
    )
    result = verdict_from_fields(PROGRAM, sessions, sets)
    assert result.stages[0].status == "active"
    assert result.stages[0].progress.qualifying_sessions == 1


def test_same_log_gives_the_same_verdict_bytes() -> None:
    sessions, sets = _log(("2026-01-01T18:00:00Z", "pull_through", 12))
    first = verdict_json(verdict_from_fields(PROGRAM, sessions, sets))
    reordered = dict(reversed(list(sets.items())))
    assert verdict_json(verdict_from_fields(PROGRAM, sessions, reordered)) == first


def test_a_coach_can_change_the_sessions_needed_in_the_program_file() -> None:
    sessions, sets = _log(("2026-01-01T18:00:00Z", "pull_through", 12))
    assert verdict_from_fields(PROGRAM, sessions, sets).stages[0].status == "active"
    easier = _edited({"stages.0.mastery.sessions_in_a_row": 1})
    assert verdict_from_fields(easier, sessions, sets).stages[0].status == "mastered"


def test_a_coach_can_change_the_rep_range_and_the_swing_minimum_load() -> None:
    sessions, sets = _log(
        ("2026-01-01T18:00:00Z", "pull_through", 8),
        ("2026-01-02T18:00:00Z", "pull_through", 8),
    )
    assert verdict_from_fields(PROGRAM, sessions, sets).stages[0].status == "active"
    edited = _edited({"stages.0.reps.min": 8, "stages.1.min_load_kg": 20})
    result = verdict_from_fields(edited, sessions, sets)
    assert result.stages[0].status == "mastered"
    assert "at 20 kg or more" in result.stages[1].missing[0]


def test_caps_serialise_whole_numbers_without_a_fraction() -> None:
    edited = _edited({"load_caps.start_kg": {"stiff_leg_deadlift": 30.0, "romanian_deadlift": 32.5, "deadlift": 40}})
    sessions, sets = _log(
        ("2026-01-01T18:00:00Z", "pull_through", 12),
        ("2026-01-02T18:00:00Z", "pull_through", 12),
        ("2026-01-03T18:00:00Z", "kettlebell_swing", 12),
        ("2026-01-04T18:00:00Z", "kettlebell_swing", 12),
        ("2026-01-05T18:00:00Z", "kettlebell_swing", 12),
    )
    body = verdict_json(verdict_from_fields(edited, sessions, sets))
    assert b'"load_caps":{"stiff_leg_deadlift":30,"romanian_deadlift":32.5}' in body


def test_history_events_carry_the_cap_as_a_number() -> None:
    sessions, sets = _log(
        *[
            (f"2026-01-0{day}T18:00:00Z", exercise, 12)
            for day, exercise in enumerate(
                ["pull_through", "pull_through", "kettlebell_swing", "kettlebell_swing", "kettlebell_swing"], start=1
            )
        ]
    )
    history = msgspec.to_builtins(verdict_from_fields(PROGRAM, sessions, sets).history)
    assert list(history[0]) == ["session_id", "date", "event", "exercise", "detail", "cap_kg"]
    assert [(event["event"], event["exercise"], event["cap_kg"]) for event in history[-3:]] == [
        ("mastered", "kettlebell_swing", None),
        ("unlocked", "stiff_leg_deadlift", 30),
        ("unlocked", "romanian_deadlift", 30),
    ]


def test_units_are_kg_unless_the_lifter_chose_lb() -> None:
    assert verdict_from_fields(PROGRAM, {}, {}).units == "kg"
    assert verdict_from_fields(PROGRAM, {}, {}, "lb").units == "lb"
    with pytest.raises(ValueError, match="units: expected 'kg' or 'lb', got 'stone'"):
        verdict_from_fields(PROGRAM, {}, {}, "stone")  # type: ignore[arg-type]


def test_profile_units_read_the_profile_at_the_nil_uuid() -> None:
    nil = "00000000-0000-0000-0000-000000000000"
    assert profile_units({}) == "kg"
    assert profile_units({nil: {"bar_kg": 20}}) == "kg"
    assert profile_units({nil: {"units": "kg"}}) == "kg"
    assert profile_units({nil: {"units": "lb"}}) == "lb"


def test_a_lb_lifter_is_judged_by_the_pound_minimum_of_the_swing() -> None:
    sessions, sets = _log(
        ("2026-01-01T18:00:00Z", "pull_through", 12),
        ("2026-01-02T18:00:00Z", "pull_through", 12),
        ("2026-01-03T18:00:00Z", "kettlebell_swing", 12),
    )
    for fields in sets.values():
        if fields["exercise"] == "kettlebell_swing":
            fields["load_kg"] = 26 * KG_PER_LB
    kg_lifter = verdict_from_fields(PROGRAM, sessions, sets)
    lb_lifter = verdict_from_fields(PROGRAM, sessions, sets, "lb")
    assert kg_lifter.stages[1].progress.qualifying_sessions == 0  # 11.79 kg is under 12 kg
    assert lb_lifter.stages[1].progress.qualifying_sessions == 1
    assert lb_lifter.stages[1].missing == [
        "2 more sessions in a row with 3 clean sets of 10\u201320 kettlebell swings at 26 lb or more"
    ]


def test_a_coach_can_change_the_load_tolerance() -> None:
    sessions, sets = _log(
        ("2026-01-01T18:00:00Z", "pull_through", 12),
        ("2026-01-02T18:00:00Z", "pull_through", 12),
        ("2026-01-03T18:00:00Z", "kettlebell_swing", 12),
    )
    for fields in sets.values():
        if fields["exercise"] == "kettlebell_swing":
            fields["load_kg"] = 11.96
    assert verdict_from_fields(PROGRAM, sessions, sets).stages[1].progress.qualifying_sessions == 1
    strict = _edited({"load_tolerance_kg": 0})
    assert verdict_from_fields(strict, sessions, sets).stages[1].progress.qualifying_sessions == 0
