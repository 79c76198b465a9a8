import { sliceReader } from '../custom/windows.js';
import type { ReadContext, WindowStream } from '../types.js';

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
