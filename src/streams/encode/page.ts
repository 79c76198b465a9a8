/*
 * A page of an answer turned into RECORD lines without parsing it. Decoding 600 KB of deliveries
 * to a string, parsing it, reshaping and projecting each record and serialising it again cost
 * about 10 µs a record, most of a large read's CPU. The encoder walks the bytes once instead:
 * each declared field's value is copied as the API wrote it, only the values the stream's Shape
 * changes are rewritten, and undeclared fields are left out, so each line's `data` equals (as a
 * JSON value) what the parsed path makes of the same item. Whatever it does not expect (a line
 * break, invalid UTF-8, an escaped or non-ASCII name, an item that is not an object, no envelope
 * array, malformed JSON) makes it give the page back, and the page takes the parsed path.
 */
import { isUtf8 } from 'node:buffer';
import type { JsonObject } from '../../protocol/messages.js';
import type { EncodedPage, PageEncoding, RecordFilter } from '../types.js';
import { keepDeclared } from '../declared.js';
import { asInteger, asText, withoutUserinfo } from '../shape.js';
import { childPath, textHash, type FieldPlan, type ObjectPlan, type ScalarOp, type ValuePlan } from './plan.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const SPACE = 0x20;
const TAB = 0x09;
const AT = 0x40;

const EMPTY = Buffer.alloc(0);

/** What each scalar op of a plan does to a decoded value: the functions reshape() applies. */
const CHANGES: Readonly<Record<ScalarOp, (value: unknown) => unknown>> = { copy: (v) => v, integer: asInteger, text: asText, url: withoutUserinfo };
const NEXT = Buffer.from('next', 'latin1');

/** Thrown inside the encoder when the page is not what it expects; the page then takes the parsed path. */
class Unexpected extends Error {}
const UNEXPECTED = new Unexpected('unexpected bytes');

export interface EncoderOptions {
  stream: string;
  /** The stream's schema, and the plan objectPlan made of it and the stream's Shape. */
  schema: unknown;
  plan: ObjectPlan;
  envelope: string;
  /** Fields every record gets, in place of the item's own (a parent's id). */
  extra?: JsonObject | undefined;
  keep?: RecordFilter | undefined;
  /** The sync's clock: each page's records are stamped with the time it was encoded. */
  now: () => number;
}

/** Serialised extra fields: what {...item, ...extra} followed by keepDeclared adds to each record. */
function extraBytes(plan: ObjectPlan, schema: unknown, extra: JsonObject | undefined, dropped: Set<string>): Buffer {
  let text = '';
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  for (const [key, value] of Object.entries(extra ?? {})) {
    if (value === undefined) continue;
    if (!plan.open && !plan.fields.has(textHash(key))) {
      dropped.add(key);
      continue;
    }
    text += `,${JSON.stringify(key)}:${JSON.stringify(keepDeclared(properties?.[key], value, dropped, key))}`;
  }
  return Buffer.from(text, 'utf8');
}

/**
 * Encodes pages of one stream's endpoint. `encode` returns undefined for a page it will not
 * handle; nothing is written then, and the caller parses the page instead.
 */
export class PageEncoder implements PageEncoding {
  private src: Buffer = EMPTY;
  private out: Buffer = EMPTY;
  private o = 0;
  private readonly dropped = new Set<string>();
  private readonly seenLeftOut = new Map<ObjectPlan, Set<number>>();
  private readonly envelope: Buffer;
  /** The extra fields, each after a comma; and the names the extra fields replace. */
  private readonly extra: Buffer;
  private readonly extraKeys: Set<number>;
  private readonly keepName: Buffer | undefined;
  private readonly keepValues: ReadonlySet<string> | undefined;
  private kept = true;
  private readonly plan: ObjectPlan;
  /** The start of every RECORD line of this stream, up to its data. */
  private readonly head: Buffer;
  /** The opening brackets of the value being skipped, by depth (deeper values take the parsed path). */
  private readonly openers = new Uint8Array(64);

