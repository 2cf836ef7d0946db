// Entity ids: UUIDv7, time-ordered and in canonical lowercase form (as tests/support/device.py's
// new_id makes them), so a user's new sets land together in the server's indexes.

export function newId(nowMs = Date.now(), random = crypto.getRandomValues(new Uint8Array(10))) {
  const time = Math.max(0, Math.floor(nowMs)).toString(16).padStart(12, "0").slice(-12);
  const bytes = [...random.slice(0, 10)];
  bytes[0] = 0x70 | (bytes[0] & 0x0f); // version 7 in the high nibble of byte 6
  bytes[2] = 0x80 | (bytes[2] & 0x3f); // RFC 4122 variant in byte 8
  const hex = bytes.map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** @param {unknown} value */
export function isUuid(value) {
  return typeof value === "string" && UUID.test(value);
}
