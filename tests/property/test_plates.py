"""``sync/plates.py`` against exhaustive search, on plate sets and targets small enough to search.

The search tries every count of every plate size (no coin-change table, no greedy step) and
keeps, for each per-side sum, the plate list with the fewest plates, ties going to the
lexicographically larger list. Everything is compared in integer hundredths, as the rule works.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sync.plates import Loadable, plates

# Hundredths of the unit: fractional plates (0.5, 1.25, 2.5), the usual ones, odd sizes that make
# greedy fail, and 0 (no plate).
SIZES = st.lists(
    st.sampled_from([0, 50, 125, 250, 500, 1000, 1500, 2000, 2500]) | st.integers(min_value=100, max_value=1700),
    max_size=4,
)
BARS = st.sampled_from([0, 1000, 1500, 2000, 4500]) | st.integers(min_value=0, max_value=5000)


def exhaustive(sizes: list[int], limit: int) -> dict[int, tuple[int, ...]]:
    """Every per-side sum up to ``limit`` that some multiset of ``sizes`` makes, with the best list."""
    best: dict[int, tuple[int, ...]] = {}

    def walk(index: int, total: int, chosen: list[int]) -> None:
        if index == len(sizes):
            plates_ = tuple(sorted(chosen, reverse=True))
            current = best.get(total)
            if current is None or (len(plates_), [-p for p in plates_]) < (len(current), [-p for p in current]):
                best[total] = plates_
            return
        count = 0
        while total + count * sizes[index] <= limit:
            walk(index + 1, total + count * sizes[index], chosen + [sizes[index]] * count)
            count += 1

    walk(0, 0, [])
    return best


def hundredths(numbers: tuple[float, ...]) -> tuple[int, ...]:
    return tuple(round(number * 100) for number in numbers)


def totals(bar: int, best: dict[int, tuple[int, ...]]) -> list[int]:
    return sorted(bar + 2 * side for side in best)


def check_neighbour(found: Loadable, bar: int, best: dict[int, tuple[int, ...]]) -> int:
    """``found`` is loadable and its plates are the best list for its sum; returns its total."""
    total = round(found.total * 100)
    side, odd = divmod(total - bar, 2)
    assert odd == 0
    assert side in best, f"{found} is not loadable"
    assert hundredths(found.per_side) == best[side]
    return total


@settings(max_examples=300, deadline=None)
@given(sizes=SIZES, bar=BARS, offset=st.integers(min_value=-300, max_value=3000))
def test_plates_agree_with_exhaustive_search(sizes: list[int], bar: int, offset: int) -> None:
    target = max(bar + offset, 0)
    coins = sorted({size for size in sizes if size > 0})
    need = (target - bar) // 2
    best = exhaustive(coins, max(need, 0) + (coins[-1] if coins else 0))
    loading = plates(target / 100, bar / 100, [size / 100 for size in sizes])

    makes_target = target >= bar and (target - bar) % 2 == 0 and need in best
    assert loading.exact == makes_target
    if loading.exact:
        # Fewest plates, ties to heavier plates first: exactly the exhaustive search's choice.
        assert hundredths(loading.per_side) == best[need]
        assert sum(hundredths(loading.per_side)) == need
        assert loading.below is None
        assert loading.above is None
        return

    assert loading.per_side == ()
    loadable = totals(bar, best)
    if target < bar:
        assert loading.below is None
    else:
        assert loading.below is not None
        below = check_neighbour(loading.below, bar, best)
        assert below < target
        assert not [total for total in loadable if below < total < target]
    if loading.above is None:
        # Only the bar is loadable, and it is not above the target.
        assert not coins
        assert target > bar
    else:
        above = check_neighbour(loading.above, bar, best)
        assert above > target
        assert not [total for total in loadable if target < total < above]
