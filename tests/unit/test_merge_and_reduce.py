from sync.merge import merge_ops
from sync.ops import Op
from sync.reduce import reduce_state

A = "aaaaaaaaaaaaaaaa"
B = "bbbbbbbbbbbbbbbb"
S1 = "00000000-0000-4000-8000-000000000001"
S2 = "00000000-0000-4000-8000-000000000002"
X1 = "00000000-0000-4000-8000-0000000000a1"
X2 = "00000000-0000-4000-8000-0000000000a2"


def hlc(wall: int, node: str = A, counter: int = 0) -> str:
    return f"{wall:013d}-{counter:04x}-{node}"


def rows(ops: list[Op]) -> list[tuple[str, str, str, object]]:
    state = merge_ops({}, ops)
    return [(o.entity, o.entity_id, o.field, o.value) for o in state.values()]


def test_concurrent_edit_keeps_latest_hlc() -> None:
    early = Op(hlc(1000, B), "set", X1, "reps", 8)
    late = Op(hlc(1000, A, 1), "set", X1, "reps", 10)
    assert merge_ops(merge_ops({}, [early]), [late]) == merge_ops(merge_ops({}, [late]), [early])
    assert merge_ops({}, [early, late])[("set", X1, "reps")] is late


def test_merge_ignores_duplicate_op() -> None:
    once = Op(hlc(1), "session", S1, "notes", "a")
    assert merge_ops({}, [once, once]) == merge_ops({}, [once])


def test_merge_returns_a_new_state_and_keeps_its_input() -> None:
    state = merge_ops({}, [Op(hlc(1), "session", S1, "notes", "a")])
    merge_ops(state, [Op(hlc(2), "session", S1, "notes", "b")])
    assert state[("session", S1, "notes")].value == "a"


def test_sessions_newest_first_with_sets_by_position_then_id() -> None:
    ops = [
        Op(hlc(1), "session", S1, "started_at", "2026-11-24T10:00:00+02:00"),
        Op(hlc(2), "session", S2, "started_at", "2026-11-24T09:00:00Z"),
        Op(hlc(3), "set", X2, "session_id", S1),
        Op(hlc(4), "set", X2, "position", 1),
        Op(hlc(5), "set", X1, "session_id", S1),
        Op(hlc(6), "set", X1, "position", 1),
        Op(hlc(7), "set", X1, "form.hips_back", True),
    ]
    sessions = reduce_state(rows(ops))
    # 10:00+02:00 is 08:00Z, earlier than 09:00Z: compared as instants, not text.
    assert [s.id for s in sessions] == [S2, S1]
    assert [x.id for x in sessions[1].sets] == [X1, X2]
    assert sessions[1].sets[0].form == {"hips_back": True}
    assert sessions[1].sets[1].form == {}


def test_deleted_session_hides_its_sets_and_restoring_brings_them_back() -> None:
    base = [
        Op(hlc(1), "session", S1, "started_at", "2026-11-24T09:00:00Z"),
        Op(hlc(2), "set", X1, "session_id", S1),
        Op(hlc(3), "session", S1, "deleted", True),
    ]
    assert reduce_state(rows(base)) == []
    restored = reduce_state(rows([*base, Op(hlc(4), "session", S1, "deleted", False)]))
    assert [x.id for x in restored[0].sets] == [X1]


def test_set_before_its_session_is_held_back_until_the_session_exists() -> None:
    orphan = [Op(hlc(1), "set", X1, "session_id", S1), Op(hlc(2), "set", X1, "reps", 5)]
    assert reduce_state(rows(orphan)) == []
    with_session = reduce_state(rows([*orphan, Op(hlc(3), "session", S1, "notes", "")]))
    assert with_session[0].sets[0].reps == 5


def test_sessions_without_started_at_come_last_and_ties_go_by_id() -> None:
    ops = [
        Op(hlc(1), "session", S2, "started_at", "2026-11-24T09:00:00Z"),
        Op(hlc(2), "session", S1, "started_at", "2026-11-24T09:00:00.000Z"),
        Op(hlc(3), "session", X1, "notes", "undated"),
    ]
    assert [s.id for s in reduce_state(rows(ops))] == [S1, S2, X1]
    assert [s.id for s in reduce_state(rows(ops), newest_first=False)] == [S1, S2, X1]
