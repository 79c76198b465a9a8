import type { JsonObject } from '../../json.js';
import { lowerBound } from '../cursor.js';
import { paginate } from '../paginate.js';
import type { ReadContext, StreamRun, WindowStream } from '../types.js';
import type { WindowPosition } from '../state/window.js';
import { parseWindowState } from '../state/window.js';

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

/**
 * Reads deliveries created in [from, to] through start_ts/end_ts, oldest window first, and
 * reports progress after every page so a killed sync resumes at that page.
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
  let start = resume?.start ?? range.from;
  let token = resume?.next;
  let gone = false;
  // The message types chosen: with one, the API filters; with several, the records are kept here.
  const types = ctx.config.messageTypes;
  const build = ctx.records.of(def);
  while (start <= range.to && !gone) {
    const end = Math.min(start + def.windowDays * 86_400 - 1, range.to);
    for await (const page of paginate({
      client: ctx.client,
      method: 'GET',
      path,
      envelope: def.envelope,
      pagination: def.pagination,
      query: { ...def.query, ...def.configQuery?.(ctx.config), start_ts: start, end_ts: end },
      startAt: token,
      tag: def.name,
      ...(onNotFound ? { onNotFound: () => { gone = true; onNotFound(); } } : {}),
    })) {
      const records: JsonObject[] = [];
      for (const item of page.items) {
        const record = build(item, extra);
        if (record !== undefined && (types.length === 0 || types.includes(String(record['type'])))) records.push(record);
      }
      if (records.length > 0) yield { type: 'records', data: records };
      if (page.next !== undefined) yield { type: 'progress', position: { start, next: page.next } };
    }
    token = undefined;
    start = end + 1;
    if (start <= range.to) yield { type: 'progress', position: { start } };
  }
  yield { type: 'progress', position: undefined };
}
