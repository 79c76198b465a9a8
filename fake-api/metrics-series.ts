// Time buckets and deterministic metric values for the metrics endpoints (API.md §3).
// Values are a hash of (path, bucket start) so the same request always answers the same.
// Buckets are UTC (the real v1 API uses Eastern time; only determinism matters here).
import { badRequest } from './errors.js';
import { hashString } from './random.js';

export type Period = 'hours' | 'days' | 'weeks' | 'months';

export const MAX_STEPS: Readonly<Record<Period, number>> = { hours: 24, days: 45, weeks: 12, months: 121 };

export function defaultSteps(period: Period): number {
  return period === 'months' ? 12 : MAX_STEPS[period];
}

const RESOLUTION_ALIASES: Readonly<Record<string, Period>> = {
  hours: 'hours',
  hourly: 'hours',
  days: 'days',
  daily: 'days',
  weeks: 'weeks',
  weekly: 'weeks',
  months: 'months',
  monthly: 'months',
};

/** v2 `res` / journey `resolution`: accepts both "days" and "daily" spellings. */
export function parseResolution(raw: string, name: string): Period {
  const period = RESOLUTION_ALIASES[raw];
  if (!period) throw badRequest(`\`${name}\` must be one of ${Object.keys(RESOLUTION_ALIASES).join(', ')}.`);
  return period;
}

const HOUR = 3600;
const DAY = 86400;

export function floorToBucket(ts: number, period: Period): number {
  switch (period) {
    case 'hours':
      return ts - (((ts % HOUR) + HOUR) % HOUR);
    case 'days':
      return ts - (((ts % DAY) + DAY) % DAY);
    case 'weeks': {
      // Weeks start on Sunday; 1970-01-01 was a Thursday (weekday 4).
      const day = Math.floor(ts / DAY);
      const weekday = (((day + 4) % 7) + 7) % 7;
      return (day - weekday) * DAY;
    }
    case 'months': {
      const d = new Date(ts * 1000);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
    }
  }
}

/** Moves a bucket start by `n` buckets (n may be negative). */
export function shiftBuckets(bucketStart: number, period: Period, n: number): number {
  switch (period) {
    case 'hours':
      return bucketStart + n * HOUR;
    case 'days':
      return bucketStart + n * DAY;
    case 'weeks':
      return bucketStart + n * 7 * DAY;
    case 'months': {
      const d = new Date(bucketStart * 1000);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1) / 1000;
    }
  }
}

/** v1: the `steps` buckets ending with the current (partial) one, oldest first. */
export function lastBuckets(now: number, period: Period, steps: number): number[] {
  const current = floorToBucket(now, period);
  return Array.from({ length: steps }, (_, i) => shiftBuckets(current, period, i - (steps - 1)));
}

/** v2: buckets from start (floored) up to end (exclusive); always at least one. */
export function bucketsBetween(start: number, end: number, period: Period): number[] {
  const buckets = [floorToBucket(start, period)];
  for (;;) {
    const next = shiftBuckets(buckets[buckets.length - 1] as number, period, 1);
    if (next >= end) return buckets;
    buckets.push(next);
  }
}

/** "2025-01-01 00:00:00 +0000 UTC", the echo format of v2 metrics. */
export function formatUtc(ts: number): string {
  return `${new Date(ts * 1000).toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`;
}

/** Share of `sent` each series gets; `sent` itself is the base. */
const SERIES_RATIOS: Readonly<Record<string, number>> = {
  sent: 1,
  delivered: 0.95,
  opened: 0.4,
  human_opened: 0.3,
  clicked: 0.1,
  converted: 0.03,
  bounced: 0.02,
  unsubscribed: 0.01,
  spammed: 0.005,
  failed: 0.01,
  topic_unsubscribed: 0.01,
  tracking_consent_granted: 0.2,
  human_clicked: 0.08,
  machine_clicked: 0.02,
};

export const STANDARD_SERIES = [
  'sent',
  'delivered',
  'opened',
  'clicked',
  'converted',
  'bounced',
  'unsubscribed',
  'spammed',
  'failed',
  'human_opened',
] as const;

/** Some parents report one series outside the usual list, so clients meet unknown keys. */
export function seriesNamesFor(path: string): string[] {
  const h = hashString(path) % 3;
  if (h === 0) return [...STANDARD_SERIES, 'topic_unsubscribed'];
  if (h === 1) return [...STANDARD_SERIES, 'tracking_consent_granted'];
  return [...STANDARD_SERIES];
}

function metricValue(path: string, name: string, bucketStart: number): number {
  const sent = hashString(`${path}|${bucketStart}`) % 200;
  const noise = (hashString(`${path}|${name}|${bucketStart}`) % 1000) / 1000;
  return Math.floor(sent * (SERIES_RATIOS[name] ?? 0.05) + noise);
}

export type Series = Record<string, number[]>;

export function buildSeries(path: string, names: readonly string[], bucketStarts: readonly number[]): Series {
  const series: Series = {};
  for (const name of names) series[name] = bucketStarts.map((b) => metricValue(path, name, b));
  return series;
}

/** The alternative shape some clients parse: one object per step instead of one array per metric. */
export function seriesAsList(series: Series, steps: number): Record<string, number>[] {
  return Array.from({ length: steps }, (_, i) => {
    const row: Record<string, number> = {};
    for (const [name, values] of Object.entries(series)) row[name] = values[i] ?? 0;
    return row;
  });
}
