"""Per-field last-writer-wins merge.

The merged state maps ``(entity, entity_id, field)`` to the op with the
greatest hlc for it. Taking a maximum is commutative, associative and
idempotent, which is why every device converges whatever order ops arrive in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sync.ops import Op

FieldKey = tuple[str, str, str]
MergedState = Mapping[FieldKey, Op]


def field_key(op: Op) -> FieldKey:
    return (op.entity, op.entity_id, op.field)


def merge_ops(state: MergedState, ops: Iterable[Op]) -> dict[FieldKey, Op]:
    """A new state: ``state`` with ``ops`` merged in. Neither argument is changed."""
    merged = dict(state)
    for op in ops:
        key = field_key(op)
        current = merged.get(key)
        if current is None or op.hlc > current.hlc:
            merged[key] = op
    return merged
