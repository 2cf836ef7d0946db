// Per-field last-writer-wins merge: the mirror of sync/merge.py.
//
// The merged state maps (entity, entity_id, field) to the op with the greatest hlc for it. Taking a
// maximum is commutative, associative and idempotent, which is why every device converges whatever
// order ops arrive in. Clock values are ASCII, so JavaScript's string "<" orders them as Python does.

/** @param {Pick<Op, "entity" | "entity_id" | "field">} op */
export function fieldKey(op) {
  return `${op.entity}|${op.entity_id}|${op.field}`;
}

// A new state: `state` (a Map of fieldKey -> op) with `ops` merged in. Neither argument is changed.
/** @param {Map<string, Op>} state @param {Iterable<Op>} ops */
export function mergeOps(state, ops) {
  const merged = new Map(state);
  mergeInto(merged, ops);
  return merged;
}

// Merge `ops` into `state` in place; returns the ops that won their field (the changes to apply).
/** @param {Map<string, Op>} state @param {Iterable<Op>} ops */
export function mergeInto(state, ops) {
  const won = [];
  for (const op of ops) {
    const key = fieldKey(op);
    const current = state.get(key);
    if (current === undefined || op.hlc > current.hlc) {
      state.set(key, op);
      won.push(op);
    }
  }
  return won;
}

// Two ops with the same hlc must carry the same content (the op's identity is its hlc).
/** @param {Op} a @param {Op} b */
export function sameContent(a, b) {
  return (
    a.entity === b.entity &&
    a.entity_id === b.entity_id &&
    a.field === b.field &&
    JSON.stringify(a.value) === JSON.stringify(b.value)
  );
}
