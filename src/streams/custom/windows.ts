import type { JsonObject } from '../../json.js';
import { mergeConcurrent } from '../concurrent.js';
import { cursorValue, lowerBound } from '../cursor.js';
import { paginate } from '../paginate.js';
import { recordsOf } from '../records.js';
import type { ReadContext, StreamRun, WindowStream } from '../types.js';
import type { WindowPosition, WindowSlice } from '../state/window.js';
import { parseWindowState } from '../state/window.js';
import { keptOfPage, sliceWindow } from './slices.js';

/**
 * Without start_date a first sync reaches back 360 days: about the 12 months the delivery
 * endpoints serve, in two 6-month windows or one 12-month one.
 */
export const DEFAULT_HISTORY_SECONDS = 360 * 86_400 - 1;

/**
 * Where a windowed read starts and ends (inclusive unix seconds), from the state and config. It
 * ends at end_date when that comes before the sync; the default history still counts back from
 * the sync, since it is what the API retains.
 */
export function windowRange(ctx: ReadContext, run: StreamRun & { def: WindowStream }, saved = run.syncMode === 'incremental' ? parseWindowState(run.def.cursor, run.state).created : undefined): { from: number; to: number; saved: number | undefined } {
  const to = Math.min(ctx.syncStartedAt, ctx.config.endDate ?? Infinity);
  const floor = ctx.config.startDate ?? ctx.syncStartedAt - DEFAULT_HISTORY_SECONDS;
  return { from: lowerBound(saved, ctx.config.messagesLookbackSeconds, floor) as number, to, saved };
}

export type WindowEvent =
  | { type: 'records'; data: JsonObject[] }
  /** Everything up to `position` is emitted; `position` undefined means the whole range is done. */
  | { type: 'progress'; position: WindowPosition | undefined };

/** What a slice's chain reports: its kept records, then where it is (undefined: done). */
type SliceEvent = { type: 'records'; data: JsonObject[] } | { type: 'moved'; index: number; slice: WindowSlice | undefined };

/**
 * Reads deliveries created in [from, to] through start_ts/end_ts, oldest window first. The first
 * page of each window decides how the rest of it is read: on, by the same chain, or in slices
 * read side by side (slices.ts). Progress is reported after every page, so a killed sync resumes
 * at the page each chain had reached.
 */
export async function* readWindows(
  ctx: ReadContext,
  def: WindowStream,
  path: string,
  range: { from: number; to: number },
  resume: WindowPosition | undefined,
  extra: JsonObject | undefined,
  onNotFound?: () => void,
): AsyncGenerator<WindowEvent> {
  // As few windows as the API's cap allows, of equal width: a short last window would be a
  // chain too small to split, read at the pace of the round trip.
  const cap = def.windowDays * 86_400;
  const span = range.to - range.from + 1;
  const width = span <= 0 ? cap : Math.ceil(span / Math.ceil(span / cap));
  const windowEnd = (start: number) => Math.min(start + width - 1, range.to);
  let start = resume?.start ?? range.from;
  let pending: WindowSlice[] = resume?.slices ?? [];
  // A chain saved by a build before slices: the rest of the window at `start`, as one slice.
  if (resume?.next !== undefined && pending.length === 0) {
    pending = [{ start, end: windowEnd(start), next: resume.next }];
    start = windowEnd(start) + 1;
  }
  let gone = false;
  const read = sliceReader(ctx, def, path, extra, onNotFound === undefined ? undefined : () => { gone = true; onNotFound(); });
  for (;;) {
    if (pending.length > 0) yield* readSlices(pending, start, read);
    pending = [];
    if (start > range.to || gone) break;
    const end = windowEnd(start);
    let first: SlicePage | undefined;
    for await (const page of read.pages({ start, end })) {
      first = page;
      break;
    }
    if (first === undefined) break;
    if (first.records.length > 0) yield { type: 'records', data: first.records };
    pending = sliceWindow({
      start, end, times: first.times(), limit: def.pagination.limit, next: first.next, latencyMs: ctx.client.latencyMs(), requestsPerSecond: ctx.config.requestsPerSecond,
    });
    start = end + 1;
    if (pending.length > 0 || start <= range.to) yield { type: 'progress', position: { start, ...(pending.length > 0 ? { slices: pending } : {}) } };
  }
  yield { type: 'progress', position: undefined };
}

/** A page of a slice: the records it keeps (type filter, `from`), the cursor values of all its records (worked out when asked), the next token. */
export interface SlicePage { records: JsonObject[]; times: () => number[]; next: string | undefined }

export interface SliceReader {
  /** The pages of one slice from its token. */
  pages(slice: WindowSlice): AsyncGenerator<SlicePage>;
}

export function sliceReader(ctx: ReadContext, def: WindowStream, path: string, extra: JsonObject | undefined, onNotFound: (() => void) | undefined, tag: string = def.name): SliceReader {
  // The message types chosen: with one, the API filters; with several, the records are kept here.
  const types = ctx.config.messageTypes;
  const build = ctx.records.of(def);
  return {
    async *pages(slice) {
      for await (const page of paginate({
        client: ctx.client,
        method: 'GET',
        path,
        envelope: def.envelope,
        pagination: def.pagination,
        query: { ...def.query, ...def.configQuery?.(ctx.config), start_ts: slice.start, end_ts: slice.end },
        startAt: slice.next,
        tag,
        ...(onNotFound ? { onNotFound } : {}),
      })) {
        const all = recordsOf(build, page.items, extra);
        const { kept, past } = keptOfPage(slice, all, def.cursor);
        // Only a window's first page needs its times (to decide the split): worked out then, not for every page.
        const times = () => all.map((r) => cursorValue(r, def.cursor)).filter((t): t is number => t !== undefined);
        const records = types.length === 0 ? kept : kept.filter((r) => types.includes(String(r['type'])));
        // A chain past its `from` is done: what is older belongs to the slices below it.
        yield { records, times, next: past ? undefined : page.next };
        if (past) return;
      }
    },
  };
}

/** Reads `slices` side by side; after each page, the position is every unfinished slice where it stands. */
async function* readSlices(slices: readonly WindowSlice[], start: number, read: SliceReader): AsyncGenerator<WindowEvent> {
  const open = new Map<number, WindowSlice>(slices.map((slice, index) => [index, slice]));
  // Events are whole pages: a chain may run a page or two ahead of stdout, no more.
  const events = mergeConcurrent(slices.map((slice, index) => ({ slice, index })), slices.length, async ({ slice, index }, push: (e: SliceEvent) => Promise<void>) => {
    for await (const page of read.pages(slice)) {
      if (page.records.length > 0) await push({ type: 'records', data: page.records });
      await push({ type: 'moved', index, slice: page.next === undefined ? undefined : { ...slice, next: page.next } });
    }
  }, 4 * slices.length);
  for await (const e of events) {
    if (e.type === 'records') {
      yield e;
      continue;
    }
    if (e.slice === undefined) open.delete(e.index);
    else open.set(e.index, e.slice);
    const left = [...open.values()];
    yield { type: 'progress', position: { start, ...(left.length > 0 ? { slices: left } : {}) } };
  }
}
