/** What the bulk routes ask of a set of ids: whether an id is in it, how many there are, and all of them in order. */
export interface IdLookup {
  readonly size: number;
  has(id: string): boolean;
  sorted(): SortedIds;
}

/** An empty slot of the index. */
const EMPTY = -1;
/** Bytes of an id's length before its bytes in the arena. */
const LENGTH_BYTES = 2;
const MAX_ID_BYTES = 0xffff;

/**
 * A set of ids (cio_ids of a people search) held as UTF-8 bytes in one growing arena, with an
 * open-addressing index of their offsets. A million 20-character ids take about 30 MB, off the
 * V8 heap; a Set of strings took about 55 MB on it, and the collector let the heap grow to about
 * twice that before collecting.
 */
export class IdSet implements IdLookup {
  private arena = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  private index = new Int32Array(1 << 10).fill(EMPTY);
  private count = 0;
  /** The bytes of the id being looked up or added: no allocation per call. */
  private scratch = Buffer.allocUnsafe(256);

  get size(): number {
    return this.count;
  }

  has(id: string): boolean {
    const length = this.encode(id);
    return length <= MAX_ID_BYTES && this.index[this.slotOf(length)] !== EMPTY;
  }

  /** Adds `id`; false when it was there already. Ids longer than 65,535 bytes are refused. */
  add(id: string): boolean {
    const length = this.encode(id);
    if (length > MAX_ID_BYTES) throw new RangeError(`an id of ${length} bytes is longer than an IdSet holds`);
    const slot = this.slotOf(length);
    if (this.index[slot] !== EMPTY) return false;
    this.reserve(LENGTH_BYTES + length);
    this.arena.writeUInt16LE(length, this.used);
    this.scratch.copy(this.arena, this.used + LENGTH_BYTES, 0, length);
    this.index[slot] = this.used;
    this.used += LENGTH_BYTES + length;
    this.count += 1;
    // At most half full, so that probes stay short.
    if (this.count * 2 > this.index.length) this.rehash();
    return true;
  }

  /** The ids in ascending order of their UTF-8 bytes (code point order), read one at a time: 4 bytes an id. */
  sorted(): SortedIds {
    const offsets = new Int32Array(this.count);
    let n = 0;
    for (let at = 0; at < this.used; at += LENGTH_BYTES + this.arena.readUInt16LE(at)) offsets[n++] = at;
    const arena = this.arena;
    offsets.sort((a, b) => compareAt(arena, a, b));
    return new SortedIds(arena, offsets, this.scratch);
  }

  /** Writes `id` to the scratch bytes and returns their length. */
  private encode(id: string): number {
    const length = Buffer.byteLength(id, 'utf8');
    if (length > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(length, this.scratch.length * 2));
    return this.scratch.write(id, 0, 'utf8');
  }

  /** The slot holding the scratch id, or the empty slot where it would go. */
  private slotOf(length: number): number {
    const mask = this.index.length - 1;
    let slot = hash(this.scratch, 0, length) & mask;
    for (;;) {
      const at = this.index[slot] ?? EMPTY;
      if (at === EMPTY || this.equalsScratch(at, length)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private equalsScratch(at: number, length: number): boolean {
    if (this.arena.readUInt16LE(at) !== length) return false;
    const start = at + LENGTH_BYTES;
    return this.arena.compare(this.scratch, 0, length, start, start + length) === 0;
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.arena.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + bytes));
    this.arena.copy(grown, 0, 0, this.used);
    this.arena = grown;
  }

  private rehash(): void {
    const index = new Int32Array(this.index.length * 2).fill(EMPTY);
    const mask = index.length - 1;
    for (let at = 0; at < this.used;) {
      const length = this.arena.readUInt16LE(at);
      let slot = hash(this.arena, at + LENGTH_BYTES, length) & mask;
      while (index[slot] !== EMPTY) slot = (slot + 1) & mask;
      index[slot] = at;
      at += LENGTH_BYTES + length;
    }
    this.index = index;
  }
}

/** Ids in ascending byte order, each decoded when asked for, so that a million of them are not a million strings. */
export class SortedIds {
  constructor(private readonly arena: Buffer, private readonly offsets: Int32Array, private scratch: Buffer) {}

  get length(): number {
    return this.offsets.length;
  }

  at(index: number): string {
    const at = this.offsets[index] ?? 0;
    return this.arena.toString('utf8', at + LENGTH_BYTES, at + LENGTH_BYTES + this.arena.readUInt16LE(at));
  }

  /** How many ids sort at or before `id` (in the same byte order). */
  countThrough(id: string): number {
    if (Buffer.byteLength(id, 'utf8') > this.scratch.length) this.scratch = Buffer.allocUnsafe(Buffer.byteLength(id, 'utf8'));
    const length = this.scratch.write(id, 0, 'utf8');
    let low = 0;
    let high = this.offsets.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const at = this.offsets[mid] ?? 0;
      const start = at + LENGTH_BYTES;
      if (this.arena.compare(this.scratch, 0, length, start, start + this.arena.readUInt16LE(at)) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** The byte order of the ids at offsets a and b of the arena. */
function compareAt(arena: Buffer, a: number, b: number): number {
  const aStart = a + LENGTH_BYTES;
  const bStart = b + LENGTH_BYTES;
  return arena.compare(arena, bStart, bStart + arena.readUInt16LE(b), aStart, aStart + arena.readUInt16LE(a));
}

/** FNV-1a over bytes: cheap, and spreads hex ids that differ in their last characters. */
function hash(bytes: Buffer, start: number, length: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < start + length; i++) h = Math.imul(h ^ (bytes[i] ?? 0), 0x01000193);
  return h >>> 0;
}
