"""Personal records on random logs: equal to a brute-force recount, blind to input order.

The brute force here shares nothing with ``sync/records.py`` but the rule: it
flattens the log into one sorted list of sets, recounts each record with
``max`` over exact fractions (loads are drawn in 0.25 kg steps, so Epley's
estimate and every volume have an exact value, and the module's doubles must
be exactly those values rounded), and judges each set's badges against the
sets before it. Logs mix warm-ups, sets without a load or reps, undated and
badly dated sessions, equal instants spelt in different offsets, unpositioned
sets and equal positions, so every tie rule is exercised. Last, one Node
process runs ``pwa/js/records.js`` on the same logs, with loads in 0.1 kg steps
as well (inexact doubles), and must answer the same JSON text.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.ops import SET_KINDS
from sync.records import badges, badges_by_set, records
from sync.reduce import SessionView, SetView
from sync.values import InvalidValue, parse_rfc3339
from tests.vectors.build_records_vectors import ROOT, json_spelling

OWN = "0190f3a2-9e11-7a2b-8c3d-4e5f60718293"
STARTS = [
    "2026-03-01T07:00:00Z",
    "2026-03-01T08:00:00+01:00",  # the same instant as the one above
    "2026-03-01T23:45:00Z",
    "2026-03-02T00:30:00+01:00",  # before the one above, though it reads later
    "2026-03-03T07:00:00.000001Z",
    None,
    "2026-02-30T07:00:00Z",  # not a real date: undated
]
EXERCISES = ["deadlift", "romanian_deadlift", OWN, None]
LOADS = st.one_of(
    st.integers(1, 800).map(lambda quarters: quarters / 4),
    st.sampled_from([60, 100, 100, 102.5]),
    st.sampled_from([None, 0]),
)
DECIMAL_LOADS = st.one_of(LOADS, st.integers(1, 4000).map(lambda tenths: tenths / 10))
REPS = st.one_of(st.integers(1, 16), st.sampled_from([None, 0, 1, 5, 5, 12, 13]))
POSITIONS = st.sampled_from([None, 0, 1, 1, 1.5, 2, -3])
SETTINGS = settings(max_examples=200, deadline=None)


@st.composite
def logs(draw: st.DrawFn, loads: st.SearchStrategy[float | None] = LOADS) -> list[SessionView]:
    shapes = draw(st.lists(st.tuples(st.sampled_from(STARTS), st.integers(0, 5)), max_size=6))
    set_count = sum(count for _, count in shapes)
    session_ids = draw(st.lists(st.integers(0, 99), min_size=len(shapes), max_size=len(shapes), unique=True))
    set_ids = iter(draw(st.lists(st.integers(0, 999), min_size=set_count, max_size=set_count, unique=True)))
    sessions = []
    for (started_at, count), session_number in zip(shapes, session_ids, strict=True):
        sets = [
            SetView(
                f"set-{next(set_ids):03d}",
                draw(st.sampled_from(EXERCISES)),
                draw(loads),
                draw(REPS),
                None,
                {},
                None,
                draw(POSITIONS),
                None,
                None,
                draw(st.sampled_from(sorted(SET_KINDS))),
            )
            for _ in range(count)
        ]
        sessions.append(SessionView(f"session-{session_number:02d}", started_at, None, None, sets))
    return sessions


# ---- the brute force ----


def _when(session: SessionView) -> tuple[int, datetime, str]:
    try:
        return (0, parse_rfc3339(session.started_at or ""), session.id)
    except InvalidValue:
        return (1, datetime.min.replace(tzinfo=UTC), session.id)


def _counts(set_view: SetView) -> bool:
    load, reps = set_view.load_kg, set_view.reps
    return (
        set_view.kind != "warmup"
        and isinstance(set_view.exercise, str)
        and type(load) in (int, float)
        and 0 < load < math.inf  # type: ignore[operator]
        and type(reps) is int
        and reps >= 1
    )


def counting_sets_in_log_order(sessions: list[SessionView]) -> list[tuple[SessionView, SetView]]:
    flat = [(session, set_view) for session in sessions for set_view in session.sets]
    flat.sort(
        key=lambda pair: (
            _when(pair[0]),
            pair[1].position is None,
            pair[1].position if pair[1].position is not None else 0,
            pair[1].id,
        )
    )
    return [(session, set_view) for session, set_view in flat if _counts(set_view)]


def _estimate(set_view: SetView) -> Fraction | None:
    reps = int(set_view.reps or 0)
    if reps > 12:
        return None
    return Fraction(set_view.load_kg or 0) * (1 if reps == 1 else Fraction(30 + reps, 30))


def _held(session: SessionView, set_view: SetView) -> dict[str, Any]:
    return {
        "set_id": set_view.id,
        "session_id": session.id,
        "started_at": session.started_at,
        "load_kg": set_view.load_kg,
        "reps": set_view.reps,
    }


def brute_records(sessions: list[SessionView]) -> dict[str, Any]:
    counted = counting_sets_in_log_order(sessions)
    result = {}
    for exercise in sorted({str(set_view.exercise) for _, set_view in counted}):
        mine = [pair for pair in counted if pair[1].exercise == exercise]
        heaviest = max(mine, key=lambda pair: pair[1].load_kg or 0)  # max keeps the first of equals
        estimated = [pair for pair in mine if _estimate(pair[1]) is not None]
        best_e1rm = None
        if estimated:
            session, set_view = max(estimated, key=lambda pair: _estimate(pair[1]) or 0)
            best_e1rm = {**_held(session, set_view), "e1rm_kg": float(_estimate(set_view) or 0)}
        by_reps = {}
        for reps in sorted({int(set_view.reps or 0) for _, set_view in mine}):
            at_reps = [pair for pair in mine if pair[1].reps == reps]
            by_reps[reps] = _held(*max(at_reps, key=lambda pair: pair[1].load_kg or 0))
        volume: dict[str, dict[str, Any]] = {}
        for session, set_view in mine:
            entry = volume.setdefault(
                session.id, {"session_id": session.id, "started_at": session.started_at, "sum": 0}
            )
            entry["sum"] += Fraction(set_view.load_kg or 0) * int(set_view.reps or 0)
        result[exercise] = {
            "heaviest": _held(*heaviest),
            "best_e1rm": best_e1rm,
            "best_by_reps": by_reps,
            "volume": [
                {"session_id": e["session_id"], "started_at": e["started_at"], "volume_kg": float(e["sum"])}
                for e in volume.values()
            ],
        }
    return result


def brute_badges(sessions: list[SessionView]) -> dict[str, list[str]]:
    counted = [set_view for _, set_view in counting_sets_in_log_order(sessions)]
    earned = {}
    for index, set_view in enumerate(counted):
        before = [earlier for earlier in counted[:index] if earlier.exercise == set_view.exercise]
        won = []
        if before and (set_view.load_kg or 0) > max(earlier.load_kg or 0 for earlier in before):
            won.append("heaviest")
        estimates = [e for e in map(_estimate, before) if e is not None]
        mine = _estimate(set_view)
        if mine is not None and estimates and mine > max(estimates):
            won.append("e1rm")
        same_reps = [earlier.load_kg or 0 for earlier in before if earlier.reps == set_view.reps]
        if same_reps and (set_view.load_kg or 0) > max(same_reps):
            won.append("reps")
        if won:
            earned[set_view.id] = won
    return earned


def _shuffled(sessions: list[SessionView], rng: random.Random) -> list[SessionView]:
    shuffled = [
        msgspec.structs.replace(session, sets=rng.sample(session.sets, len(session.sets))) for session in sessions
    ]
    rng.shuffle(shuffled)
    return shuffled


# ---- the properties ----


@SETTINGS
@given(logs())
def test_records_equal_a_brute_force_recount(sessions: list[SessionView]) -> None:
    got = msgspec.to_builtins(records(sessions))
    want = brute_records(sessions)
    assert got == want
    assert list(got) == list(want)
    assert [list(held["best_by_reps"]) for held in got.values()] == [
        list(held["best_by_reps"]) for held in want.values()
    ]


@SETTINGS
@given(logs())
def test_badges_equal_a_brute_force_judgement(sessions: list[SessionView]) -> None:
    got = badges_by_set(sessions)
    assert got == brute_badges(sessions)
    assert list(got) == list(brute_badges(sessions))
    for session in sessions:
        for set_view in session.sets:
            assert badges(sessions, set_view.id) == got.get(set_view.id, [])


@SETTINGS
@given(logs(), st.randoms(use_true_random=False))
def test_the_order_of_the_input_changes_nothing(sessions: list[SessionView], rng: random.Random) -> None:
    shuffled = _shuffled(sessions, rng)
    assert msgspec.to_builtins(records(shuffled)) == msgspec.to_builtins(records(sessions))
    assert badges_by_set(shuffled) == badges_by_set(sessions)


@SETTINGS
@given(logs())
def test_heaviest_iff_strictly_heavier_than_every_counting_set_before(sessions: list[SessionView]) -> None:
    earned = badges_by_set(sessions)
    loads_so_far: dict[str, list[float]] = {}
    for _, set_view in counting_sets_in_log_order(sessions):
        before = loads_so_far.setdefault(str(set_view.exercise), [])
        load = float(set_view.load_kg or 0)
        assert ("heaviest" in earned.get(set_view.id, [])) == (bool(before) and all(load > b for b in before))
        before.append(load)
    counted = {set_view.id for _, set_view in counting_sets_in_log_order(sessions)}
    assert set(earned) <= counted  # a set that does not count earns nothing


# ---- the JavaScript rule ----

ANSWER_EACH_LINE = f"""
import {{ createInterface }} from "node:readline";
import {{ badgesBySet, records }} from {json.dumps((ROOT / "pwa/js/records.js").as_uri())};
for await (const line of createInterface({{ input: process.stdin }})) {{
  const sessions = JSON.parse(line);
  process.stdout.write(JSON.stringify({{ records: records(sessions), badges: badgesBySet(sessions) }}) + "\\n");
}}
"""


@pytest.fixture(scope="module")
def javascript() -> Iterator[subprocess.Popen[str]]:
    if shutil.which("node") is None:
        pytest.fail("node (20 or later) is needed for the JavaScript half of this test")
    process = subprocess.Popen(
        ["node", "--input-type=module", "-e", ANSWER_EACH_LINE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    yield process
    assert process.stdin is not None
    assert process.stdout is not None
    process.stdin.close()
    process.wait(timeout=10)
    process.stdout.close()


def _spelt(value: Any) -> str:
    return json.dumps(json_spelling(json.loads(json.dumps(value))))


@SETTINGS
@given(logs(DECIMAL_LOADS))
def test_javascript_gives_the_same_json(javascript: subprocess.Popen[str], sessions: list[SessionView]) -> None:
    assert javascript.stdin is not None
    assert javascript.stdout is not None
    javascript.stdin.write(msgspec.json.encode(sessions).decode() + "\n")
    javascript.stdin.flush()
    got = javascript.stdout.readline()
    want = {"records": msgspec.to_builtins(records(sessions)), "badges": badges_by_set(sessions)}
    assert _spelt(json.loads(got)) == _spelt(want)
