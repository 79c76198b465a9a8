// Seeded randomness for the fake API. Never use Math.random here: the dataset and the
// fault sequence must be reproducible from a seed.

/** FNV-1a 32-bit hash of a string; used to derive seeds and deterministic metric values. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: tiny, fast and good enough for test data. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick on an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Up to `count` distinct items, in their original order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const indexes = items.map((_, i) => i);
    const take = Math.min(count, items.length);
    // Partial Fisher-Yates over the indexes, then restore the original order.
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(this.next() * (indexes.length - i));
      const swap = indexes[i] as number;
      indexes[i] = indexes[j] as number;
      indexes[j] = swap;
    }
    return indexes
      .slice(0, take)
      .sort((a, b) => a - b)
      .map((i) => items[i] as T);
  }

  /** Picks by relative weight; weights need not sum to 1. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [value, weight] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = choices[choices.length - 1];
    if (!last) throw new Error('Rng.weighted with no choices');
    return last[0];
  }

  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += HEX[Math.floor(this.next() * 16)];
    return out;
  }

  /** Independent stream for one part of the dataset, so growing one kind does not reshuffle the others. */
  fork(label: string): Rng {
    return new Rng(hashString(`${this.state}:${label}`));
  }
}

const HEX = '0123456789abcdef';

/**
 * Whether the record `key` has a trait that one record in `every` has. Deterministic per seed,
 * label and key, and spread so that any `every` consecutive integer keys include one: even a
 * list of two items shows a trait that every second record has.
 */
export function oneIn(every: number, seed: number, label: string, key: string | number): boolean {
  return (serialOf(key) + hashString(`${seed}|${label}`)) % every === 0;
}

/** An integer key itself; a string key by its trailing digits ("snippet_3" -> 3), else by its hash. */
export function serialOf(key: string | number): number {
  if (typeof key === 'number') return Math.abs(Math.trunc(key));
  const digits = /(\d{1,9})$/.exec(key);
  return digits ? Number(digits[1]) : hashString(key);
}
