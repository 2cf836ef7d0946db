"""The hybrid logical clock of sync-protocol.md section 2.

A clock value is ``WALL-COUNTER-NODE`` (13 decimal digits, 4 hex digits,
16 hex digits), so plain string comparison orders values. The clock itself is
an immutable value: ``tick`` and ``receive`` return a new clock, and the
physical time is always passed in, never read here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

import msgspec

from sync.values import all_match, lines_of

HLC_LENGTH = 35
MAX_COUNTER = 0xFFFF
_HLC_PATTERN = re.compile(r"([0-9]{13})-([0-9a-f]{4})-([0-9a-f]{16})")
_NODE_PATTERN = re.compile(r"[0-9a-f]{16}")


class MalformedHlc(ValueError):
    """A string that is not a well-formed clock value."""


class HlcParts(NamedTuple):
    wall_ms: int
    counter: int
    node: str


def parse_hlc(value: str) -> HlcParts:
    match = _HLC_PATTERN.fullmatch(value)
    if match is None:
        raise MalformedHlc(f"hlc must be WALL-COUNTER-NODE (13 digits, 4 hex, 16 hex), got {value!r}")
    wall, counter, node = match.groups()
    return HlcParts(int(wall), int(counter, 16), node)


def wall_and_node(value: str) -> tuple[int, str]:
    """The WALL and NODE of a clock value: all the server needs to check an op, parsed cheaply."""
    if _HLC_PATTERN.fullmatch(value) is None:
        raise MalformedHlc(f"hlc must be WALL-COUNTER-NODE (13 digits, 4 hex, 16 hex), got {value!r}")
    return int(value[:13]), value[19:]


_HLC_LINES = lines_of(_HLC_PATTERN)


def all_well_formed_of(hlcs: Sequence[str], node: str) -> bool:
    """Whether every one of ``hlcs`` is well formed and names ``node``: what ``wall_and_node``
    and a comparison of its node tell of each, for a whole batch at C speed."""
    lines = all_match(_HLC_LINES, hlcs)
    # Each line ends with its node, and a node followed by a newline ends a line.
    return lines is not None and lines.count(node + "\n") == len(hlcs)


def format_hlc(wall_ms: int, counter: int, node: str) -> str:
    if not 0 <= wall_ms < 10**13:
        raise ValueError(f"wall_ms out of range: {wall_ms}")
    if not 0 <= counter <= MAX_COUNTER:
        raise ValueError(f"counter out of range: {counter}")
    if _NODE_PATTERN.fullmatch(node) is None:
        raise ValueError(f"node must be 16 lowercase hex digits, got {node!r}")
    return f"{wall_ms:013d}-{counter:04x}-{node}"


def is_valid_node(node: str) -> bool:
    return _NODE_PATTERN.fullmatch(node) is not None


class HybridLogicalClock(msgspec.Struct, frozen=True):
    """One device's clock: the last (wall, counter) it issued or received."""

    node: str
    wall_ms: int = 0
    counter: int = 0

    def tick(self, physical_ms: int) -> tuple[HybridLogicalClock, str]:
        """Make the next clock value; returns the advanced clock and the value."""
        wall = max(self.wall_ms, physical_ms)
        counter = self.counter + 1 if wall == self.wall_ms else 0
        if counter > MAX_COUNTER:
            # A bulk import must never fail: borrow one millisecond instead.
            wall, counter = wall + 1, 0
        clock = HybridLogicalClock(self.node, wall, counter)
        return clock, format_hlc(wall, counter, self.node)

    def receive(self, remote_hlc: str) -> HybridLogicalClock:
        """Move past a value received from elsewhere, so our next value sorts after it."""
        remote = parse_hlc(remote_hlc)
        if (remote.wall_ms, remote.counter) <= (self.wall_ms, self.counter):
            return self
        return HybridLogicalClock(self.node, remote.wall_ms, remote.counter)
