/*
 * How a delivery window is split so that its pages are not one serial chain. Each page's token
 * comes from the answer before it, so one chain sends one request per round trip: at 400 ms a
 * chain reaches 2.5 of the 10 requests a second the API allows. Once the first page of a window
 * says how dense the window is, the rest is cut into slices read side by side, as many as the
 * round trip needs to keep the rate busy, and few enough that their partial last pages stay a
 * small part of the window's requests. Slices are independent start_ts/end_ts ranges, so they
 * lose nothing whatever the pages hold; the split only assumes that pages come newest first (the
 * order the API serves) to decide where the first chain may stop.
 */
import { cursorValue } from '../cursor.js';
import type { JsonObject } from '../../json.js';
import type { WindowSlice } from '../state/window.js';

/** Chains of one window read at once, at most. */
export const MAX_SLICES = 8;
/** A slice is added per this many pages a window is expected to hold: each adds up to one partial page, so at most 5 % more requests. */
export const PAGES_PER_SLICE = 20;

export interface FirstPage {
  /** The window the page was asked for, inclusive unix seconds. */
  start: number;
  end: number;
  /** Its records' cursor values, in the order served. */
  times: readonly number[];
  /** The page size asked for. */
  limit: number;
  /** The page's token; undefined when the window fits in one page. */
  next: string | undefined;
  /** How long the page took to come, ms. */
  latencyMs: number;
  requestsPerSecond: number;
}

/** Chains that keep `rps` requests a second busy when each answer takes `latencyMs`. */
export function chainsForLatency(requestsPerSecond: number, latencyMs: number): number {
  return Math.max(1, Math.ceil(requestsPerSecond * (latencyMs / 1000) * 1.2));
}

/**
 * The slices the rest of a window is read in after its first page: one, the first chain going
 * on, when the window is small, the answers fast or the order not newest first; else the first
 * chain going on for the newest part (keeping what is at or after its `from`) and fresh ranges
 * for the older parts, of equal length.
 */
export function sliceWindow(page: FirstPage): WindowSlice[] {
  const going = (from?: number): WindowSlice => ({ start: page.start, end: page.end, ...(page.next === undefined ? {} : { next: page.next }), ...(from === undefined ? {} : { from }) });
  if (page.next === undefined || page.times.length === 0) return [];
  const newestFirst = page.times.every((t, i) => i === 0 || t <= (page.times[i - 1] as number));
  const oldest = page.times[page.times.length - 1] as number;
  if (!newestFirst || oldest <= page.start) return [going()];
  // The first page covered [oldest, end] with `limit` records; the rest [start, oldest] is assumed as dense.
  const pagesLeft = ((oldest - page.start + 1) / Math.max(1, page.end - oldest + 1)) * (page.times.length / page.limit);
  const count = Math.min(MAX_SLICES, Math.ceil(pagesLeft / PAGES_PER_SLICE), chainsForLatency(page.requestsPerSecond, page.latencyMs));
  if (count <= 1) return [going()];
  const width = Math.ceil((oldest - page.start + 1) / count);
  const bounds = Array.from({ length: count }, (_, i) => page.start + i * width);
  const last = bounds[count - 1] as number;
  // The first chain keeps the newest slice, [last, end]; the others start fresh.
  const fresh = bounds.slice(0, -1).map((start, i): WindowSlice => ({ start, end: (bounds[i + 1] as number) - 1 }));
  return [going(last), ...fresh];
}

/** The records of a slice's page it keeps, and whether the slice is done with this page (newest first: wholly older than `from`). */
export function keptOfPage(slice: WindowSlice, records: JsonObject[], field: string): { kept: JsonObject[]; past: boolean } {
  const from = slice.from;
  // Most slices keep everything: the page as it is, on the path every page takes.
  if (from === undefined) return { kept: records, past: false };
  const kept: JsonObject[] = [];
  let past = false;
  for (const r of records) {
    const t = cursorValue(r, field);
    if (t !== undefined && t < from) past = true;
    else kept.push(r);
  }
  return { kept, past };
}