  constructor(private readonly options: EncoderOptions) {
    this.plan = options.plan;
    this.head = Buffer.from(`{"type":"RECORD","record":{"stream":${JSON.stringify(options.stream)},"data":`, 'utf8');
    this.envelope = Buffer.from(options.envelope, 'latin1');
    this.extra = extraBytes(this.plan, options.schema, options.extra, this.dropped);
    this.extraKeys = new Set(Object.keys(options.extra ?? {}).map(textHash));
    this.keepName = options.keep === undefined ? undefined : Buffer.from(options.keep.field, 'latin1');
    this.keepValues = options.keep === undefined ? undefined : new Set(options.keep.values);
  }

  /** The page's records as RECORD lines, or undefined to parse it instead. */
  encode(src: Buffer): EncodedPage | undefined {
    // A line break would split a record line; invalid UTF-8 is replaced by the parsed path, not copied.
    if (src.indexOf(0x0a) !== -1 || src.indexOf(0x0d) !== -1 || !isUtf8(src)) return undefined;
    const tail = Buffer.from(`,"emitted_at":${this.options.now()}}}\n`, 'latin1');
    this.src = src;
    this.out = Buffer.allocUnsafe(Math.max(4096, Math.ceil(src.length * 1.25)));
    this.o = 0;
    try {
      return this.page(tail);
    } catch (error) {
      if (error instanceof Unexpected) return undefined;
      throw error;
    } finally {
      // The page's bytes and lines belong to the caller now; the encoder keeps neither.
      this.src = EMPTY;
      this.out = EMPTY;
    }
  }

  private page(tail: Buffer): EncodedPage | undefined {
    const s = this.src;
    let i = this.ws(0);
    if (s[i] !== OPEN_OBJECT) throw UNEXPECTED;
    i = this.ws(i + 1);
    let items = -1;
    let count = 0;
    let next: unknown;
    if (s[i] === CLOSE_OBJECT) return undefined;
    for (;;) {
      if (s[i] !== QUOTE) throw UNEXPECTED;
      const nameEnd = this.stringEnd(i);
      const isEnvelope = this.nameIs(i + 1, nameEnd - 1, this.envelope);
      const isNext = !isEnvelope && this.nameIs(i + 1, nameEnd - 1, NEXT);
      i = this.ws(nameEnd);
      if (s[i] !== COLON) throw UNEXPECTED;
      i = this.ws(i + 1);
      if (isEnvelope) {
        // Anything but an array (null, an object) gets the parsed path's answer.
        if (s[i] !== OPEN_ARRAY) return undefined;
        items = 0;
        i = this.ws(i + 1);
        if (s[i] === CLOSE_ARRAY) i++;
        else {
          for (;;) {
            if (s[i] !== OPEN_OBJECT) throw UNEXPECTED;
            const start = this.o;
            this.kept = true;
            this.write(this.head);
            i = this.object(i, this.plan, true);
            this.write(tail);
            items++;
            if (this.kept) count++;
            else this.o = start;
            i = this.ws(i);
            if (s[i] === COMMA) { i = this.ws(i + 1); continue; }
            if (s[i] === CLOSE_ARRAY) { i++; break; }
            throw UNEXPECTED;
          }
        }
      } else {
        const end = this.valueEnd(i);
        if (isNext) next = JSON.parse(s.toString('utf8', i, end));
        i = end;
      }
      i = this.ws(i);
      if (s[i] === COMMA) { i = this.ws(i + 1); continue; }
      if (s[i] === CLOSE_OBJECT) break;
      throw UNEXPECTED;
    }
    if (this.ws(i + 1) !== s.length) throw UNEXPECTED;
    if (items < 0) return undefined;
    // Each name left out is reported once per encoder, with the first page it was seen on (the log names it once per stream anyway).
    const dropped = [...this.dropped];
    this.dropped.clear();
    return { records: { bytes: this.out.subarray(0, this.o), count, dropped }, items, next };
  }

