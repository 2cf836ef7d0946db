"""The ledger's rules, on an in-memory log: every device ends with every op, once, and merges like the model."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.ledger import (
    Content,
    LogEntry,
    LogSlice,
    ReusedHlc,
    cut_page,
    encode_batch,
    newest_per_field,
    plan_batch,
    read_window,
    slice_page,
)
from sync.merge import merge_ops
from sync.ops import Op
from tests.property.test_convergence import NODES, reference_state, unique_ops


@dataclass
class MemoryLog:
    """The smallest store the rules need: one user's log, appended under one lock."""

    entries: list[LogEntry] = field(default_factory=list)

    def stored(self, hlcs: set[str]) -> dict[str, Content]:
        return {e.hlc: e.op for e in self.entries if e.hlc in hlcs}

    def sync(self, ops: list[Op], since: int, limit: int) -> tuple[int, list[Op], bool]:
        stored = self.stored({op.hlc for op in ops})
        rows = plan_batch(encode_batch(ops), stored).ops
        before = len(self.entries)
        self.entries += [LogEntry(before + 1 + i, op.hlc, msgspec.json.encode(op)) for i, op in enumerate(rows)]
        after_since = [e for e in self.entries if since < e.seq <= before]
        if stored:
            window = after_since[: read_window(limit, stored)]
            page = cut_page(window, since=since, limit=limit, own=stored.keys(), last_seq=len(self.entries))
        else:
            read = after_since[:limit]
            whole = LogSlice(len(read), read[-1].seq if read else 0, b",".join(e.op for e in read))
            page = slice_page(whole, limit=limit, upto=before, last_seq=len(self.entries))
        pulled = msgspec.json.decode(bytes(page.ops), type=list[Op])
        assert page.op_count == len(pulled)
        return page.cursor, pulled, page.more


