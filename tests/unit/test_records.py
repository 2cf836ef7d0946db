"""Personal records (sync/records.py): the shared vectors, then the rule stated test by test.

``tests/js/records.test.mjs`` runs the same vectors against ``pwa/js/records.js``.
Answers are compared as JSON text, so key order, list order and every double
must match the vector exactly.
"""

from __future__ import annotations

import json
import math
import pathlib
import subprocess
import sys
from typing import Any

import msgspec
import pytest

from sync.records import badges, badges_by_set, e1rm, records
from sync.reduce import SessionView, SetView
from tests.vectors.build_records_vectors import json_spelling, vector_files

VECTOR_DIR = pathlib.Path(__file__).parents[1] / "vectors" / "records"
VECTORS = sorted(VECTOR_DIR.glob("*.json"))


def _load(path: pathlib.Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result


def _text(value: Any) -> str:
    return json.dumps(json_spelling(json.loads(json.dumps(msgspec.to_builtins(value)))), ensure_ascii=False, indent=1)


def lift(
    set_id: str,
    load: Any,
    reps: Any,
    *,
    exercise: Any = "deadlift",
    kind: str = "working",
    position: float | None = None,
) -> SetView:
    return SetView(set_id, exercise, load, reps, None, {}, None, position, None, None, kind)


def session(session_id: str, started_at: str | None, *sets: SetView) -> SessionView:
    return SessionView(session_id, started_at, None, None, list(sets))


def day(number: int, *sets: SetView) -> SessionView:
    return session(f"s{number}", f"2026-03-{number:02d}T07:00:00Z", *sets)


# ---- the shared vectors ----


def test_there_are_at_least_twenty_five_vectors() -> None:
    assert len(VECTORS) >= 25


@pytest.mark.parametrize("path", VECTORS, ids=[p.stem for p in VECTORS])
def test_python_returns_the_vectors_records_and_badges(path: pathlib.Path) -> None:
    case = _load(path)
    sessions = msgspec.convert(case["sessions"], list[SessionView])
    want = case["expected"]
    assert _text(records(sessions)) == _text(want["records"]), case["description"]
    assert _text(badges_by_set(sessions)) == _text(want["badges"]), case["description"]
    for session_view in sessions:
        for set_view in session_view.sets:
            assert badges(sessions, set_view.id) == want["badges"].get(set_view.id, [])


def test_the_vector_files_are_what_the_builder_writes() -> None:
    on_disk = {path.name: path.read_text(encoding="utf-8") for path in VECTORS}
    assert on_disk == vector_files(), "run .venv/bin/python tests/vectors/build_records_vectors.py"


# ---- which sets count ----


def test_warmups_count_for_nothing_however_heavy() -> None:
    log = [day(1, lift("w", 200, 1, kind="warmup"), lift("a", 100, 5), lift("d", 60, 10, kind="drop"))]
    held = records(log)["deadlift"]
    assert held.heaviest.set_id == "a"
    assert held.volume[0].volume_kg == 100 * 5 + 60 * 10


@pytest.mark.parametrize("load", [None, 0, -5, True, math.nan, math.inf, "100"])
def test_a_set_needs_a_load_above_zero(load: Any) -> None:
    assert records([day(1, lift("a", load, 5))]) == {}


@pytest.mark.parametrize("reps", [None, 0, -1, 2.5, True, "5"])
def test_a_set_needs_a_whole_number_of_reps_from_one(reps: Any) -> None:
    assert records([day(1, lift("a", 100, reps))]) == {}


def test_a_whole_float_of_reps_is_that_many_reps() -> None:
    assert list(records([day(1, lift("a", 100, 5.0))])["deadlift"].best_by_reps) == [5]


def test_a_set_without_an_exercise_counts_for_nothing() -> None:
    assert records([day(1, lift("a", 100, 5, exercise=None))]) == {}


def test_records_are_per_exercise_string_program_id_or_uuid() -> None:
    own = "0190f3a2-9e11-7a2b-8c3d-4e5f60718293"
    log = [day(1, lift("a", 100, 5), lift("b", 30, 10, exercise=own), lift("c", 40, 10, exercise="Deadlift"))]
    assert list(records(log)) == [own, "Deadlift", "deadlift"]


# ---- the records ----


def test_the_estimate_is_epley_a_single_its_load_nothing_beyond_twelve() -> None:
    assert e1rm(150, 1) == 150
    assert e1rm(100, 5) == 100 * 35 / 30
    assert e1rm(60, 12) == 84
    assert e1rm(60, 13) is None


def test_estimates_equal_on_paper_are_equal_doubles() -> None:
    assert e1rm(100, 3) == e1rm(110, 1) == 110
    assert e1rm(60, 6) == e1rm(72, 1) == 72
    assert e1rm(90, 10) == e1rm(120, 1)


def test_best_by_reps_holds_every_rep_count_present_ascending() -> None:
    log = [day(1, lift("a", 24, 20), lift("b", 100, 5), lift("c", 90, 5), lift("d", 110, 1), lift("e", 30, 15))]
    by_reps = records(log)["deadlift"].best_by_reps
    assert {reps: held.set_id for reps, held in by_reps.items()} == {1: "d", 5: "b", 15: "e", 20: "a"}
    assert list(by_reps) == [1, 5, 15, 20]


def test_only_high_rep_sets_give_no_estimate() -> None:
    assert records([day(1, lift("a", 24, 15))])["deadlift"].best_e1rm is None


def test_volume_is_one_entry_per_session_with_counting_sets_in_log_order() -> None:
    log = [
        day(2, lift("b", 100, 5)),
        day(1, lift("a", 80, 5), lift("a2", 80, 5)),
        day(3, lift("w", 60, 5, kind="warmup")),
    ]
    volume = records(log)["deadlift"].volume
    assert [(entry.session_id, entry.started_at, entry.volume_kg) for entry in volume] == [
        ("s1", "2026-03-01T07:00:00Z", 800),
        ("s2", "2026-03-02T07:00:00Z", 500),
    ]


def test_records_serialise_with_the_keys_the_vectors_hold() -> None:
    held = msgspec.to_builtins(records([day(1, lift("a", 100, 5))]))["deadlift"]
    assert list(held) == ["heaviest", "best_e1rm", "best_by_reps", "volume"]
    assert list(held["heaviest"]) == ["set_id", "session_id", "started_at", "load_kg", "reps"]
    assert list(held["best_e1rm"]) == ["set_id", "session_id", "started_at", "load_kg", "reps", "e1rm_kg"]
    assert list(held["volume"][0]) == ["session_id", "started_at", "volume_kg"]


# ---- badges ----


def test_the_first_set_of_an_exercise_earns_no_badge() -> None:
    assert badges([day(1, lift("a", 100, 5))], "a") == []


def test_a_set_earns_each_record_it_strictly_beats_in_a_fixed_order() -> None:
    log = [day(1, lift("a", 100, 5)), day(2, lift("b", 105, 5), lift("c", 105, 5))]
    assert badges(log, "b") == ["heaviest", "e1rm", "reps"]
    assert badges(log, "c") == []


def test_a_badge_is_judged_against_the_log_before_the_set_not_after() -> None:
    log = [day(1, lift("a", 100, 5)), day(2, lift("b", 110, 5)), day(3, lift("c", 120, 5))]
    assert badges(log, "b") == ["heaviest", "e1rm", "reps"]  # c, later and heavier, takes nothing back


def test_a_record_nobody_set_cannot_be_beaten() -> None:
    log = [day(1, lift("a", 40, 15)), day(2, lift("b", 40, 10)), day(3, lift("c", 40, 8))]
    assert badges(log, "b") == []  # the first estimate and the first set of 10
    assert badges(log, "c") == []  # 40 x 8 estimates less than 40 x 10


def test_warmups_and_sets_outside_the_log_earn_nothing() -> None:
    log = [day(1, lift("a", 100, 5), lift("w", 200, 5, kind="warmup"))]
    assert badges(log, "w") == []
    assert badges(log, "missing") == []


def test_badges_by_set_lists_the_sets_that_earned_one_in_log_order() -> None:
    log = [day(2, lift("c", 120, 5), lift("d", 50, 5)), day(1, lift("a", 100, 5), lift("b", 110, 5))]
    assert list(badges_by_set(log)) == ["b", "c"]


# ---- log order ----


def test_sessions_go_by_instant_then_id_and_undated_ones_last() -> None:
    log = [
        session("z-undated", None, lift("u", 150, 5)),
        session("y-bad-date", "2026-02-30T07:00:00Z", lift("v", 140, 5)),
        session("late", "2026-03-01T08:30:00+02:00", lift("b", 110, 5)),  # 06:30Z
        session("early", "2026-03-01T07:00:00+01:00", lift("a", 100, 5)),  # 06:00Z
    ]
    assert list(badges_by_set(log)) == ["b", "v", "u"]
    assert [entry.session_id for entry in records(log)["deadlift"].volume] == [
        "early",
        "late",
        "y-bad-date",
        "z-undated",
    ]


def test_sets_go_by_position_unpositioned_last_ties_by_id() -> None:
    log = [
        day(
            1,
            lift("z", 100, 5),
            lift("c", 90, 5, position=2),
            lift("b", 80, 5, position=1),
            lift("a", 80, 5, position=1),
        )
    ]
    held = records(log)["deadlift"]
    assert held.best_by_reps[5].set_id == "z"
    assert badges_by_set(log) == {"c": ["heaviest", "e1rm", "reps"], "z": ["heaviest", "e1rm", "reps"]}
    assert (
        records([day(1, lift("a", 80, 5, position=1), lift("b", 80, 5, position=1))])["deadlift"].heaviest.set_id == "a"
    )


def test_the_input_is_left_as_it_was() -> None:
    log = [day(2, lift("b", 100, 5, position=2), lift("a", 90, 5, position=1)), day(1, lift("c", 80, 5))]
    before = msgspec.to_builtins(log)
    records(log)
    badges_by_set(log)
    assert msgspec.to_builtins(log) == before


def test_records_import_no_storage_or_web_library() -> None:
    code = (
        "import sys, sync.records\n"
        "io = ('sqlite3', 'sqlite_utils', 'litestar', 'httpx', 'socket', 'server')\n"
        "print(sorted(m for m in io if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
