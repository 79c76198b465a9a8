import type { MetricsPeriod } from '../../config.js';

/**
 * Absolute bucket starts for metrics series, so a row keeps its key from one sync to the next.
 *
 * Version 1 metrics (period + steps) count buckets back from the bucket holding "now", aligned in
 * US Eastern time (days at 00:00, weeks on Sunday 00:00, months on the 1st, hours on the hour).
 * The last element is the current, partial bucket. We take "now" as the time the request was
 * sent and derive each bucket's start in America/New_York, then express it in UTC. Version 2
 * (res + start/end) buckets are aligned in the `tz` we send, UTC.
 */

export const V1_MAX_STEPS: Record<MetricsPeriod, number> = { hours: 24, days: 45, weeks: 12, months: 121 };

const EASTERN = 'America/New_York';

interface Wall { y: number; mo: number; d: number; h: number }

const formatters = new Map<string, Intl.DateTimeFormat>();
function wallParts(ms: number, timeZone: string): Wall & { weekday: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts['weekday'] ?? 'Sun');
  return { y: Number(parts['year']), mo: Number(parts['month']), d: Number(parts['day']), h: Number(parts['hour']), weekday };
}

/** The UTC instant at which the wall clock of `timeZone` shows `wall` (first match across a DST change). */
function wallToUtc(wall: Wall, timeZone: string): number {
  const asUtc = Date.UTC(wall.y, wall.mo - 1, wall.d, wall.h);
  let guess = asUtc;
  for (let i = 0; i < 3; i++) {
    const seen = wallParts(guess, timeZone);
    const offset = Date.UTC(seen.y, seen.mo - 1, seen.d, seen.h) - guess;
    guess = asUtc - offset;
  }
  return guess;
}

/** Moves a wall time by n periods on the calendar (Date.UTC normalises overflowing fields). */
function shiftWall(w: Wall, period: MetricsPeriod, n: number): Wall {
  const t = new Date(Date.UTC(w.y, w.mo - 1 + (period === 'months' ? n : 0), w.d + (period === 'days' ? n : period === 'weeks' ? 7 * n : 0), w.h + (period === 'hours' ? n : 0)));
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours() };
}

function floorWall(w: Wall & { weekday: number }, period: MetricsPeriod): Wall {
  switch (period) {
    case 'hours': return { y: w.y, mo: w.mo, d: w.d, h: w.h };
    case 'days': return { y: w.y, mo: w.mo, d: w.d, h: 0 };
    case 'weeks': return shiftWall({ y: w.y, mo: w.mo, d: w.d, h: 0 }, 'days', -w.weekday);
    case 'months': return { y: w.y, mo: w.mo, d: 1, h: 0 };
  }
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Start (ISO UTC) of each of `steps` v1 buckets, oldest first, for a request sent at nowSeconds. */
export function v1BucketStarts(period: MetricsPeriod, steps: number, nowSeconds: number, timeZone = EASTERN): string[] {
  const current = floorWall(wallParts(nowSeconds * 1000, timeZone), period);
  return Array.from({ length: steps }, (_, i) => iso(wallToUtc(shiftWall(current, period, i - (steps - 1)), timeZone)));
}

/** A v2 request covering the same buckets as v1's maximum, in UTC: [start, end) and each bucket start. */
export function v2Range(period: MetricsPeriod, steps: number, nowSeconds: number): { start: number; end: number; starts: string[] } {
  const starts = v1BucketStarts(period, steps, nowSeconds, 'UTC');
  const first = Date.parse(starts[0] as string) / 1000;
  return { start: first, end: nowSeconds, starts };
}
