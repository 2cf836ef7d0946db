"""Differential test: the PWA's clock and merge (``pwa/js/hlc.js``, ``merge.js``) behave as ``sync/`` does.

Hypothesis draws clock steps (ticks at any physical time, counter overflow included, and
receipts of remote values) and op sets written by a few devices with colliding clocks; one
Node process running ``tests/js/client_core_many.mjs`` answers each case, and the clock values,
the merged winners and the reduced sessions must be the same as Python's.
"""

from __future__ import annotations

import pathlib
from collections.abc import Iterator
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.hlc import MAX_COUNTER, HybridLogicalClock, format_hlc
from sync.merge import merge_ops
from sync.ops import Op
from sync.reduce import reduce_state
from tests.support.node import NodeFilter

ROOT = pathlib.Path(__file__).resolve().parents[2]
NODES = ["00000000000000a1", "00000000000000b2", "ffffffffffffffff"]
IDS = [f"00000000-0000-7000-8000-00000000000{n}" for n in range(4)]
WALLS = st.integers(min_value=0, max_value=40) | st.integers(min_value=0, max_value=10**13 - 10**6)


@pytest.fixture(scope="module")
def node() -> Iterator[NodeFilter]:
    core = NodeFilter("client_core_many.mjs")
    yield core
    core.close()


hlcs = st.builds(
    format_hlc,
    WALLS,
    st.integers(min_value=0, max_value=MAX_COUNTER) | st.sampled_from([MAX_COUNTER]),
    st.sampled_from(NODES),
)
steps = st.lists(st.tuples(st.just("tick"), WALLS) | st.tuples(st.just("recv"), hlcs), max_size=30)
values = st.one_of(st.booleans(), st.integers(-5, 5), st.none(), st.sampled_from(["a", "b", IDS[0], IDS[1]]))
ops = st.lists(
    st.builds(
        Op,
        hlcs,
        st.sampled_from(["session", "set"]),
        st.sampled_from(IDS),
        st.sampled_from(["deleted", "notes", "session_id", "reps", "position", "started_at", "form.hips_back", "kind"]),
        values,
    ),
    max_size=40,
)


def python_case(node: str, case_steps: list[tuple[str, Any]], case_ops: list[Op]) -> dict[str, Any]:
    clock = HybridLogicalClock(node)
    results: list[Any] = []
    for kind, argument in case_steps:
        if kind == "tick":
            clock, value = clock.tick(argument)
            results.append(value)
        else:
            clock = clock.receive(argument)
            results.append([clock.wall_ms, clock.counter])
    state = merge_ops({}, case_ops)
    merged = sorted([op.entity, op.entity_id, op.field, op.hlc] for op in state.values())
    sessions = reduce_state([(o.entity, o.entity_id, o.field, o.value) for o in state.values()])
    return {"values": results, "merged": merged, "sessions": msgspec.to_builtins(sessions)}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(NODES), steps, ops)
def test_javascript_clock_and_merge_agree_with_sync(
    node: NodeFilter, device: str, case_steps: list[tuple[str, Any]], case_ops: list[Op]
) -> None:
    case = {"node": device, "steps": case_steps, "ops": [msgspec.to_builtins(op) for op in case_ops]}
    js = node.ask(case)
    assert "error" not in js, js.get("error")
    expected = python_case(device, case_steps, case_ops)
    assert js["values"] == expected["values"]
    assert js["merged"] == expected["merged"]
    assert js["sessions"] == expected["sessions"]
