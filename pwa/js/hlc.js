// The hybrid logical clock of sync-protocol.md section 2: the mirror of sync/hlc.py.
//
// A value is WALL-COUNTER-NODE (13 decimal digits, 4 hex digits, 16 hex digits), so plain string
// comparison orders values. The clock is immutable: tick and receive return a new clock, and the
// physical time is passed in, never read here.

export const HLC_LENGTH = 35;
export const MAX_COUNTER = 0xffff;
const HLC_PATTERN = /^([0-9]{13})-([0-9a-f]{4})-([0-9a-f]{16})$/;
const NODE_PATTERN = /^[0-9a-f]{16}$/;

export class MalformedHlc extends Error {}

/** @param {unknown} node */
export function isValidNode(node) {
  return typeof node === "string" && NODE_PATTERN.test(node);
}

// {wallMs, counter, node} of a clock value, or MalformedHlc.
/** @param {unknown} value */
export function parseHlc(value) {
  const match = typeof value === "string" ? HLC_PATTERN.exec(value) : null;
  if (match === null) {
    throw new MalformedHlc(`hlc must be WALL-COUNTER-NODE (13 digits, 4 hex, 16 hex), got ${JSON.stringify(value)}`);
  }
  return { wallMs: Number(match[1]), counter: parseInt(match[2], 16), node: match[3] };
}

/** @param {unknown} value */
export function isValidHlc(value) {
  return typeof value === "string" && HLC_PATTERN.test(value);
}

/** @param {number} wallMs @param {number} counter @param {string} node */
export function formatHlc(wallMs, counter, node) {
  if (!Number.isSafeInteger(wallMs) || wallMs < 0 || wallMs >= 1e13) throw new RangeError(`wall_ms out of range: ${wallMs}`);
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_COUNTER) throw new RangeError(`counter out of range: ${counter}`);
  if (!isValidNode(node)) throw new RangeError(`node must be 16 lowercase hex digits, got ${JSON.stringify(node)}`);
  return `${String(wallMs).padStart(13, "0")}-${counter.toString(16).padStart(4, "0")}-${node}`;
}

// One device's clock: the last (wall, counter) it issued or received.
export class Clock {
  /** @param {string} node */
  constructor(node, wallMs = 0, counter = 0) {
    this.node = node;
    this.wallMs = wallMs;
    this.counter = counter;
    Object.freeze(this);
  }

  // The next clock value: [the advanced clock, the value].
  /** @param {number} physicalMs @returns {[Clock, string]} */
  tick(physicalMs) {
    let wall = Math.max(this.wallMs, Math.floor(physicalMs));
    let counter = wall === this.wallMs ? this.counter + 1 : 0;
    if (counter > MAX_COUNTER) {
      // A bulk import must never fail: borrow one millisecond instead.
      wall += 1;
      counter = 0;
    }
    return [new Clock(this.node, wall, counter), formatHlc(wall, counter, this.node)];
  }

  // Move past a value received from elsewhere, so our next value sorts after it.
  /** @param {string} remoteHlc */
  receive(remoteHlc) {
    const remote = parseHlc(remoteHlc);
    if (remote.wallMs < this.wallMs || (remote.wallMs === this.wallMs && remote.counter <= this.counter)) return this;
    return new Clock(this.node, remote.wallMs, remote.counter);
  }

  toJSON() {
    return { node: this.node, wallMs: this.wallMs, counter: this.counter };
  }
}