@settings(max_examples=200, deadline=None)
@given(
    ops=unique_ops(max_size=40),
    cuts=st.lists(st.integers(0, 40), max_size=6),
    limits=st.lists(st.integers(1, 7), min_size=1, max_size=5),
    seed=st.integers(0, 2**32),
)
def test_every_device_pulls_every_other_op_once_and_converges(
    ops: list[Op], cuts: list[int], limits: list[int], seed: int
) -> None:
    shuffle = random.Random(seed)
    log = MemoryLog()
    seen: dict[str, list[Op]] = {node: [] for node in NODES}
    cursors = dict.fromkeys(NODES, 0)
    batches: list[tuple[str, list[Op]]] = []
    for node in NODES:
        own = [op for op in ops if op.hlc.endswith(node)]
        edges = sorted({0, len(own), *(c % (len(own) + 1) for c in cuts)})
        batches += [(node, own[a:b]) for a, b in itertools.pairwise(edges)]
    batches += shuffle.sample(batches, k=len(batches) // 2)  # retries
    shuffle.shuffle(batches)

    def pull(node: str, batch: list[Op]) -> None:
        more = True
        while more:
            limit = shuffle.choice(limits)
            cursors[node], pulled, more = log.sync(batch, cursors[node], limit)
            assert len(pulled) <= limit
            seen[node] += pulled
            batch = []

    for node, batch in batches:
        pull(node, batch)
    for node in NODES:
        pull(node, [])

    assert len({e.hlc for e in log.entries}) == len(log.entries) == len(ops)
    for node in NODES:
        others = sorted(op.hlc for op in ops if not op.hlc.endswith(node))
        mine = sorted(op.hlc for op in seen[node] if op.hlc.endswith(node))
        # What a device pulls holds no op twice; its own ops come back only when
        # another batch was stored in between (it is then told nothing new).
        assert sorted(op.hlc for op in seen[node] if not op.hlc.endswith(node)) == others
        assert len(mine) == len(set(mine))
        own = [op for op in ops if op.hlc.endswith(node)]
        assert merge_ops({}, [*own, *seen[node]]) == reference_state(ops)


def test_a_retried_batch_is_stored_once_and_an_up_to_date_device_reads_nothing_back() -> None:
    log = MemoryLog()
    batch = [Op(f"0000000000001-000{i}-{NODES[0]}", "set", "s", "reps", i) for i in range(3)]
    assert log.sync(batch, 0, 10) == (3, [], False)
    assert log.sync(batch, 3, 10) == (3, [], False)
    assert len(log.entries) == 3


def test_a_reused_hlc_names_the_first_such_op_and_stores_nothing() -> None:
    log = MemoryLog()
    first = Op(f"0000000000001-0000-{NODES[0]}", "set", "s", "reps", 1)
    log.sync([first], 0, 10)
    fresh = Op(f"0000000000002-0000-{NODES[0]}", "set", "s", "reps", 2)
    changed = Op(first.hlc, "set", "s", "reps", 5)
    with pytest.raises(ReusedHlc) as caught:
        log.sync([fresh, changed], 1, 10)
    assert (caught.value.index, caught.value.hlc) == (1, first.hlc)
    twin = Op(fresh.hlc, "set", "s", "notes", "other")
    with pytest.raises(ReusedHlc) as within:
        plan_batch(encode_batch([fresh, twin]), {})
    assert within.value.index == 1
    assert len(log.entries) == 1


def test_a_full_page_says_more_and_stops_its_cursor_at_the_last_op_sent() -> None:
    log = MemoryLog()
    log.sync([Op(f"000000000000{i}-0000-{NODES[1]}", "set", "s", f"f{i}", i) for i in range(5)], 0, 10)
    cursor, pulled, more = log.sync([], 0, 2)
    assert (cursor, [op.value for op in pulled], more) == (2, [0, 1], True)
    cursor, pulled, more = log.sync([], 2, 3)
    assert (cursor, [op.value for op in pulled], more) == (5, [2, 3, 4], False)


FieldState = dict[tuple[str, str, str], tuple[str, bytes]]  # (entity, id, field) -> (hlc, op)


def _upsert_newer(state: FieldState, rows: Sequence[Op]) -> None:
    """The state table's upsert: a field takes a row's value only when its hlc is greater."""
    for row in rows:
        key = (row.entity, row.entity_id, row.field)
        if key not in state or row.hlc > state[key][0]:
            state[key] = (row.hlc, msgspec.json.encode(row.value))


@settings(max_examples=200, deadline=None)
@given(ops=unique_ops(max_size=40), split=st.integers(0, 40))
def test_writing_only_each_fields_newest_row_leaves_the_state_of_writing_every_row(ops: list[Op], split: int) -> None:
    rows = plan_batch(encode_batch(ops), {}).ops
    every: FieldState = {}
    newest: FieldState = {}
    earlier, later = rows[:split], rows[split:]
    for batch in (earlier, later):
        _upsert_newer(every, batch)
        _upsert_newer(newest, newest_per_field(batch))
    assert newest == every
    assert len(newest_per_field(rows)) == len({(r.entity, r.entity_id, r.field) for r in rows})


def test_a_batch_of_distinct_fields_is_written_as_it_came() -> None:
    rows = [Op(f"1700000000000-000{n}-a", "session", "s", f"field{n}", 1) for n in range(3)]
    assert newest_per_field(rows) is rows


def test_a_retry_is_the_same_op_as_one_stored_in_other_json_text_and_other_content_is_refused() -> None:
    sent = Op(f"0000000000001-0000-{NODES[0]}", "set", "s", "rpe", 8.5)
    # As PostgreSQL's json_build_object wrote the ops a migration moved: spaces around every colon.
    spaced = f'{{"hlc" : "{sent.hlc}", "entity" : "set", "entity_id" : "s", "field" : "rpe", "value" : 8.5}}'.encode()
    assert spaced != msgspec.json.encode(sent)
    assert plan_batch(encode_batch([sent]), {sent.hlc: spaced}).ops == []
    with pytest.raises(ReusedHlc):
        plan_batch(encode_batch([Op(sent.hlc, "set", "s", "rpe", 9.0)]), {sent.hlc: spaced})


def test_a_batch_without_retries_is_written_as_encoded_and_an_op_sent_twice_in_it_once() -> None:
    first = Op(f"0000000000001-0000-{NODES[0]}", "set", "s", "reps", 5)
    second = Op(f"0000000000002-0000-{NODES[0]}", "set", "s", "notes", "easy")
    batch = encode_batch([first, second])
    assert plan_batch(batch, {}) is batch
    planned = plan_batch(encode_batch([first, second, first]), {})
    assert [op.hlc for op in planned.ops] == [first.hlc, second.hlc]
    assert (planned.size, planned.ops_json, planned.newest_json) == (batch.size, batch.ops_json, batch.newest_json)
    assert batch.size == sum(len(msgspec.json.encode(op)) for op in (first, second))
