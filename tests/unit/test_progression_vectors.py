"""The shared conformance vectors, run against the Python engine.

``tests/js/progression.test.mjs`` runs the same files against the JavaScript
engine. Each vector names the lifter's profile ``units`` (``kg`` when absent).
Verdicts are compared as JSON text, so key order, list order and the spelling
of numbers (40, not 40.0) must match the vector exactly.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest

from server.progression import load_program, verdict_from_fields, verdict_json

VECTORS = sorted((pathlib.Path(__file__).parents[1] / "vectors" / "progression").glob("*.json"))
PROGRAM = load_program()


def _load(path: pathlib.Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result


def test_there_are_at_least_forty_vectors() -> None:
    assert len(VECTORS) >= 40


@pytest.mark.parametrize("path", VECTORS, ids=[p.stem for p in VECTORS])
def test_python_engine_returns_the_vectors_verdict(path: pathlib.Path) -> None:
    case = _load(path)
    result = verdict_from_fields(PROGRAM, case["log"]["sessions"], case["log"]["sets"], case.get("units", "kg"))
    got = json.dumps(json.loads(verdict_json(result)), ensure_ascii=False, indent=1)
    want = json.dumps(case["expected"], ensure_ascii=False, indent=1)
    assert got == want, case["description"]


def test_every_history_event_kind_appears_in_some_vector() -> None:
    events = {event["event"] for path in VECTORS for event in _load(path)["expected"]["history"]}
    assert events == {"mastered", "unlocked", "cap_raised", "cap_lowered", "suspended", "resumed"}


def test_some_vectors_judge_a_lb_lifter_and_every_vector_names_its_units() -> None:
    units = [_load(path)["units"] for path in VECTORS]
    assert set(units) == {"kg", "lb"}
    assert units.count("lb") >= 5


def test_every_kind_of_cap_event_carries_its_cap_in_some_vector() -> None:
    carried = {
        event["event"]
        for path in VECTORS
        for event in _load(path)["expected"]["history"]
        if event["cap_kg"] is not None
    }
    assert carried == {"unlocked", "cap_raised", "cap_lowered", "suspended"}


def test_every_stage_status_appears_in_some_vector() -> None:
    statuses = {stage["status"] for path in VECTORS for stage in _load(path)["expected"]["stages"]}
    assert statuses == {"locked", "active", "mastered", "suspended"}