  /**
   * Writes the object at `i` by `plan`; returns the index after it. Consecutive fields kept as
   * the API sent them (with the commas between them) are copied as one run.
   */
  private object(start: number, plan: ObjectPlan, top: boolean): number {
    const s = this.src;
    this.byte(OPEN_OBJECT);
    let i = this.ws(start + 1);
    let wrote = false;
    let keepSeen = false;
    let runStart = -1;
    let runEnd = -1;
    let position = 0;
    if (s[i] !== CLOSE_OBJECT) {
      for (;;) {
        if (s[i] !== QUOTE) throw UNEXPECTED;
        const fieldStart = i;
        const nameStart = i + 1;
        let nameEnd: number;
        let field: FieldPlan | undefined;
        let h = 0;
        const guess = plan.order[position];
        if (guess !== undefined && guess !== null && s[nameStart + guess.nameBytes.length] === QUOTE && this.nameIs(nameStart, nameStart + guess.nameBytes.length, guess.nameBytes)) {
          field = guess;
          nameEnd = nameStart + guess.nameBytes.length;
          h = guess.hash;
        } else {
          // The name's hash, computed while looking for its end; escapes and non-ASCII bytes are not expected.
          let j = nameStart;
          for (;; j++) {
            const c = s[j];
            if (c === QUOTE) break;
            if (c === undefined || c === BACKSLASH || c >= 0x80) throw UNEXPECTED;
            h = (Math.imul(h, 31) + c) | 0;
          }
          nameEnd = j;
          const found = plan.fields.get(h);
          field = found !== undefined && this.nameIs(nameStart, nameEnd, found.nameBytes) ? found : undefined;
          plan.order[position] = field ?? null;
        }
        position++;
        i = this.ws(nameEnd + 1);
        if (s[i] !== COLON) throw UNEXPECTED;
        i = this.ws(i + 1);
        if (top && this.keepName !== undefined && this.nameIs(nameStart, nameEnd, this.keepName)) {
          keepSeen = true;
          this.kept = this.keeps(i, field);
        }
        const replaced = top && this.extraKeys.size > 0 && this.extraKeys.has(h);
        if (!replaced && (field !== undefined ? this.unchanged(i, field) : plan.open)) {
          if (runStart < 0) runStart = fieldStart;
          i = this.valueEnd(i);
          runEnd = i;
        } else {
          if (runStart >= 0) {
            if (wrote) this.byte(COMMA);
            this.copy(runStart, runEnd);
            wrote = true;
            runStart = -1;
          }
          if (replaced) {
            // The extra field of the same name takes its place.
            i = this.valueEnd(i);
          } else if (field !== undefined) {
            if (wrote) this.byte(COMMA);
            this.write(field.keyBytes);
            i = this.value(i, field);
            wrote = true;
          } else {
            this.leftOut(plan, h, nameStart, nameEnd);
            i = this.valueEnd(i);
          }
        }
        i = this.ws(i);
        if (s[i] === COMMA) { i = this.ws(i + 1); continue; }
        if (s[i] === CLOSE_OBJECT) break;
        throw UNEXPECTED;
      }
    }
    if (runStart >= 0) {
      if (wrote) this.byte(COMMA);
      this.copy(runStart, runEnd);
      wrote = true;
    }
    if (top && this.keepValues !== undefined && !keepSeen) this.kept = this.keepValues.has('undefined');
    // The extra fields close the record (without their leading comma when the item had no field).
    if (top && this.extra.length > 0) this.write(wrote ? this.extra : this.extra.subarray(1));
    this.byte(CLOSE_OBJECT);
    return i + 1;
  }

  /** Whether `field`'s plan leaves the value at `i` as the API sent it, judged by its first byte. */
  private unchanged(i: number, field: ValuePlan): boolean {
    const c = this.src[i];
    if (c === OPEN_OBJECT) return field.object === undefined;
    if (c === OPEN_ARRAY) return field.elements === undefined;
    if (c === QUOTE) return field.op !== 'integer' && field.op !== 'url';
    return field.op !== 'text';
  }

