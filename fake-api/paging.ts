// Cursor pagination. Tokens are opaque base64 (like the "MDox" in Customer.io's examples) of
// either an offset or the sort key of the last item served. `next` is "" on the last page.
import { badRequest } from './errors.js';
import { firstIndexWhere } from './ordering.js';
import type { JsonValue } from './types.js';

export interface Page<T> {
  page: T[];
  next: string;
}

export function encodeCursor(parts: JsonValue[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64');
}

/** Decodes a token made by encodeCursor; `kind` is its first element. Bad tokens are a 400. */
export function decodeCursor(token: string, kind: string): JsonValue[] {
  try {
    // A client that forgets to URL-encode '+' sends a space; accept it rather than fail obscurely.
    const parts: unknown = JSON.parse(Buffer.from(token.replace(/ /g, '+'), 'base64').toString('utf8'));
    if (Array.isArray(parts) && parts[0] === kind) return parts as JsonValue[];
  } catch {
    // fall through to the 400
  }
  throw badRequest('The `start` cursor is invalid.');
}

/** Offset paging for small per-parent lists. */
export function pageByOffset<T>(items: readonly T[], start: string | undefined, limit: number): Page<T> {
  let offset = 0;
  if (start) {
    const [, value] = decodeCursor(start, 'o');
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw badRequest('The `start` cursor is invalid.');
    offset = value;
  }
  const page = items.slice(offset, offset + limit);
  const end = offset + page.length;
  return { page, next: end < items.length ? encodeCursor(['o', end]) : '' };
}

export interface NewestFirstQuery<T> {
  /** Sorted newest first by (time desc, id desc). */
  items: readonly T[];
  timeOf: (item: T) => number;
  idOf: (item: T) => string;
  start: string | undefined;
  limit: number;
  /** Inclusive time bounds. */
  newest?: number;
  oldest?: number;
  matches: (item: T) => boolean;
}

/**
 * Keyset paging over a newest-first array: binary search to the resume point, then scan.
 * The cursor is the last served (time, id), so items added meanwhile never shift a page.
 */
export function pageNewestFirst<T>(q: NewestFirstQuery<T>): Page<T> {
  let from = 0;
  if (q.newest !== undefined) {
    const newest = q.newest;
    from = firstIndexWhere(q.items, (item) => q.timeOf(item) <= newest);
  }
  if (q.start) {
    const [, time, id] = decodeCursor(q.start, 'k');
    if (typeof time !== 'number' || typeof id !== 'string') throw badRequest('The `start` cursor is invalid.');
    const after = firstIndexWhere(q.items, (item) => {
      const t = q.timeOf(item);
      return t < time || (t === time && q.idOf(item) < id);
    });
    from = Math.max(from, after);
  }
  const oldest = q.oldest ?? -Infinity;
  const page: T[] = [];
  for (let i = from; i < q.items.length; i++) {
    const item = q.items[i] as T;
    if (q.timeOf(item) < oldest) break;
    if (!q.matches(item)) continue;
    if (page.length === q.limit) {
      // Another match exists, so there is a next page.
      const last = page[page.length - 1] as T;
      return { page, next: encodeCursor(['k', q.timeOf(last), q.idOf(last)]) };
    }
    page.push(item);
  }
  return { page, next: '' };
}

export interface AscendingQuery<T> {
  /** Sorted ascending by keyOf. */
  items: readonly T[];
  keyOf: (item: T) => string;
  start: string | undefined;
  limit: number;
  matches: (item: T) => boolean;
}

/** Keyset paging over an array sorted by a string key ascending (people by cio_id). */
export function pageAscendingByKey<T>(q: AscendingQuery<T>): Page<T> {
  let from = 0;
  if (q.start) {
    const [, key] = decodeCursor(q.start, 'a');
    if (typeof key !== 'string') throw badRequest('The `start` cursor is invalid.');
    from = firstIndexWhere(q.items, (item) => q.keyOf(item) > key);
  }
  const page: T[] = [];
  for (let i = from; i < q.items.length; i++) {
    const item = q.items[i] as T;
    if (!q.matches(item)) continue;
    if (page.length === q.limit) {
      const last = page[page.length - 1] as T;
      return { page, next: encodeCursor(['a', q.keyOf(last)]) };
    }
    page.push(item);
  }
  return { page, next: '' };
}
