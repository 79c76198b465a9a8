import type { ResolvedConfig } from '../config.js';
import { isObject, type JsonObject } from '../json.js';

/** Cursor values are unix seconds; anything else (missing, a string) is treated as unknown. */
export function cursorValue(record: JsonObject, field: string): number | undefined {
  const v = record[field];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The cursor values of the items of a page that have one. */
export function itemTimes(items: readonly unknown[], field: string): number[] {
  return items.flatMap((i) => (isObject(i) ? cursorValue(i, field) ?? [] : []));
}

export function stateNumber(state: JsonObject | undefined, field: string): number | undefined {
  const v = state?.[field];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  // Accept ISO strings too: a hand-written or migrated state may carry them.
  if (typeof v === 'string' && v !== '') {
    const asNumber = Number(v);
    if (Number.isFinite(asNumber)) return asNumber;
    const parsed = Date.parse(v);
    if (!Number.isNaN(parsed)) return Math.floor(parsed / 1000);
  }
  return undefined;
}

/**
 * The lowest cursor value an incremental read keeps, for every kind of read: the saved cursor
 * minus the lookback, never below `floor` (start_date, or the history a windowed read reaches
 * back to); on a first sync, `floor` itself (undefined: read all).
 */
export function lowerBound(saved: number | undefined, lookbackSeconds: number, floor: number | undefined): number | undefined {
  if (saved !== undefined) return Math.max(saved - lookbackSeconds, floor ?? -Infinity);
  return floor;
}

/** The cursor values an incremental read keeps, both ends included; an absent end does not limit. */
export interface CursorRange { lower: number | undefined; upper: number | undefined }

/**
 * What an incremental read of a list filtered client-side keeps: from the saved cursor minus the
 * lookback (start_date on a first sync) up to end_date.
 */
export function clientRange(saved: number | undefined, config: ResolvedConfig): CursorRange {
  return { lower: lowerBound(saved, config.lookbackSeconds, config.startDate), upper: config.endDate };
}

/** Whether a record with this cursor value is kept; no range keeps all. */
export function inRange(value: number | undefined, range: CursorRange | undefined): boolean {
  // A record without a cursor value is kept: dropping it would lose data silently.
  return value === undefined || range === undefined || withinBounds(value, range.lower, range.upper);
}

/** Whether a cursor value lies within [lower, upper]; an absent bound does not limit. */
export function withinBounds(value: number, lower: number | undefined, upper: number | undefined): boolean {
  return (lower === undefined || value >= lower) && (upper === undefined || value <= upper);
}

export function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}
