import { itemTimes } from '../cursor.js';
import { activitiesQuery, activityPages } from '../custom/activities.js';
import { sliceReader } from '../custom/windows.js';
import type { NewestFirstStream, ReadContext, WindowStream } from '../types.js';

/** start_ts/end_ts windows a range takes at the stream's cap: the least a chain per person costs. */
export function windowsIn(def: WindowStream, range: { from: number; to: number }): number {
  const span = range.to - range.from + 1;
  return span <= 0 ? 1 : Math.ceil(span / (def.windowDays * 86_400));
}

/**
 * Pages the workspace-wide list takes over `range`, from one page of its newest window: the
 * deliveries it holds per second, spread over the whole range (a guess: sends are not even, but
 * the choice it feeds is between costs that differ by orders of magnitude).
 */
export async function estimatePages(ctx: ReadContext, def: WindowStream, range: { from: number; to: number }): Promise<number> {
  const windows = windowsIn(def, range);
  const start = Math.max(range.from, range.to - def.windowDays * 86_400 + 1);
  // The first page of the newest window, asked the way the read asks for it.
  for await (const page of sliceReader(ctx, def, def.path, undefined, undefined, `${def.name} (estimate)`).pages({ start, end: range.to })) {
    const times = page.times();
    const covered = page.next === undefined || times.length === 0 ? range.to - start + 1 : range.to - Math.min(...times) + 1;
    const perSecond = times.length / Math.max(1, covered);
    const deliveries = perSecond * (range.to - range.from + 1);
    return Math.ceil(deliveries / def.pagination.limit) + windows;
  }
  return windows;
}

/** What GET /v1/activities is documented to keep at least (BULK-ROUTES.md §2.3); a full read is guessed to reach that far. */
const ACTIVITY_RETENTION_SECONDS = 30 * 86_400;

/**
 * Pages the newest-first activities list takes down to `lower` (a full read: the retention), from
 * its first page: the activities it holds per second, spread over the range (a guess, like
 * estimatePages).
 */
export async function estimateActivityPages(ctx: ReadContext, def: NewestFirstStream, lower: number | undefined): Promise<number> {
  const to = ctx.syncStartedAt;
  const from = lower ?? to - ACTIVITY_RETENTION_SECONDS;
  for await (const page of activityPages(ctx, def, activitiesQuery(ctx, undefined), undefined, undefined, `${def.name} (estimate)`)) {
    if (page.next === undefined) return 1;
    const times = itemTimes(page.items, def.cursor);
    if (times.length === 0) return 1;
    const perSecond = times.length / Math.max(1, to - Math.min(...times) + 1);
    return Math.max(1, Math.ceil((perSecond * Math.max(0, to - from + 1)) / def.pagination.limit));
  }
  return 1;
}
