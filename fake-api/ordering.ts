// The orderings the paged endpoints serve in, and cheap checks that the dataset still has them.
import type { Activity, Delivery, Person } from './types.js';

export type Compare<T> = (a: T, b: T) => number;

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Messages newest first: created desc, then id desc. */
export const newestDeliveryFirst: Compare<Delivery> = (a, b) => b.created - a.created || compareStrings(b.id, a.id);

/** Activities newest first: timestamp desc, then id desc. */
export const newestActivityFirst: Compare<Activity> = (a, b) =>
  b.timestamp - a.timestamp || compareStrings(b.id, a.id);

/** People by cio_id ascending, the order of people search and segment membership. */
export const byCioId: Compare<Person> = (a, b) => compareStrings(a.identifiers.cio_id, b.identifiers.cio_id);

interface VerifiedOrder {
  length: number;
  first: unknown;
  last: unknown;
  compare: unknown;
}

/** Arrays already checked, with a signature cheap enough to re-check on every request. */
const verified = new WeakMap<readonly unknown[], VerifiedOrder>();

/**
 * Returns `items` itself when sorted, or a sorted copy when a test broke the order by hand; never
 * reorders the caller's array. The O(n) check touches every object (~4 ms for 100k messages), so
 * it is redone only when the array's length or ends change, which covers the mutate.ts helpers and
 * pushes; an in-place edit that keeps both must be followed by sortDataset().
 */
export function sortedView<T>(items: readonly T[], compare: Compare<T>): readonly T[] {
  const known = verified.get(items);
  if (
    known &&
    known.compare === compare &&
    known.length === items.length &&
    known.first === items[0] &&
    known.last === items[items.length - 1]
  ) {
    return items;
  }
  for (let i = 1; i < items.length; i++) {
    if (compare(items[i - 1] as T, items[i] as T) > 0) return [...items].sort(compare);
  }
  verified.set(items, { length: items.length, first: items[0], last: items[items.length - 1], compare });
  return items;
}

/** First index whose item satisfies `isPast`, given that `isPast` is false then true along the array. */
export function firstIndexWhere<T>(items: readonly T[], isPast: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isPast(items[mid] as T)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Inserts into an array already sorted by `compare`, keeping it sorted. */
export function insertSorted<T>(items: T[], item: T, compare: Compare<T>): void {
  const at = firstIndexWhere(items, (existing) => compare(existing, item) > 0);
  items.splice(at, 0, item);
}
