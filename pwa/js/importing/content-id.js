// Ids made from content: the same workout in the same file always gets the same UUID, so
// importing a file twice adds nothing. SHA-256 written out here because crypto.subtle is
// asynchronous; its first 16 bytes become a version-8 UUID (RFC 9562: "custom", the bits are ours).

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const encoder = new TextEncoder();
const W = new Uint32Array(64);
const H = new Uint32Array(8);
const INITIAL = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
// One buffer reused by every call: an import hashes thousands of short keys, and a fresh buffer
// per key made the garbage collector the import's slowest part.
let buffer = new Uint8Array(256);

/** The SHA-256 digest of `text`'s UTF-8 bytes (FIPS 180-4). @param {string} text */
export function sha256(text) {
  if (buffer.length < text.length * 3 + 72) buffer = new Uint8Array(text.length * 3 + 72);
  const length = encoder.encodeInto(text, buffer).written;
  const blocks = Math.ceil((length + 9) / 64);
  const end = blocks * 64;
  buffer.fill(0, length, end);
  buffer[length] = 0x80;
  const bits = length * 8;
  const high = Math.floor(bits / 0x100000000);
  for (let i = 0; i < 4; i += 1) {
    buffer[end - 8 + i] = (high >>> (24 - i * 8)) & 0xff;
    buffer[end - 4 + i] = (bits >>> (24 - i * 8)) & 0xff;
  }
  H.set(INITIAL);
  for (let offset = 0; offset < end; offset += 64) {
    for (let t = 0; t < 16; t += 1) {
      const k = offset + t * 4;
      W[t] = (buffer[k] << 24) | (buffer[k + 1] << 16) | (buffer[k + 2] << 8) | buffer[k + 3];
    }
    for (let t = 16; t < 64; t += 1) {
      const a = W[t - 15];
      const b = W[t - 2];
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
    }
    let a = H[0];
    let b = H[1];
    let c = H[2];
    let d = H[3];
    let e = H[4];
    let f = H[5];
    let g = H[6];
    let h = H[7];
    for (let t = 0; t < 64; t += 1) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[t] + W[t]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + S0 + maj) | 0;
    }
    H[0] += a;
    H[1] += b;
    H[2] += c;
    H[3] += d;
    H[4] += e;
    H[5] += f;
    H[6] += g;
    H[7] += h;
  }
  const digest = new Uint8Array(32);
  for (let i = 0; i < 8; i += 1) {
    digest[i * 4] = H[i] >>> 24;
    digest[i * 4 + 1] = (H[i] >>> 16) & 0xff;
    digest[i * 4 + 2] = (H[i] >>> 8) & 0xff;
    digest[i * 4 + 3] = H[i] & 0xff;
  }
  return digest;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * A lowercase canonical version-8 UUID from `parts`: the first 16 bytes of SHA-256 of
 * "hinge-import", then each part, joined by NUL (which no part holds, so ["ab", "c"] and
 * ["a", "bc"] differ).
 * @param {string[]} parts
 */
export function contentId(parts) {
  const bytes = sha256(["hinge-import", ...parts].join("\u0000"));
  bytes[6] = 0x80 | (bytes[6] & 0x0f); // version 8
  bytes[8] = 0x80 | (bytes[8] & 0x3f); // the RFC variant
  let hex = "";
  for (let i = 0; i < 16; i += 1) hex += HEX[bytes[i]];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
