"""A batch's clocks and ids checked whole say what checking them op by op says."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sync.ops import PROFILE_ID, Catalog, Op, OpRejected, OpValidator, clocks_and_ids_hold

DEVICE = "00000000000000a1"
NOW_MS = 1_764_000_000_000
VALIDATOR = OpValidator(Catalog(exercise_ids=frozenset(), cue_ids=frozenset()))
SESSION = "0190f3a2-6c1e-7b3d-9a4f-2e8c5d7b1a60"

# Mostly good clocks of this device, now and then one that is malformed, another device's,
# too far ahead, or has a newline or a node that only ends with this one's.
hlcs = st.one_of(
    st.builds(
        lambda ms, n: f"{ms:013d}-{n:04x}-{DEVICE}", st.integers(0, NOW_MS + 11 * 60_000), st.integers(0, 0xFFFF)
    ),
    st.sampled_from(
        [
            f"{NOW_MS:013d}-0000-00000000000000b2",
            f"{NOW_MS:013d}-000-{DEVICE}",
            f"{NOW_MS:013d}-0000-{DEVICE}\n",
            f"{NOW_MS:013d}-0000-{DEVICE}\n{NOW_MS:013d}-0000-{DEVICE}",
            f"{NOW_MS:013d}-0000-0{DEVICE}",
            f"{NOW_MS:013d}-0000-{DEVICE.upper()}",
            "",
        ]
    ),
    st.text(max_size=40),
)
entity_ids = st.one_of(
    st.just(SESSION),
    st.just(PROFILE_ID),
    st.sampled_from([SESSION.upper(), SESSION + "\n", f"{SESSION}\n{SESSION}", SESSION[:-1], ""]),
    st.text(max_size=40),
)
ops = st.builds(
    lambda hlc, entity, entity_id: Op(hlc, entity, entity_id, "units" if entity == "profile" else "notes", "kg"),
    hlcs,
    st.sampled_from(["session", "profile"]),
    entity_ids,
)


def passes_alone(op: Op) -> bool:
    # The values are good, so validate refuses only for what clocks_and_ids_hold checks.
    try:
        VALIDATOR.validate(op, device_id=DEVICE, now_ms=NOW_MS)
    except OpRejected:
        return False
    return True


@settings(max_examples=600, deadline=None)
@given(batch=st.lists(ops, max_size=8))
def test_checking_a_batchs_clocks_and_ids_whole_agrees_with_checking_each_op(batch: list[Op]) -> None:
    assert clocks_and_ids_hold(batch, device_id=DEVICE, now_ms=NOW_MS) == all(passes_alone(op) for op in batch)
