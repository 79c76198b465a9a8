import type { JsonObject } from '../../json.js';
import { cursorValue, lowerBound } from '../cursor.js';
import { paginate } from '../paginate.js';
import { recordsOf } from '../records.js';
import type { ReadContext, StreamRun, WindowStream } from '../types.js';
import type { WindowPosition, WindowSlice } from '../state/window.js';
import { parseWindowState } from '../state/window.js';
import { keptOfPage, sliceWindow } from './slices.js';
import { chainsInFlight, readWindowPool, type SliceReader, type WindowEvent } from './window-pool.js';

export type { SlicePage, SliceReader, WindowEvent } from './window-pool.js';

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

/**
 * Reads deliveries created in [from, to] through start_ts/end_ts windows, oldest first. The first
 * page of each window decides how the rest of it is read: on, by the same chain, or in slices
 * read side by side (slices.ts); windows overlap in one pool of chains (window-pool.ts). Progress
 * is reported after every page, so a killed sync resumes at the page each chain had reached.
 */
export function readWindows(
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
  let slices: WindowSlice[] = resume?.slices ?? [];
  // A chain saved by a build before slices: the rest of the window at `start`, as one slice.
  if (resume?.next !== undefined && slices.length === 0) {
    slices = [{ start, end: windowEnd(start), next: resume.next }];
    start = windowEnd(start) + 1;
  }
  let gone = false;
  const read = sliceReader(ctx, def, path, extra, onNotFound === undefined ? undefined : () => { gone = true; onNotFound(); });
  const rps = ctx.config.requestsPerSecond;
  return readWindowPool({ start, slices }, {
    to: range.to,
    windowEnd,
    read,
    split: (window, first) => sliceWindow({
      ...window, times: first.times(), limit: def.pagination.limit, next: first.next, latencyMs: ctx.client.latencyMs(), requestsPerSecond: rps,
    }),
    inFlight: () => chainsInFlight(rps, ctx.client.latencyMs()),
    gone: () => gone,
    probes: onNotFound === undefined ? 2 : 1,
  });
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
