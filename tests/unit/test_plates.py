"""The plate-loading rule (``sync/plates.py``): the shared vectors, then the rule case by case.

``tests/js/plates.test.mjs`` runs the same vectors against ``pwa/js/plates.js``. Answers are
compared as JSON text, so key order and the spelling of numbers (20, not 20.0) must match.
"""

from __future__ import annotations

import json
import math
import pathlib
import time
from typing import Any

import msgspec
import pytest

from sync.plates import (
    DEFAULT_BAR_KG,
    DEFAULT_BAR_LB,
    DEFAULT_PLATES_KG,
    DEFAULT_PLATES_LB,
    MAX_LOAD,
    NOTHING,
    Loadable,
    Loading,
    plates,
)

VECTORS = sorted((pathlib.Path(__file__).parents[1] / "vectors" / "plates").glob("*.json"))


def _load(path: pathlib.Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result


def kg(target: float) -> Loading:
    return plates(target, DEFAULT_BAR_KG, DEFAULT_PLATES_KG)


def lb(target: float) -> Loading:
    return plates(target, DEFAULT_BAR_LB, DEFAULT_PLATES_LB)


def test_there_are_at_least_thirty_vectors() -> None:
    assert len(VECTORS) >= 30


@pytest.mark.parametrize("path", VECTORS, ids=[p.stem for p in VECTORS])
def test_python_returns_the_vectors_answer(path: pathlib.Path) -> None:
    case = _load(path)
    given = case["input"]
    got = json.dumps(msgspec.to_builtins(plates(given["target"], given["bar"], given["sizes"])))
    assert got == json.dumps(case["expected"]), case["description"]


def test_the_vectors_cover_exact_between_nothing_above_and_nothing_below() -> None:
    answers = [_load(path)["expected"] for path in VECTORS]
    assert any(answer["exact"] and answer["per_side"] for answer in answers)
    assert any(answer["exact"] and not answer["per_side"] for answer in answers)
    assert any(answer["below"] and answer["above"] for answer in answers)
    assert any(answer["below"] is None and answer["above"] for answer in answers)
    assert any(answer["below"] and answer["above"] is None for answer in answers)
    assert any(not answer["exact"] and answer["below"] is answer["above"] is None for answer in answers)


def test_the_defaults_are_the_usual_gym_sets() -> None:
    assert (DEFAULT_BAR_KG, DEFAULT_PLATES_KG) == (20, (25, 20, 15, 10, 5, 2.5, 1.25))
    assert (DEFAULT_BAR_LB, DEFAULT_PLATES_LB) == (45, (45, 35, 25, 10, 5, 2.5))


def test_an_exact_load_lists_the_plates_for_one_side_largest_first() -> None:
    assert kg(142.5) == Loading(exact=True, per_side=(25, 25, 10, 1.25), below=None, above=None)
    assert lb(315) == Loading(exact=True, per_side=(45, 45, 45), below=None, above=None)


def test_the_bar_alone_is_exact_with_no_plates() -> None:
    assert kg(20) == Loading(exact=True, per_side=(), below=None, above=None)


def test_the_fewest_plates_win_over_greedy_small_change() -> None:
    assert kg(60).per_side == (20,)
    assert plates(22, 10, [4, 3, 1]).per_side == (3, 3)


def test_a_plate_set_where_greedy_fails_still_loads_exactly() -> None:
    loading = plates(90, 20, [25, 20, 15])
    assert loading.exact
    assert loading.per_side == (20, 15)


def test_ties_in_plate_count_go_to_the_heavier_plate_first() -> None:
    assert kg(100).per_side == (25, 15)  # not 20 + 20
    assert lb(185).per_side == (45, 25)  # not 35 + 35
    assert kg(500).per_side == (25,) * 9 + (15,)  # not eight 25s and two 20s


def test_a_target_just_off_a_loadable_weight_offers_the_neighbours() -> None:
    assert kg(100.01) == Loading(
        exact=False,
        per_side=(),
        below=Loadable(100, (25, 15)),
        above=Loadable(102.5, (25, 15, 1.25)),
    )
    assert kg(99.99).below == Loadable(97.5, (25, 10, 2.5, 1.25))
    assert kg(99.99).above == Loadable(100, (25, 15))


def test_the_neighbours_use_the_fewest_plates_too() -> None:
    assert lb(137) == Loading(exact=False, per_side=(), below=Loadable(135, (45,)), above=Loadable(140, (45, 2.5)))


def test_the_bar_alone_is_below_any_target_between_it_and_the_smallest_step() -> None:
    assert kg(21) == Loading(exact=False, per_side=(), below=Loadable(20, ()), above=Loadable(22.5, (1.25,)))


def test_a_target_below_the_bar_offers_only_the_bar_above() -> None:
    assert kg(15) == Loading(exact=False, per_side=(), below=None, above=Loadable(20, ()))
    assert kg(19.99).above == Loadable(20, ())


def test_a_gap_the_plates_cannot_fill_is_bridged_both_ways() -> None:
    assert plates(40, 20, [25, 20, 15]) == Loading(
        exact=False, per_side=(), below=Loadable(20, ()), above=Loadable(50, (15,))
    )


def test_an_odd_number_of_hundredths_over_the_bar_is_never_exact() -> None:
    loading = plates(20.01, 20, [0.01])
    assert not loading.exact
    assert (loading.below, loading.above) == (Loadable(20, ()), Loadable(20.02, (0.01,)))


def test_duplicate_sizes_count_once() -> None:
    assert plates(70, 20, [20, 20, 10, 10, 5.0, 5]) == plates(70, 20, [20, 10, 5])


def test_sizes_are_taken_in_any_order() -> None:
    assert plates(72.5, 20, [1.25, 5, 25, 10]).per_side == (25, 1.25)


def test_inputs_are_rounded_to_hundredths_once_so_float_noise_never_decides() -> None:
    assert plates(0.1 + 0.2 + 20, 20, [0.15]).per_side == (0.15,)  # 20.300000000000001
    assert plates(30, 20, [2.499, 2.501]).per_side == (2.5, 2.5)
    assert plates(142.499, 20, DEFAULT_PLATES_KG) == kg(142.5)
    assert plates(20.004, 20, [1.25]) == Loading(exact=True, per_side=(), below=None, above=None)


def test_loads_come_back_as_numbers_in_the_unit_whole_ones_as_ints() -> None:
    loading = kg(100.01)
    assert loading.below is not None
    assert loading.above is not None
    assert type(loading.below.total) is int
    assert type(loading.above.total) is float
    assert json.dumps(msgspec.to_builtins(loading.above)) == '{"total": 102.5, "per_side": [25, 15, 1.25]}'


def test_fractional_plates_make_fractional_steps() -> None:
    assert plates(19.5, 15, [2.5, 1.25, 0.5]).per_side == (1.25, 0.5, 0.5)
    assert plates(137, 45, [45, 35, 25, 10, 5, 2.5, 1.25, 0.5]).per_side == (45, 0.5, 0.5)


def test_no_plates_leaves_only_the_bar() -> None:
    assert plates(20, 20, []).exact
    assert plates(60, 20, []) == Loading(exact=False, per_side=(), below=Loadable(20, ()), above=None)
    assert plates(10, 20, []) == Loading(exact=False, per_side=(), below=None, above=Loadable(20, ()))


def test_zero_sized_plates_are_no_plates() -> None:
    assert plates(60, 20, [0, 0.0]) == plates(60, 20, [])
    assert plates(60, 20, [0, 20]) == plates(60, 20, [20])


def test_a_bar_of_zero_is_allowed() -> None:
    assert plates(20, 0, [10, 5]).per_side == (10,)
    assert plates(0, 0, [10]).exact


@pytest.mark.parametrize(
    ("target", "bar", "sizes"),
    [
        (-5, 20, [20]),
        (-0.001, 0, [20]),
        (60, -20, [20]),
        (60, 20, [20, -5]),
        (MAX_LOAD + 0.01, 20, [20]),
        (60, MAX_LOAD + 1, [20]),
        (60, 20, [MAX_LOAD + 1]),
        (math.nan, 20, [20]),
        (60, math.nan, [20]),
        (60, 20, [math.nan]),
        (math.inf, 20, [20]),
        (60, 20, [-math.inf]),
        (10**400, 20, [20]),
    ],
)
def test_invalid_input_gives_nothing_to_load(target: float, bar: float, sizes: list[float]) -> None:
    assert plates(target, bar, sizes) == Loading(exact=False, per_side=(), below=None, above=None) == NOTHING


def test_valid_input_always_has_a_neighbour_so_nothing_means_invalid() -> None:
    for target in (0, 19.99, 20.01, 60, 2500):
        for sizes in ([], [0], [25]):
            loading = plates(target, 20, sizes)
            assert loading.exact or loading.below is not None or loading.above is not None


def test_the_heaviest_target_with_the_finest_plates_stays_quick() -> None:
    started = time.perf_counter()
    loading = plates(MAX_LOAD, 0, [0.01, 0.02, 25])
    assert loading.per_side == (25,) * 50
    assert time.perf_counter() - started < 5
