"""The plates to load on each side of a barbell for a target load.

A bar holds only ``bar + 2 * (a multiset of the plate sizes the lifter owns)``, so a load typed
in a set is often one the lifter cannot build. The set screen shows the plates per side for the
load when it can be made, and otherwise the nearest loads below and above that can, so the
lifter picks one instead of doing arithmetic between sets. The PWA runs the same rule
(``pwa/js/plates.js``); ``tests/vectors/plates/`` holds both to the same answers, number for
number.

The rule, for ``plates(target, bar, sizes)``, all in ONE unit (the lifter's kg or lb; the caller
converts, this never does):

* Plates come in pairs without limit (a gym): each listed size is available on both sides as
  often as needed. Duplicate sizes are one size; sizes of 0 are ignored.
* Every number is rounded once to the nearest hundredth of the unit (halves up), and all the
  arithmetic after that is on integer hundredths, so floating point never decides exactness.
  A per-side sum of hundredths is always whole, so a target whose distance from the bar is an
  odd number of hundredths is never exact.
* ``exact`` says the target can be loaded; ``per_side`` lists its plates, largest first, using
  the FEWEST plates, ties going to heavier plates first (of two sorted-descending lists of equal
  length the lexicographically larger wins: 25 + 15 beats 20 + 20). It is empty when the target
  is the bar, and when the target is not exact.
* When not exact, ``below`` and ``above`` are the nearest loadable totals strictly below and
  above the target, each with its plates by the same rule; when exact both are ``None``. The bar
  alone is loadable, so ``below`` is at least the bar when the bar is under the target, and is
  ``None`` when the target is under the bar (``above`` is then the bar alone). ``above`` is
  ``None`` only when there are no plates (no sizes, or only sizes of 0) and the target is above
  the bar: then nothing heavier than the bar can be built.
* Invalid input, meaning any number that is negative, above ``MAX_LOAD``, NaN or infinite,
  gives ``NOTHING``: not exact, no plates, ``below`` and ``above`` both ``None``. Valid input
  never gives that (the bar is always on one side of the target), so ``NOTHING`` reads as "this
  input makes no sense". ``MAX_LOAD`` (2500) is above the heaviest set the protocol takes
  (1000 kg, 2204.6 lb) in either unit, and it bounds the work.

Greedy (the largest plate that fits, repeated) is wrong for some plate sets: with 25, 20 and
15, greedy makes 35 a side as 25 and then cannot make 10, while 20 + 15 works. So the answer is
an unbounded coin change over per-side sums, minimising the plate count, in steps of the
greatest common divisor of the sizes (125 hundredths for the kg defaults), and only up to the
sum the target needs plus the smallest plate: past that lies no nearer load above.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import msgspec

MAX_LOAD = 2500
DEFAULT_BAR_KG = 20
DEFAULT_PLATES_KG = (25, 20, 15, 10, 5, 2.5, 1.25)
DEFAULT_BAR_LB = 45
DEFAULT_PLATES_LB = (45, 35, 25, 10, 5, 2.5)


class Loadable(msgspec.Struct, frozen=True):
    """A total the bar can hold, and the plates per side (largest first) that make it."""

    total: float
    per_side: tuple[float, ...]


class Loading(msgspec.Struct, frozen=True):
    """The answer for one target; see the module docstring for what each field holds."""

    exact: bool
    per_side: tuple[float, ...]
    below: Loadable | None
    above: Loadable | None


NOTHING = Loading(exact=False, per_side=(), below=None, above=None)


def plates(target: float, bar: float, sizes: Sequence[float]) -> Loading:
    """The plates per side for ``target`` on ``bar`` from ``sizes``, or the nearest loads around it."""
    if not all(0 <= number <= MAX_LOAD for number in (target, bar, *sizes)):
        return NOTHING
    target_h, bar_h = _hundredths(target), _hundredths(bar)
    coins = sorted({size for size in map(_hundredths, sizes) if size > 0}, reverse=True)
    step = math.gcd(*coins) if coins else 1
    units = [coin // step for coin in coins]
    need = (target_h - bar_h) // 2  # hundredths per side, floored
    reach = need // step  # the most steps per side that stay at or under the target
    top = reach + units[-1] if units and reach >= 0 else max(reach, 0)
    counts = _fewest_plates(units, top)

    def loadable(amount: int) -> Loadable:
        return Loadable(_in_unit(bar_h + 2 * amount * step), _per_side(units, step, counts, amount))

    if reach >= 0 and target_h - bar_h == 2 * reach * step and counts[reach] is not None:
        return Loading(exact=True, per_side=_per_side(units, step, counts, reach), below=None, above=None)
    below = next((loadable(amount) for amount in range(reach, -1, -1) if counts[amount] is not None), None)
    above = next((loadable(amount) for amount in range(max(reach + 1, 0), top + 1) if counts[amount] is not None), None)
    return Loading(exact=False, per_side=(), below=below, above=above)


def _hundredths(number: float) -> int:
    return math.floor(number * 100 + 0.5)


def _in_unit(hundredths: int) -> float:
    """Back to the unit: whole loads as ints (20, not 20.0), so both languages spell them alike."""
    return hundredths // 100 if hundredths % 100 == 0 else hundredths / 100


def _fewest_plates(units: list[int], top: int) -> list[int | None]:
    """The fewest plates making each per-side sum 0..top (in steps), None where none does."""
    counts: list[int | None] = [0] + [None] * top
    for amount in range(1, top + 1):
        best = None
        for unit in units:
            if unit <= amount:
                rest = counts[amount - unit]
                if rest is not None and (best is None or rest + 1 < best):
                    best = rest + 1
        counts[amount] = best
    return counts


def _per_side(units: list[int], step: int, counts: list[int | None], amount: int) -> tuple[float, ...]:
    """Walk back from ``amount``, each time taking the largest plate that keeps the count fewest.

    The first plate is the largest in any fewest-plate answer, and no fewest answer for the rest
    holds a larger one (it would make a fewest answer for ``amount`` with a larger plate), so the
    walk gives the lexicographically largest of the fewest-plate lists.
    """
    side: list[float] = []
    while amount > 0:
        fewer = counts[amount]
        assert fewer is not None
        unit = next(unit for unit in units if unit <= amount and counts[amount - unit] == fewer - 1)
        side.append(_in_unit(unit * step))
        amount -= unit
    return tuple(side)