  /**
   * Notes an undeclared field for the log. Its name is decoded the first time this encoder meets
   * it at this place (by hash: a collision could only leave a name out of the log, never data in).
   */
  private leftOut(plan: ObjectPlan, hash: number, nameStart: number, nameEnd: number): void {
    let seen = this.seenLeftOut.get(plan);
    if (seen === undefined) {
      seen = new Set();
      this.seenLeftOut.set(plan, seen);
    }
    if (seen.has(hash)) return;
    seen.add(hash);
    this.dropped.add(childPath(plan.path, this.src.toString('latin1', nameStart, nameEnd)));
  }

  /** Whether the record passes the `keep` filter, judged on the value at `i` after its Shape. */
  private keeps(i: number, field: FieldPlan | undefined): boolean {
    const value: unknown = JSON.parse(this.src.toString('utf8', i, this.valueEnd(i)));
    return this.keepValues?.has(String(CHANGES[field?.op ?? 'copy'](value))) ?? true;
  }

  /** Writes the value at `i` by `plan`; returns the index after it. */
  private value(i: number, plan: ValuePlan): number {
    const s = this.src;
    const c = s[i];
    if (c === OPEN_OBJECT) {
      if (plan.object !== undefined) return this.object(i, plan.object, false);
    } else if (c === OPEN_ARRAY) {
      if (plan.elements !== undefined) return this.array(i, plan.elements);
    } else if (c === QUOTE) {
      if (plan.op === 'integer') return this.integerOf(i);
      if (plan.op === 'url') return this.url(i);
    } else if (plan.op === 'text' && (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39))) {
      const end = this.valueEnd(i);
      // A plain non-negative integer's text is its string; anything else goes through Number (1e3, 1.50, -0).
      if (this.plainDigits(i, end, true)) {
        this.byte(QUOTE);
        this.copy(i, end);
        this.byte(QUOTE);
      } else {
        this.rewrite(i, end, CHANGES.text);
      }
      return end;
    }
    const end = this.valueEnd(i);
    this.copy(i, end);
    return end;
  }

  private array(start: number, elements: ValuePlan): number {
    const s = this.src;
    this.byte(OPEN_ARRAY);
    let i = this.ws(start + 1);
    if (s[i] === CLOSE_ARRAY) {
      this.byte(CLOSE_ARRAY);
      return i + 1;
    }
    let first = true;
    for (;;) {
      if (!first) this.byte(COMMA);
      first = false;
      i = this.ws(this.value(i, elements));
      if (s[i] === COMMA) { i = this.ws(i + 1); continue; }
      if (s[i] === CLOSE_ARRAY) break;
      throw UNEXPECTED;
    }
    this.byte(CLOSE_ARRAY);
    return i + 1;
  }

  /** A string holding a safe integer is written as the number; any other string as it is. */
  private integerOf(i: number): number {
    const s = this.src;
    const end = this.stringEnd(i);
    const first = s[i + 1] === 0x2d ? i + 2 : i + 1;
    // The number's text is the string's text (and "-0" is no integer's text).
    if (this.plainDigits(first, end - 1, first === i + 1)) this.copy(i + 1, end - 1);
    // Only these can still hold a safe integer: escaped digits, long or zero-led digit strings.
    else if (end - 1 - first > 15 || s[first] === 0x30 || s.subarray(first, end - 1).includes(BACKSLASH)) this.rewrite(i, end, CHANGES.integer);
    else this.copy(i, end);
    return end;
  }

  /**
   * Whether [start, end) is 1 to 15 digits without a leading zero (a lone "0" allowed when
   * `zero`): text that Number reads and String writes back unchanged.
   */
  private plainDigits(start: number, end: number, zero: boolean): boolean {
    const s = this.src;
    const n = end - start;
    if (n < 1 || n > 15 || (s[start] === 0x30 && !(zero && n === 1))) return false;
    for (let k = start; k < end; k++) if ((s[k] as number) < 0x30 || (s[k] as number) > 0x39) return false;
    return true;
  }

  /** A URL string without its credentials: only a string with an "@" after a "/" or an escape can hold any. */
  private url(i: number): number {
    const s = this.src;
    const end = this.stringEnd(i);
    let suspect = false;
    let at = false;
    for (let k = i + 1; k < end - 1; k++) {
      const c = s[k];
      if (c === 0x2f || c === BACKSLASH) suspect = true;
      else if (c === AT && suspect) { at = true; break; }
    }
    if (at) this.rewrite(i, end, CHANGES.url);
    else this.copy(i, end);
    return end;
  }

  /** The value in [start, end) decoded, changed by `change`, and written again (or copied when unchanged). */
  private rewrite(start: number, end: number, change: (value: unknown) => unknown): void {
    const value: unknown = JSON.parse(this.src.toString('utf8', start, end));
    const changed = change(value);
    if (changed === value) this.copy(start, end);
    else this.write(Buffer.from(JSON.stringify(changed), 'utf8'));
  }

  private nameIs(start: number, end: number, name: Buffer): boolean {
    if (end - start !== name.length) return false;
    const s = this.src;
    for (let k = 0; k < name.length; k++) if (s[start + k] !== name[k]) return false;
    return true;
  }

  private ws(i: number): number {
    const s = this.src;
    let c = s[i];
    while (c === SPACE || c === TAB) c = s[++i];
    return i;
  }

  /** The index after the string that opens at `i`. */
  private stringEnd(i: number): number {
    const s = this.src;
    const n = s.length;
    for (let k = i + 1; k < n; k++) {
      const c = s[k] as number;
      if (c === QUOTE) return k + 1;
      if (c === BACKSLASH) k++;
      else if (c < 0x20) throw UNEXPECTED;
    }
    throw UNEXPECTED;
  }

  /** The index after the value that starts at `i`: a string, an object or array (nesting and strings skipped), or a bare word. */
  private valueEnd(i: number): number {
    const s = this.src;
    const c = s[i];
    if (c === QUOTE) return this.stringEnd(i);
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      // Each closing bracket must match its opening one: a value is never copied unbalanced.
      const open = this.openers;
      let depth = 0;
      for (let k = i; ; k++) {
        const b = s[k];
        if (b === QUOTE) k = this.stringEnd(k) - 1;
        else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
          if (depth === open.length) throw UNEXPECTED;
          open[depth++] = b;
        } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
          // In ASCII a closing bracket is its opening one plus 2.
          if (open[--depth] !== b - 2) throw UNEXPECTED;
          if (depth === 0) return k + 1;
        } else if (b === undefined) throw UNEXPECTED;
      }
    }
    let k = i;
    for (;;) {
      const b = s[k];
      if (b === undefined || b === COMMA || b === CLOSE_OBJECT || b === CLOSE_ARRAY || b === SPACE || b === TAB || b === COLON) break;
      if (b === QUOTE || b === OPEN_OBJECT || b === OPEN_ARRAY) throw UNEXPECTED;
      k++;
    }
    if (k === i) throw UNEXPECTED;
    return k;
  }

  private room(n: number): void {
    if (this.o + n <= this.out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.o + n));
    this.out.copy(bigger, 0, 0, this.o);
    this.out = bigger;
  }

  private byte(b: number): void {
    this.room(1);
    this.out[this.o++] = b;
  }

  private write(bytes: Buffer): void {
    this.room(bytes.length);
    if (bytes.length > 16) {
      this.out.set(bytes, this.o);
      this.o += bytes.length;
      return;
    }
    const out = this.out;
    let o = this.o;
    for (let k = 0; k < bytes.length; k++) out[o++] = bytes[k] as number;
    this.o = o;
  }

  private copy(start: number, end: number): void {
    const n = end - start;
    this.room(n);
    if (n > 64) {
      this.src.copy(this.out, this.o, start, end);
      this.o += n;
      return;
    }
    const s = this.src;
    const out = this.out;
    let o = this.o;
    for (let k = start; k < end; k++) out[o++] = s[k] as number;
    this.o = o;
  }
}
