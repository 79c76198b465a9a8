/*
 * JSON values written the many ways a server or a proxy may spell them: any character as
 * \uXXXX (surrogate pairs as two escapes), "/" as "\/", integers with exponents and fractions,
 * whitespace between any two tokens. Every spelling parses to the same value.
 */
import type { Json } from './connector.js';

/** A small deterministic generator (mulberry32), so a failing case can be replayed from its seed. */
export class Dice {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const hex4 = (code: number) => `\\u${code.toString(16).padStart(4, code % 2 === 0 ? '0' : '0').toUpperCase()}`;

/** A string literal with some characters escaped as \uXXXX, "/" sometimes as "\/". */
export function spellString(text: string, dice: Dice): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code > 0xffff && dice.chance(0.5)) {
      // A character outside the BMP as its two surrogates, each escaped.
      const high = 0xd800 + ((code - 0x10000) >> 10);
      const low = 0xdc00 + ((code - 0x10000) & 0x3ff);
      out += hex4(high) + (dice.chance(0.5) ? hex4(low).toLowerCase() : hex4(low));
    } else if (SHORT[ch] !== undefined) {
      out += dice.chance(0.3) && code <= 0xffff ? hex4(code) : SHORT[ch];
    } else if (code < 0x20) {
      out += hex4(code);
    } else if (ch === '/' && dice.chance(0.5)) {
      out += '\\/';
    } else if (code <= 0xffff && dice.chance(0.2)) {
      out += dice.chance(0.5) ? hex4(code) : hex4(code).toLowerCase().replace('\\U', '\\u');
    } else {
      out += ch;
    }
  }
  return `${out}"`;
}

/** A number literal of the same value: integers may come with an exponent or a zero fraction. */
export function spellNumber(n: number, dice: Dice): string {
  if (!Number.isInteger(n) || n === 0 || Math.abs(n) >= 1e15) return JSON.stringify(n);
  const digits = String(Math.abs(n));
  const sign = n < 0 ? '-' : '';
  switch (dice.int(4)) {
    case 0: {
      // d.ddddE+k, the form a Java or Python writer may use.
      const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
      return `${sign}${mantissa}${dice.pick(['E', 'e'])}${dice.pick(['+', ''])}${digits.length - 1}`;
    }
    case 1: return `${sign}${digits}.0`;
    case 2: return `${sign}${digits}0e-1`;
    default: return `${sign}${digits}`;
  }
}

const space = (dice: Dice) => (dice.chance(0.3) ? dice.pick([' ', '\n', '\t', '\r\n', '  ']) : '');

/** `value` as JSON text in a random spelling. */
export function spell(value: unknown, dice: Dice): string {
  const ws = () => space(dice);
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return spellNumber(value, dice);
  if (typeof value === 'string') return spellString(value, dice);
  if (Array.isArray(value)) return `[${ws()}${value.map((v) => `${ws()}${spell(v, dice)}${ws()}`).join(',')}${ws()}]`;
  const entries = Object.entries(value as Json).map(([k, v]) => `${ws()}${spellString(k, dice)}${ws()}:${ws()}${spell(v, dice)}${ws()}`);
  return `{${entries.join(',')}${ws()}}`;
}

const TEXTS = ['plain', 'sl/ash', 'qu"ote', 'back\\slash', 'tab\tnew\nline', 'é ü ß', '日本語', 'emoji 😀 𝄞', 'nul-ish \u0001', 'https://a/b?c=d'];

/** A random text from the mix above, sometimes joined with another. */
export function randomText(dice: Dice): string {
  const t = dice.pick(TEXTS);
  return dice.chance(0.3) ? `${t} ${dice.pick(TEXTS)}` : t;
}
