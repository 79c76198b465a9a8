// Identifier formats that look like Customer.io's, generated from a seeded Rng.
import type { Rng } from './random.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 26-char ULID-like id: 10 chars of millisecond time, 16 random chars. */
export function ulid(rng: Rng, unixSeconds: number): string {
  let ms = unixSeconds * 1000 + rng.int(0, 999);
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[ms % 32] + time;
    ms = Math.floor(ms / 32);
  }
  return time + randomChars(rng, CROCKFORD, 5, 16);
}

/**
 * Delivery ids look like base64 of 20 bytes ("dgOq6QWq6QUBAAF4_CGoeVX7mFkDbRFu7ek=").
 * A serial number is folded in so ids are unique without a lookup table.
 */
export function deliveryId(rng: Rng, serial: number): string {
  let out = randomChars(rng, BASE64URL, 6, 21);
  let n = serial;
  for (let i = 0; i < 6; i++) {
    out += BASE64URL[n % 64];
    n = Math.floor(n / 64);
  }
  return `${out}=`;
}

/** Makes unique short hex ids with a fixed prefix ("a3" + 6 hex for people, "ob" + 6 for objects). */
export function uniqueHexIds(rng: Rng, prefix: string, count: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  while (out.length < count) {
    const id = prefix + rng.hex(6);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
  }
  return out;
}

/** `count` chars from an alphabet of 2^bits letters, using every bit of each 32-bit draw (ids are hot). */
function randomChars(rng: Rng, alphabet: string, bits: number, count: number): string {
  const perDraw = Math.floor(32 / bits);
  const mask = (1 << bits) - 1;
  let out = '';
  while (out.length < count) {
    let word = Math.floor(rng.next() * 4294967296);
    for (let i = 0; i < perDraw && out.length < count; i++) {
      out += alphabet[word & mask];
      word >>>= bits;
    }
  }
  return out;
}
