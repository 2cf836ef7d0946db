import pytest

from sync.hlc import HybridLogicalClock, MalformedHlc, format_hlc, parse_hlc

NODE = "0123456789abcdef"
OTHER = "fedcba9876543210"


def test_format_and_parse_round_trip() -> None:
    value = format_hlc(1764000000000, 0x1A, NODE)
    assert value == "1764000000000-001a-0123456789abcdef"
    assert len(value) == 35
    assert parse_hlc(value) == (1764000000000, 0x1A, NODE)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "1764000000000-0000-0123456789ABCDEF",
        "764000000000-0000-0123456789abcdef",
        "1764000000000-00000-123456789abcdef",
        "1764000000000-000g-0123456789abcdef",
        "1764000000000_0000_0123456789abcdef",
        "1764000000000-0000-0123456789abcdef\n",
        "\uff11764000000000-0000-0123456789abcdef",  # a full-width digit
    ],
)
def test_parse_rejects_malformed_value(value: str) -> None:
    with pytest.raises(MalformedHlc):
        parse_hlc(value)


def test_tick_uses_physical_time_when_it_moved_ahead() -> None:
    clock, value = HybridLogicalClock(NODE).tick(1000)
    assert value == format_hlc(1000, 0, NODE)
    clock, value = clock.tick(2000)
    assert value == format_hlc(2000, 0, NODE)


def test_tick_counts_up_when_physical_time_stands_still_or_goes_back() -> None:
    clock, first = HybridLogicalClock(NODE).tick(5000)
    clock, second = clock.tick(5000)
    clock, third = clock.tick(4000)
    assert (first, second, third) == (
        format_hlc(5000, 0, NODE),
        format_hlc(5000, 1, NODE),
        format_hlc(5000, 2, NODE),
    )


def test_counter_overflow_borrows_a_millisecond_instead_of_failing() -> None:
    clock = HybridLogicalClock(NODE, wall_ms=7000, counter=0xFFFF)
    clock, value = clock.tick(7000)
    assert value == format_hlc(7001, 0, NODE)
    assert clock.wall_ms == 7001


def test_recv_moves_clock_past_remote_value() -> None:
    remote = format_hlc(9000, 5, OTHER)
    clock = HybridLogicalClock(NODE, wall_ms=1000).receive(remote)
    _, value = clock.tick(1000)
    assert value > remote
    assert value == format_hlc(9000, 6, NODE)


def test_recv_of_an_older_value_changes_nothing() -> None:
    clock = HybridLogicalClock(NODE, wall_ms=9000, counter=3)
    assert clock.receive(format_hlc(8000, 9, OTHER)) == clock
