"""Write the plate-loading conformance vectors in ``tests/vectors/plates/``.

Each vector is one call, ``plates(target, bar, sizes)``, and the answer both implementations
(``sync/plates.py`` and ``pwa/js/plates.js``) must return. The answers are written here by hand,
in a short notation (``exact(25, 15)``, ``between((20,), (22.5, 1.25))``), and a file is written
only once the Python function gives exactly that answer, so a vector never freezes a wrong answer
unread. Whole loads are written as ints (20, not 20.0): that is how both languages spell them.
Run after a deliberate change of rule:

    .venv/bin/python tests/vectors/build_plates_vectors.py

and read the diff of the JSON files before committing them.
"""

from __future__ import annotations

import json
import pathlib
import sys
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import msgspec  # noqa: E402

from sync.plates import (  # noqa: E402
    DEFAULT_BAR_KG,
    DEFAULT_BAR_LB,
    DEFAULT_PLATES_KG,
    DEFAULT_PLATES_LB,
    plates,
)

OUT = pathlib.Path(__file__).resolve().parent / "plates"
KG = (DEFAULT_BAR_KG, list(DEFAULT_PLATES_KG))
LB = (DEFAULT_BAR_LB, list(DEFAULT_PLATES_LB))
FRACTIONAL_LB = [45, 35, 25, 10, 5, 2.5, 1.25, 0.5]


def exact(*per_side: float) -> dict[str, Any]:
    return {"exact": True, "per_side": list(per_side), "below": None, "above": None}


def loadable(option: tuple[float, ...] | None) -> dict[str, Any] | None:
    """``(total, plate, plate, ...)`` as a result's ``below`` or ``above``."""
    return None if option is None else {"total": option[0], "per_side": list(option[1:])}


def between(below: tuple[float, ...] | None, above: tuple[float, ...] | None) -> dict[str, Any]:
    return {"exact": False, "per_side": [], "below": loadable(below), "above": loadable(above)}


NOTHING = between(None, None)

