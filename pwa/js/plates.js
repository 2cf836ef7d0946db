// Plates per side of the bar for a load, or the nearest loads below and above: sync/plates.py
// step for step (its docstring has the rule). One unit throughout; integer hundredths inside.

/** @typedef {{ total: number, per_side: number[] }} Loadable */
/** @typedef {{ exact: boolean, per_side: number[], below: Loadable | null, above: Loadable | null }} Loading */

export const MAX_LOAD = 2500;
export const DEFAULT_BAR_KG = 20;
export const DEFAULT_PLATES_KG = Object.freeze([25, 20, 15, 10, 5, 2.5, 1.25]);
export const DEFAULT_BAR_LB = 45;
export const DEFAULT_PLATES_LB = Object.freeze([45, 35, 25, 10, 5, 2.5]);

/** @param {number} x */
const hundredths = (x) => Math.floor(x * 100 + 0.5);
/** @param {number} a @param {number} b @returns {number} */
const gcd = (a, b) => (b ? gcd(b, a % b) : a);

/**
 * Invalid input (a number < 0, > MAX_LOAD, NaN or infinite) gives not exact, below and above null.
 * @param {number} target @param {number} bar @param {readonly number[]} sizes @returns {Loading}
 */
export function plates(target, bar, sizes) {
  if (![target, bar, ...sizes].every((x) => x >= 0 && x <= MAX_LOAD)) {
    return { exact: false, per_side: [], below: null, above: null };
  }
  const t = hundredths(target), b = hundredths(bar);
  const coins = [...new Set(sizes.map(hundredths))].filter((x) => x > 0).sort((x, y) => y - x);
  const step = coins.reduce(gcd, 0) || 1;
  const units = coins.map((x) => x / step);
  const reach = Math.floor(Math.floor((t - b) / 2) / step); // most steps a side at or under the target
  const top = units.length && reach >= 0 ? reach + units[units.length - 1] : Math.max(reach, 0);
  const counts = [0]; // fewest plates per per-side sum, Infinity where none makes it
  for (let n = 1; n <= top; n++) {
    let best = Infinity;
    for (const u of units) if (u <= n) best = Math.min(best, counts[n - u] + 1);
    counts.push(best);
  }
  /** @param {number} n */
  const side = (n) => {
    const out = [];
    while (n > 0) {
      // the largest plate keeping the count fewest
      const u = /** @type {number} */ (units.find((x) => x <= n && counts[n - x] === counts[n] - 1));
      out.push((u * step) / 100);
      n -= u;
    }
    return out;
  };
  /** @param {number} n @returns {Loadable} */
  const loadable = (n) => ({ total: (b + 2 * n * step) / 100, per_side: side(n) });
  if (reach >= 0 && t - b === 2 * reach * step && counts[reach] < Infinity) {
    return { exact: true, per_side: side(reach), below: null, above: null };
  }
  let below = null, above = null;
  for (let n = reach; n >= 0 && !below; n--) if (counts[n] < Infinity) below = loadable(n);
  for (let n = Math.max(reach + 1, 0); n <= top && !above; n++) if (counts[n] < Infinity) above = loadable(n);
  return { exact: false, per_side: [], below, above };
}

// The heaviest load the plates make at or under `target` (the bar when none is lighter): what a
// warm-up step rounds down to.
/** @param {number} target @param {number} bar @param {readonly number[]} sizes */
export function loadableAtMost(target, bar, sizes) {
  const loading = plates(target, bar, sizes);
  return loading.exact ? target : (loading.below?.total ?? bar);
}