# (name, description, target, (bar, sizes), expected)
CASES: list[tuple[str, str, float, tuple[float, list[float]], dict[str, Any]]] = [
    # ---- the kg defaults ----
    ("kg_bar_alone", "The target is the bar: exact, with no plates.", 20, KG, exact()),
    ("kg_60_is_one_20_a_side", "20 a side is one plate, not 15 + 5.", 60, KG, exact(20)),
    (
        "kg_100_tie_goes_to_the_heavier_plate",
        "40 a side is two plates either as 25 + 15 or 20 + 20: the tie goes to the 25.",
        100,
        KG,
        exact(25, 15),
    ),
    (
        "kg_102_5_tie_with_a_change_plate",
        "41.25 a side: 25 + 15 + 1.25 beats 20 + 20 + 1.25.",
        102.5,
        KG,
        exact(25, 15, 1.25),
    ),
    (
        "kg_142_5_four_plates",
        "61.25 a side needs four plates; 25 + 25 + 10 + 1.25 beats 25 + 20 + 15 + 1.25.",
        142.5,
        KG,
        exact(25, 25, 10, 1.25),
    ),
    ("kg_22_5_smallest_step", "The smallest load above the bar: 1.25 a side.", 22.5, KG, exact(1.25)),
    (
        "kg_21_between_the_bar_and_the_smallest_step",
        "0.5 a side cannot be made: the bar below, 1.25 a side above.",
        21,
        KG,
        between((20,), (22.5, 1.25)),
    ),
    (
        "kg_100_01_just_above_a_loadable_load",
        "0.01 over 100 kg is not 100 kg: 100 below, 102.5 above.",
        100.01,
        KG,
        between((100, 25, 15), (102.5, 25, 15, 1.25)),
    ),
    (
        "kg_99_99_just_below_a_loadable_load",
        "0.01 under 100 kg: 97.5 below (25 + 10 + 2.5 + 1.25 beats 20 + 15 + 2.5 + 1.25), 100 above.",
        99.99,
        KG,
        between((97.5, 25, 10, 2.5, 1.25), (100, 25, 15)),
    ),
    (
        "kg_60_01_just_above_one_plate",
        "0.01 over 60 kg: 60 below, 62.5 above.",
        60.01,
        KG,
        between((60, 20), (62.5, 20, 1.25)),
    ),
    (
        "kg_500_very_heavy",
        "240 a side: nine 25s and a 15 (ten plates; eight 25s and two 20s loses the tie).",
        500,
        KG,
        exact(*[25] * 9, 15),
    ),
    ("kg_1000_very_heavy", "490 a side: nineteen 25s and a 15.", 1000, KG, exact(*[25] * 19, 15)),
    (
        "kg_2500_the_heaviest_valid_target",
        "MAX_LOAD itself is valid: 1240 a side is forty-nine 25s and a 15.",
        2500,
        KG,
        exact(*[25] * 49, 15),
    ),
    (
        "kg_target_under_the_bar",
        "15 kg on a 20 kg bar: nothing below, the bar alone above.",
        15,
        KG,
        between(None, (20,)),
    ),
    ("kg_zero_target", "A target of 0 is under the bar: the bar alone above.", 0, KG, between(None, (20,))),
    # ---- the lb defaults ----
    ("lb_bar_alone", "The 45 lb bar alone.", 45, LB, exact()),
    ("lb_135_one_plate", "135 lb is a 45 a side.", 135, LB, exact(45)),
    ("lb_225_two_plates", "225 lb is two 45s a side.", 225, LB, exact(45, 45)),
    ("lb_185_tie_goes_to_the_heavier_plate", "70 a side: 45 + 25 beats 35 + 35.", 185, LB, exact(45, 25)),
    ("lb_140_change_plate", "47.5 a side: 45 + 2.5.", 140, LB, exact(45, 2.5)),
    (
        "lb_137_between_two_loads",
        "46 a side cannot be made in steps of 2.5: 135 below, 140 above.",
        137,
        LB,
        between((135, 45), (140, 45, 2.5)),
    ),
    (
        "lb_1000_very_heavy",
        "477.5 a side: ten 45s, a 25 and a 2.5 (twelve plates; eleven cannot make it).",
        1000,
        LB,
        exact(*[45] * 10, 25, 2.5),
    ),
    # ---- plate sets where greedy fails ----
    (
        "greedy_fails_25_20_15",
        "35 a side from 25, 20, 15: greedy takes 25 and cannot make 10; 20 + 15 works.",
        90,
        (20, [25, 20, 15]),
        exact(20, 15),
    ),
    (
        "greedy_fails_4_3_1",
        "6 a side from 4, 3, 1: greedy gives 4 + 1 + 1 (three plates), 3 + 3 is two.",
        22,
        (10, [4, 3, 1]),
        exact(3, 3),
    ),
    (
        "gap_in_a_set_without_small_plates",
        "10 a side from 25, 20, 15 cannot be made: the bar below, 15 a side above.",
        40,
        (20, [25, 20, 15]),
        between((20,), (50, 15)),
    ),
    (
        "only_plates_heavier_than_the_need",
        "5 a side from 25s alone: the bar below, 25 a side above.",
        30,
        (20, [25]),
        between((20,), (70, 25)),
    ),
    # ---- sizes as typed ----
    (
        "duplicate_sizes_are_one_size",
        "20, 20, 10, 10, 5.0, 5 are three sizes; 25 a side is 20 + 5.",
        70,
        (20, [20, 20, 10, 10, 5.0, 5]),
        exact(20, 5),
    ),
    (
        "sizes_equal_after_rounding_are_one_size",
        "2.499 and 2.501 both round to 2.5; 5 a side is 2.5 + 2.5.",
        30,
        (20, [2.499, 2.501]),
        exact(2.5, 2.5),
    ),
    (
        "unsorted_sizes",
        "Sizes in any order: 26.25 a side is 25 + 1.25.",
        72.5,
        (20, [1.25, 5, 25, 10]),
        exact(25, 1.25),
    ),
    (
        "fractional_kg_plates",
        "2.25 a side from 2.5, 1.25, 0.5: 1.25 + 0.5 + 0.5.",
        19.5,
        (15, [2.5, 1.25, 0.5]),
        exact(1.25, 0.5, 0.5),
    ),
    (
        "fractional_lb_plates",
        "46 a side with 0.5 lb plates: 45 + 0.5 + 0.5.",
        137,
        (45, FRACTIONAL_LB),
        exact(45, 0.5, 0.5),
    ),
    (
        "hundredth_plates_and_an_odd_hundredth",
        "20.01 on a 20 bar is 0.005 a side, never exact: the bar below, 0.01 a side above.",
        20.01,
        (20, [0.01]),
        between((20,), (20.02, 0.01)),
    ),
    ("zero_bar", "A bar of 0 (a loading pin): 10 a side is one 10.", 20, (0, [10, 5]), exact(10)),
    # ---- no plates, and bad input ----
    ("no_sizes_only_the_bar_is_exact", "No plates: the bar alone is exact.", 20, (20, []), exact()),
    (
        "no_sizes_nothing_above_the_bar",
        "No plates and a target above the bar: the bar below, nothing above.",
        60,
        (20, []),
        between((20,), None),
    ),
    ("zero_sizes_are_no_plates", "A size of 0 is no plate at all.", 60, (20, [0, 0.0]), between((20,), None)),
    ("negative_target_is_invalid", "A negative target gives nothing to load.", -5, KG, NOTHING),
    ("negative_bar_is_invalid", "A negative bar gives nothing to load.", 60, (-20, list(DEFAULT_PLATES_KG)), NOTHING),
    ("negative_size_is_invalid", "A negative plate size gives nothing to load.", 60, (20, [20, -5]), NOTHING),
    ("target_over_max_load_is_invalid", "A target over MAX_LOAD (2500) gives nothing to load.", 2500.01, KG, NOTHING),
]


def build() -> list[pathlib.Path]:
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    written = []
    for number, (name, description, target, (bar, sizes), expected) in enumerate(CASES, start=1):
        got = json.dumps(msgspec.to_builtins(plates(target, bar, sizes)))
        if got != json.dumps(expected):
            raise AssertionError(f"{name}: expected {json.dumps(expected)}, got {got}")
        body = {
            "name": name,
            "description": description,
            "input": {"target": target, "bar": bar, "sizes": sizes},
            "expected": expected,
        }
        path = OUT / f"{number:03d}_{name}.json"
        path.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    paths = build()
    print(f"wrote {len(paths)} vectors to {OUT.relative_to(ROOT)}")
